"""The careful reader's version, as the parse cache's header names it.

Read from ruamel.yaml's installed metadata, so that a run whose files all take
the fast path never imports ruamel.yaml (about a tenth of a cold run on a small
register). The same text as ``ruamel.yaml.__version__``; a test compares them.
"""

from __future__ import annotations

from importlib import metadata


def _ruamel_version() -> str:
    try:
        return metadata.version("ruamel.yaml")
    except metadata.PackageNotFoundError:  # no metadata (a vendored copy): ask the module
        from ruamel.yaml import __version__

        return str(__version__)


READER_VERSION = f"ruamel.yaml {_ruamel_version()} reader 2"
"""Changes when the data read from the same bytes could change (for caches).

The reader's own revision counts too: revision 2 refuses anchors, aliases, tags and
directives that revision 1 read.
"""

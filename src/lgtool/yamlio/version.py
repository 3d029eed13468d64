"""The careful reader's version, as the parse cache's header names it.

Read from the metadata of the ruamel.yaml that would be imported, so that a run
whose files all take the fast path never imports ruamel.yaml (about a tenth of a
cold run on a small register). The same text as ``ruamel.yaml.__version__``; a
test compares them.

The metadata is the ``Version:`` line of the ``.dist-info`` folder beside the
package, read directly: :func:`importlib.metadata.version` first looks through
the folders of every installed distribution. When that folder is not found
exactly once, :mod:`importlib.metadata` decides, and without metadata (a vendored
copy) the module is asked.
"""

from __future__ import annotations

import os
from importlib.util import find_spec


def _ruamel_version() -> str:
    found = _version_beside_package()
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version("ruamel.yaml")
    except metadata.PackageNotFoundError:  # no metadata (a vendored copy): ask the module
        from ruamel.yaml import __version__

        return str(__version__)


def _version_beside_package() -> str | None:
    """The ``Version:`` of the one ``ruamel.yaml`` distribution installed beside the package.

    The package is looked for as the import system would (the namespace package
    ``ruamel``'s folders in order), without importing either.
    """
    try:
        spec = find_spec("ruamel")
    except (ImportError, ValueError):
        return None
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    package = next((f for f in folders if os.path.isdir(os.path.join(f, "yaml"))), None)
    if package is None:
        return None
    site = os.path.dirname(package)
    try:
        names = [
            n
            for n in os.listdir(site)
            if n.endswith(".dist-info") and n.lower().startswith(("ruamel_yaml-", "ruamel.yaml-"))
        ]
    except OSError:
        return None
    if len(names) != 1:
        return None
    try:
        with open(os.path.join(site, names[0], "METADATA"), encoding="utf-8") as file:
            for line in file:
                if not line.strip():  # the end of the headers
                    break
                if line.startswith("Version:"):
                    return line.removeprefix("Version:").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
    return None


READER_VERSION = f"ruamel.yaml {_ruamel_version()} reader 2"
"""Changes when the data read from the same bytes could change (for caches).

The reader's own revision counts too: revision 2 refuses anchors, aliases, tags and
directives that revision 1 read.
"""

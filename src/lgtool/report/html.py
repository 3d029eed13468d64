"""The HTML report's own stylesheet and head: one self-contained file, no external requests.

Pandoc's default stylesheet sets the page to a 36em column, which hides the last
columns of the status tables; it is switched off (``-M document-css=false``) and
this sheet put in its place. Tables take the width their content needs (pandoc's
relative column widths are overridden), words never break inside, and a print
sheet sets A4 with whole rows and repeated header rows.
"""

from __future__ import annotations

import re
from html import escape

STYLESHEET = """
:root { color-scheme: light; }
html { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 16px;
  color: #1a1a1a; background: #fff; }
body { margin: 0 auto; max-width: 72rem; padding: 2rem 2.5rem 4rem; line-height: 1.45; }
h1, h2, h3, h4 { color: #0f4761; line-height: 1.2; font-weight: normal; }
h1 { font-size: 1.9rem; margin: 0 0 1rem; }
h2 { font-size: 1.5rem; margin: 2.2rem 0 0.6rem; }
h3 { font-size: 1.2rem; margin: 1.6rem 0 0.5rem; }
h4 { font-size: 1rem; font-style: italic; margin: 1.2rem 0 0.4rem; }
p, li { max-width: 48rem; }
blockquote { margin: 1rem 0; padding: 0.2rem 1rem; border-left: 4px solid #b8c7d6;
  background: #f3f6f9; max-width: 46rem; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.875rem;
  font-variant-numeric: tabular-nums; width: auto; max-width: 100%; }
col { width: auto !important; }
th, td { padding: 0.3rem 0.6rem; vertical-align: top; text-align: left;
  border-bottom: 1px solid #d9dee3; overflow-wrap: normal; word-break: normal;
  hyphens: manual; }
thead th { border-bottom: 2px solid #4a5560; vertical-align: bottom; font-weight: bold; }
tbody tr:nth-child(even) { background: #f7f9fa; }
td[style*="right"], th[style*="right"] { white-space: nowrap; }
td[style*="center"], th[style*="center"] { white-space: nowrap; }
ul, ol { padding-left: 1.6rem; }
.hel { white-space: nowrap; }
figure { margin: 1rem 0; }
figure img, figure svg { width: auto !important; max-width: min(100%, 46rem); height: auto; }
figcaption { font-size: 0.875rem; color: #4a5560; }
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  table { font-size: 8.5pt; page-break-inside: auto; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tbody tr:nth-child(even) { background: none; }
  blockquote { background: none; }
  a { color: inherit; text-decoration: none; }
}
""".strip()


def head(*, author: str, subject: str) -> str:
    """What goes into ``<head>``: the stylesheet and the document's properties."""
    return (
        f'<meta name="author" content="{escape(author)}" />\n'
        f'<meta name="description" content="{escape(subject)}" />\n'
        f"<style>\n{STYLESHEET}\n</style>\n"
    )


_HYPHENATED = re.compile(r"(?<![\w-])(\w+(?:-\w+)+)(?![\w-])")
"""A date (2025-12-31) or a compound with a hyphen (e-tjänster, IT-säkerhet)."""
_TAG = re.compile(r"(<[^>]*>)")


def keep_dates_whole(html: str) -> str:
    """Wrap each date and hyphenated word in a no-wrap span: '2025-12-31' never breaks.

    Browsers may break a line after a hyphen, even inside a date.
    """
    start = html.find("<body")
    if start < 0:
        return html
    parts = _TAG.split(html[start:])
    for i in range(0, len(parts), 2):  # even parts are text between tags
        parts[i] = _HYPHENATED.sub(r'<span class="hel">\1</span>', parts[i])
    return html[:start] + "".join(parts)

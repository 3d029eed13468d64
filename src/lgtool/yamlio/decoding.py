"""Bytes to text: strict UTF-8 (a BOM is accepted), a size limit, located errors."""

from __future__ import annotations

from lgtool.folder import MAX_FILE_BYTES, too_large_message
from lgtool.yamlio.errors import YamlError


def too_large(size: int) -> YamlError:
    """The problem of a file of ``size`` bytes, above :data:`MAX_FILE_BYTES`."""
    return YamlError(1, 1, "for-stor-fil", too_large_message(size))


def decode(raw: bytes) -> str:
    """Decode a register file's bytes, refusing what is not UTF-8 with its position."""
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(len(raw))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start]
        hint = (
            " – filen verkar vara sparad som Latin-1/Windows-1252 (t.ex. från Excel);"
            " spara den som UTF-8"
            if byte in _WINDOWS_1252_TYPICAL
            else " – spara filen som UTF-8"
        )
        raise YamlError(
            line, column, "kodning", f"filen är inte giltig UTF-8 (byte 0x{byte:02x}){hint}"
        ) from None


# The usual suspects when Excel or Windows saved the file: å ä ö Å Ä Ö é É ü Ü in
# Latin-1/Windows-1252, and Windows-1252's punctuation that word processors put in
# on their own (– — ‘ ’ “ ” … • € and the like, bytes 0x80-0x9f).
_WINDOWS_1252_TYPICAL = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9\xfc\xdc") | frozenset(
    b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)

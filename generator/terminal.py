"""Text for the terminal: data can hold control characters (an escape sequence that clears the screen or rewrites
what was printed, a carriage return, a bell). Everything Balises prints from data goes through `inert` at the edge.
"""

from __future__ import annotations

import re

# C0 controls but the line feed, DEL, C1 controls, and the bidirectional overrides that reorder what is shown.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` with every control character shown as its escape (`\\x1b`, `\\x0d`…): line feeds are kept."""
    return _CONTROL.sub(_escaped, text)

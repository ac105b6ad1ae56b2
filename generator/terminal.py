"""Text for the terminal: data can hold control characters (an escape sequence that clears the screen or rewrites
what was printed, a carriage return, a bell). Everything Balises prints from data goes through `inert` at the edge.
A line of a report that quotes the data goes through `one_line` too: a line feed in a name or a file name would
otherwise start a line of its own, one that could read as Balises' own (« OK : 26 fichier(s) valide(s) »).
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


def one_line(text: str) -> str:
    """`inert(text)` with its line feeds shown as `\\n` too: one line of a report, whatever the data holds."""
    return inert(text).replace("\n", "\\n")


def lines_text(lines: list[str]) -> str:
    """A report's own lines joined, each kept on one line."""
    return "\n".join(one_line(line) for line in lines)

"""Build plain data and positions straight from the YAML parser's events, in one loop without recursion.

No node tree is composed: aliases (`*nom`) and anchors (`&nom`) are refused where they are written, before
anything could be expanded (a few lines of nested aliases would otherwise expand to gigabytes), and nesting
deeper than `MAX_DEPTH` levels is refused as soon as it is reached (no RecursionError, whatever the depth).
Only the YAML 1.2 core types are recognised; everything else stays the string it was written as.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import ComposerError

from .diagnostics import Diagnostic

MAX_DEPTH = 64  # levels of lists and fields; the shipped data needs 8

_STR_TAG = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {_STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_DEFAULT_TAGS = {
    yaml.ScalarEvent: _STR_TAG,
    yaml.SequenceStartEvent: "tag:yaml.org,2002:seq",
    yaml.MappingStartEvent: "tag:yaml.org,2002:map",
}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_NUMBER_STARTS = frozenset("+-.0123456789")  # the first character of whatever `_INT` or `_FLOAT` match
# What no text of the data may hold, written as is or as an escape (« "\\e" », « "\\0" ») between double quotes:
# control characters other than tab, line feed and carriage return (« \\x85 », a line break in YAML, is allowed),
# the two non-characters of the Basic Plane, and halves of surrogate pairs (not text: no output can encode them).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class TooDeep(Exception):
    """The document nests deeper than `MAX_DEPTH`; the diagnostic is already recorded."""


class _Frame:
    """An open list or mapping: its value, its encoded path, and for a mapping the key awaiting its value."""

    __slots__ = ("container", "first_seen", "is_mapping", "key", "key_mark", "skip_value", "where")

    def __init__(self, container: Any, where: str) -> None:
        self.container = container
        self.where = where
        self.is_mapping = isinstance(container, dict)
        self.key: str | None = None
        self.key_mark: Any = None
        self.skip_value = False
        self.first_seen: dict[str, int] = {}


class TreeBuilder:
    """Reads one document's events from `loader` into plain values, positions and diagnostics.

    `positions` maps the encoded path of every value (see `yamlsource.step`) to its packed position: the
    0-based line and column of the value then of its key (of the item itself, in a list), 32 bits each.
    `usable` is false when the document must not be used (an alias, an anchor, too deep a nesting).
    """

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.diagnostics: list[Diagnostic] = []
        self.positions: dict[str, int] = {}
        self.usable = True

    def document(self, loader: Any) -> tuple[bool, Any]:
        """(found, data) of the single document of the stream; found is false for an empty stream."""
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return False, None
        first = loader.get_event()  # DocumentStart
        data = self._value(loader)
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            other = loader.get_event()
            raise ComposerError(
                "expected a single document in the stream",
                first.start_mark,
                "but found another document",
                other.start_mark,
            )
        return True, data

    def _value(self, loader: Any) -> Any:
        """The value of the node that starts at the next event, read iteratively (the hot loop of loading:
        an untagged scalar without anchor, the common case, is built right here)."""
        get_event, positions = loader.get_event, self.positions
        stack: list[_Frame] = []
        root: Any = None
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                if not stack:
                    return root
                continue
            parent = stack[-1] if stack else None
            if parent is None:
                where, key_mark = "", event.start_mark
            elif parent.skip_value:  # the value of a refused key
                parent.skip_value = False
                self._skip(loader, event)
                continue
            elif not parent.is_mapping:
                where, key_mark = f"{parent.where}i{len(parent.container)};", event.start_mark
            elif parent.key is None:
                if kind is yaml.ScalarEvent and event.anchor is None and event.value not in parent.first_seen:
                    parent.first_seen[event.value] = event.start_mark.line + 1  # a new field name
                    parent.key, parent.key_mark = event.value, event.start_mark
                else:
                    self._key(loader, parent, event)
                continue
            else:
                where, key_mark = f"{parent.where}k{len(parent.key)}:{parent.key}", parent.key_mark
            if kind is yaml.ScalarEvent and event.tag is None and event.anchor is None:
                mark = event.start_mark
                positions[where] = (
                    (mark.line << 96) | (mark.column << 64) | (key_mark.line << 32) | key_mark.column
                )
                value = event.value
                if not event.style:
                    value = _plain(value)
                elif event.style == '"' and CONTROL.search(value):
                    self._escaped_control(event)
            else:
                value = self._node(event, where, key_mark)
            if parent is None:
                root = value
            elif parent.is_mapping:
                parent.container[parent.key] = value
                parent.key = None
            else:
                parent.container.append(value)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    self._report(event, "yaml-profondeur", *TOO_DEEP)
                    raise TooDeep
                stack.append(_Frame(value, where))
            elif parent is None:
                return root

    def _node(self, event: Any, where: str, key_mark: Any) -> Any:
        """A new value for `event` (an empty list or dict for a collection), its position recorded."""
        mark = event.start_mark
        self.positions[where] = (
            (mark.line << 96) | (mark.column << 64) | (key_mark.line << 32) | key_mark.column
        )
        if isinstance(event, yaml.AliasEvent):
            self._alias(event)
            return None
        if event.anchor is not None:
            self._anchor(event)
        tag = event.tag if event.tag not in (None, "!") else _DEFAULT_TAGS[type(event)]
        if tag not in _KNOWN_TAGS:
            self._report(
                event,
                "yaml-etiquette",
                f"étiquette YAML non prise en charge : {tag}",
                "retirez l'étiquette (le « !… » devant la valeur)",
            )
        if isinstance(event, yaml.SequenceStartEvent):
            return []
        if isinstance(event, yaml.MappingStartEvent):
            return {}
        if event.style == '"' and CONTROL.search(event.value):
            self._escaped_control(event)
        if event.style or tag != _STR_TAG:  # quoted, block or tagged: a string as written
            return event.value
        return _plain(event.value)

    def _key(self, loader: Any, frame: _Frame, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent):
            self._alias(event)
            frame.skip_value = True
            return
        if not isinstance(event, yaml.ScalarEvent):
            self._report(event, "yaml-cle", "une clé doit être un simple nom de champ", "")
            self._skip(loader, event)
            frame.skip_value = True
            return
        if event.anchor is not None:
            self._anchor(event)
        key = event.value
        if key in frame.first_seen:
            self._report(
                event,
                "yaml-cle-dupliquee",
                f"le champ « {key} » apparaît deux fois (déjà à la ligne {frame.first_seen[key]})",
                "gardez une seule occurrence : la seconde écraserait la première",
            )
            frame.skip_value = True
            return
        frame.first_seen[key] = event.start_mark.line + 1
        frame.key, frame.key_mark = key, event.start_mark

    def _skip(self, loader: Any, event: Any) -> None:
        """Consume the rest of the node that starts at `event`, reporting its aliases and anchors."""
        depth = 1 if isinstance(event, _STARTS) else 0
        self._refused_in(event)
        while depth:
            event = loader.get_event()
            if isinstance(event, _STARTS):
                depth += 1
            elif isinstance(event, _ENDS):
                depth -= 1
            self._refused_in(event)

    def _refused_in(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif getattr(event, "anchor", None) is not None:
            self._anchor(event)

    def _alias(self, event: Any) -> None:
        self._report(
            event,
            "yaml-alias",
            f"alias YAML « *{event.anchor} » : les alias ne sont pas permis",
            "recopiez la valeur à cet endroit ; pour un texte qui commence par « * », mettez-le entre guillemets",
        )

    def _anchor(self, event: Any) -> None:
        self._report(
            event,
            "yaml-alias",
            f"ancre YAML « &{event.anchor} » : les ancres et alias ne sont pas permis",
            "retirez « &… » ; pour un texte qui commence par « & », mettez-le entre guillemets",
        )

    def _escaped_control(self, event: Any) -> None:
        char = CONTROL.search(event.value).group()  # type: ignore[union-attr]
        self._report(
            event,
            "caractere-controle",
            f"caractère de contrôle (U+{ord(char):04X}) écrit en échappement entre guillemets : aucun texte"
            " ne peut le contenir",
            "retirez la séquence « \\… » du texte (seuls « \\n » et « \\t » y ont un sens)",
        )

    def _report(self, event: Any, code: str, message: str, hint: str) -> None:
        if code == "yaml-alias" or code == "yaml-profondeur":
            self.usable = False
        mark = event.start_mark
        self.diagnostics.append(
            Diagnostic(self.rel, mark.line + 1, mark.column + 1, code, message, hint=hint)
        )


TOO_DEEP = (
    f"imbrication trop profonde : plus de {MAX_DEPTH} niveaux de listes ou de champs",
    "vérifiez les crochets et l'indentation : les données n'ont besoin que de quelques niveaux",
)


def _plain(value: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar, typed by the YAML 1.2 core rules."""
    if value in _NULLS:
        return None
    if value in _TRUES:
        return True
    if value in _FALSES:
        return False
    if value[0] not in _NUMBER_STARTS:  # not empty: "" is null
        return value
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value

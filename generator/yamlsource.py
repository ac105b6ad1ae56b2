"""Read one YAML file into plain data while keeping where every value came from.

YAML behaves like JSON here: only the YAML 1.2 core types are recognised (`null`, `true`/`false`, decimal integers
and floats); everything else — `NO`, `on`, `12:30`, `0700`, `2024-06-01` — stays the string it was written as.
Duplicate keys, tabs in indentation, a byte-order mark, non-UTF-8 bytes, an empty file and syntax errors are
reported as diagnostics, never as exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ComposeOnlyLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A loader whose plain scalars are all left untyped: we type them ourselves (YAML 1.2 core rules)."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012 - class-level table of PyYAML, emptied on purpose
    yaml_path_resolvers: dict = {}  # noqa: RUF012 - idem

    # With both tables empty, PyYAML's resolver gives every node the default tag of its kind: say so
    # directly, as the composer asks for every node.
    def resolve(self, kind: type, value: Any, implicit: Any) -> str | None:
        return _DEFAULT_TAGS.get(kind)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_DEFAULT_TAGS = {
    yaml.ScalarNode: _BaseLoader.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: _BaseLoader.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: _BaseLoader.DEFAULT_MAPPING_TAG,
}


_STR_TAG = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {_STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_NUMBER_STARTS = frozenset("+-.0123456789")  # the first character of whatever `_INT` or `_FLOAT` match

Path = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The data of one file, and where each of its values and keys starts, to locate them on demand.

    `positions` maps the `step`-encoded path of every value to its packed position (see `_unpack`). It holds
    only strings and integers, which the cyclic garbage collector never scans: a large dataset kept in
    memory as node trees (a dozen objects per value) made every later collection slow.
    """

    data: Any
    positions: dict[str, int]

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key when `key` is true.

        When the path leads nowhere (a missing field), the position of the deepest existing parent is returned.
        """
        where = ""  # the deepest existing path walked so far
        for part in path:
            encoded = step(part)
            if encoded is None or where + encoded not in self.positions:
                break
            where += encoded
        line, column, key_line, key_column = _unpack(self.positions[where])
        if key and where:  # the root has no key
            return (key_line + 1, key_column + 1)
        return (line + 1, column + 1)


def step(part: Any) -> str | None:
    """One step of an encoded path: a field name (`k<length>:<name>`) or a list index (`i<index>;`).

    Distinct paths give distinct strings. Any other kind of step leads nowhere (None).
    """
    if isinstance(part, str):
        return f"k{len(part)}:{part}"
    if isinstance(part, int):  # a bool too, as the index it equals
        return f"i{int(part)};"
    return None


def _unpack(packed: int) -> tuple[int, int, int, int]:
    """The 0-based line and column of a value then of its key (of the item itself, in a list), each packed
    in 32 bits of one integer."""
    mask = 0xFFFFFFFF
    return (packed >> 96, (packed >> 64) & mask, (packed >> 32) & mask, packed & mask)


@dataclass
class ReadResult:
    document: YamlDocument | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_yaml(raw: bytes, rel: str) -> ReadResult:
    """Decode and parse `raw` (the bytes of the file `rel`), never raising on bad input."""
    text, diagnostics = _decode(raw, rel)
    if text is None:
        return ReadResult(None, diagnostics)
    diagnostics = list(_tabs(text, rel))
    if diagnostics:
        return ReadResult(None, diagnostics)
    loader = _ComposeOnlyLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return ReadResult(None, [_syntax_diagnostic(exc, rel)])
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error carries marks
        return ReadResult(None, [Diagnostic(rel, 1, 1, "yaml-syntaxe", f"YAML illisible : {exc}")])
    finally:
        loader.dispose()
    if root is None:
        return ReadResult(
            None,
            [
                Diagnostic(
                    rel,
                    1,
                    1,
                    "fichier-vide",
                    "le fichier est vide (ou ne contient que des commentaires)",
                    hint="complétez-le (sa forme est décrite dans le dossier schemas/) ou supprimez-le",
                )
            ],
        )
    builder = _Builder(rel)
    data = builder.build(root, "", root.start_mark)
    return ReadResult(YamlDocument(data, builder.positions), builder.diagnostics)


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Diagnostic(
                rel,
                1,
                1,
                "bom",
                "le fichier commence par une marque d'ordre d'octets (BOM)",
                hint="enregistrez le fichier en « UTF-8 » sans BOM (dans votre éditeur : Encodage → UTF-8)",
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Diagnostic(
                rel,
                1,
                1,
                "encodage",
                "le fichier est encodé en UTF-16, pas en UTF-8",
                hint="enregistrez le fichier en « UTF-8 » (dans votre éditeur : Encodage → UTF-8)",
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            Diagnostic(
                rel,
                line,
                column,
                "encodage",
                f"octet {raw[exc.start]:#04x} invalide en UTF-8 (le fichier est sans doute en Latin-1 ou Windows-1252)",
                hint="enregistrez le fichier en « UTF-8 » (dans votre éditeur : Encodage → UTF-8)",
            )
        ]


def _tabs(text: str, rel: str) -> Iterator[Diagnostic]:
    if "\t" not in text:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            yield Diagnostic(
                rel,
                number,
                indent.index("\t") + 1,
                "yaml-tabulation",
                "tabulation dans l'indentation : YAML n'accepte que des espaces",
                hint="remplacez la tabulation par des espaces (2 espaces par niveau)",
            )


_SYNTAX_MESSAGES = [
    ("could not find expected ':'", "il manque « : » après un nom de champ", "écrivez « champ: valeur »"),
    (
        "mapping values are not allowed",
        "« : » inattendu : une valeur contient sans doute « : » ou l'indentation est décalée",
        'mettez la valeur entre guillemets ("…") ou alignez l\'indentation sur le champ précédent',
    ),
    (
        "did not find expected key",
        "indentation incohérente ou champ mal formé",
        "alignez ce champ sur les autres champs du même niveau (2 espaces par niveau)",
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste mal aligné",
        "alignez les « - » de la liste les uns sous les autres",
    ),
    (
        "found character that cannot start any token",
        "caractère inattendu en début de valeur",
        'mettez la valeur entre guillemets ("…")',
    ),
    (
        "found unexpected end of stream",
        "fin de fichier inattendue : un guillemet ou un crochet n'est pas refermé",
        "refermez le guillemet ou le crochet ouvert",
    ),
    (
        "found undefined alias",
        "alias YAML (*nom) inconnu",
        "n'utilisez pas d'alias : recopiez la valeur",
    ),
    (
        "expected a single document",
        "le fichier contient plusieurs documents YAML (séparés par « --- »)",
        "gardez un seul document par fichier",
    ),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles", ""),
    (
        "found unexpected ':'",
        "« : » inattendu",
        'mettez la valeur entre guillemets ("…")',
    ),
    (
        "did not find expected node content",
        "valeur attendue mais absente ou mal formée",
        "vérifiez la ponctuation (virgules, crochets, guillemets) de cette ligne",
    ),
    (
        "did not find expected ',' or ']'",
        "liste entre crochets mal formée",
        "séparez les éléments par des virgules et refermez le crochet",
    ),
    (
        "did not find expected ',' or '}'",
        "objet entre accolades mal formé",
        "séparez les champs par des virgules et refermez l'accolade",
    ),
]


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, rel: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    unclosed = ("end of stream", "expected ',' or ']'", "expected ',' or '}'")
    if any(text in (exc.problem or "") for text in unclosed) and exc.context_mark is not None:
        mark = exc.context_mark  # where the unclosed quote or bracket was opened, not where parsing gave up
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or ""
    for needle, message, hint in _SYNTAX_MESSAGES:
        if needle in problem or needle in (exc.context or ""):
            return Diagnostic(
                rel, line, column, "yaml-syntaxe", f"syntaxe YAML invalide : {message}", hint=hint
            )
    return Diagnostic(
        rel,
        line,
        column,
        "yaml-syntaxe",
        f"syntaxe YAML invalide ({problem or exc.context})",
        hint="vérifiez l'indentation et les guillemets de cette ligne",
    )


class _Builder:
    """Turns a node tree into plain Python values and positions, reporting duplicate keys and unsupported tags."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.diagnostics: list[Diagnostic] = []
        self.positions: dict[str, int] = {}
        self._stack: set[int] = set()

    def build(self, node: yaml.Node, where: str, key_mark: yaml.Mark) -> Any:
        """The value of `node`, found at encoded path `where` (see `step`), its key (or itself, in a list)
        at `key_mark`."""
        mark = node.start_mark  # packed as `_unpack` reads it
        self.positions[where] = (
            (mark.line << 96) | (mark.column << 64) | (key_mark.line << 32) | key_mark.column
        )
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _KNOWN_TAGS:
                self._unknown_tag(node)
            if node.style or node.tag != _STR_TAG:  # quoted, block or tagged: a string as written
                return node.value
            return _plain(node.value)
        if id(node) in self._stack:
            self._report(
                node, "yaml-alias", "alias YAML récursif", "n'utilisez pas d'alias : recopiez la valeur"
            )
            return None
        self._stack.add(id(node))
        try:
            if node.tag not in _KNOWN_TAGS:
                self._unknown_tag(node)
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.build(item, f"{where}i{i};", item.start_mark) for i, item in enumerate(node.value)
                ]
            return self._mapping(node, where)
        finally:
            self._stack.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, where: str) -> dict:
        result: dict = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._report(key_node, "yaml-cle", "une clé doit être un simple nom de champ", "")
                continue
            key = key_node.value
            if key in first_seen:
                self._report(
                    key_node,
                    "yaml-cle-dupliquee",
                    f"le champ « {key} » apparaît deux fois (déjà à la ligne {first_seen[key]})",
                    "gardez une seule occurrence : la seconde écraserait la première",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, f"{where}k{len(key)}:{key}", key_node.start_mark)
        return result

    def _unknown_tag(self, node: yaml.Node) -> None:
        self._report(
            node,
            "yaml-etiquette",
            f"étiquette YAML non prise en charge : {node.tag}",
            "retirez l'étiquette (le « !… » devant la valeur)",
        )

    def _report(self, node: yaml.Node, code: str, message: str, hint: str) -> None:
        mark = node.start_mark
        self.diagnostics.append(
            Diagnostic(self.rel, mark.line + 1, mark.column + 1, code, message, hint=hint)
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

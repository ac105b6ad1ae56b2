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


_STR_TAG = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {_STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}

Path = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The data of one file and its node tree, to find the line and column of any value on demand."""

    data: Any
    root: yaml.Node | None

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key when `key` is true.

        When the path leads nowhere (a missing field), the position of the deepest existing parent is returned.
        """
        node = self.root
        key_node = None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        target = key_node if key and key_node is not None else node
        if target is None:
            return (1, 1)
        return (target.start_mark.line + 1, target.start_mark.column + 1)


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
    data = builder.build(root, ())
    return ReadResult(YamlDocument(data, root), builder.diagnostics)


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
    if "end of stream" in (exc.problem or "") and exc.context_mark is not None:
        mark = exc.context_mark  # where the unclosed quote or bracket was opened, not the end of the file
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
    """Turns a node tree into plain Python values, reporting duplicate keys and unsupported tags."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.diagnostics: list[Diagnostic] = []
        self._stack: set[int] = set()

    def build(self, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self._stack:
            self._report(
                node, "yaml-alias", "alias YAML récursif", "n'utilisez pas d'alias : recopiez la valeur"
            )
            return None
        self._stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node)
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self._stack.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        self._check_tag(node)
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
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        self._check_tag(node)
        value = node.value
        if node.style not in (None, "") or node.tag != _STR_TAG:
            return value
        if value in _NULLS:
            return None
        if value in _TRUES:
            return True
        if value in _FALSES:
            return False
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        return value

    def _check_tag(self, node: yaml.Node) -> None:
        if node.tag not in _KNOWN_TAGS:
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


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return key_node, value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return item, item
    return None

"""Read one YAML file into plain data while keeping where every value came from.

YAML behaves like JSON here: only the YAML 1.2 core types are recognised (`null`, `true`/`false`, decimal integers
and floats); everything else — `NO`, `on`, `12:30`, `0700`, `2024-06-01` — stays the string it was written as.
Duplicate keys, tabs in indentation, aliases and anchors, nesting too deep, control characters, UTF-16 or other
non-UTF-8 bytes, an empty file and syntax errors are reported as diagnostics, never as exceptions. The UTF-8
byte-order mark that Windows editors write is accepted. The values are built by `yamltree`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .yamltree import CONTROL, TOO_DEEP, TooDeep, TreeBuilder

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
    builder = TreeBuilder(rel)
    try:
        found, data = builder.document(loader)
    except yaml.MarkedYAMLError as exc:
        return ReadResult(None, [*builder.diagnostics, _syntax_diagnostic(exc, rel)])
    except TooDeep:
        return ReadResult(None, builder.diagnostics)
    finally:
        loader.dispose()
    if not found:
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
    document = YamlDocument(data, builder.positions) if builder.usable else None
    return ReadResult(document, builder.diagnostics)


_UTF8_BOM = b"\xef\xbb\xbf"
_ENCODING_HINT = "enregistrez le fichier en « UTF-8 » (dans votre éditeur : Encodage → UTF-8)"


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of `raw`, without the UTF-8 byte-order mark Windows editors write; or why it cannot be read."""
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]  # positions are counted after it, as editors show them
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        return None, [
            Diagnostic(
                rel, 1, 1, "encodage", "le fichier est encodé en UTF-16, pas en UTF-8", hint=_ENCODING_HINT
            )
        ]
    text, diagnostics = _utf8(raw, rel)
    if text is None:
        return None, diagnostics
    control = CONTROL.search(text)
    if control is not None:
        before = text[: control.start()]
        line, column = before.count("\n") + 1, control.start() - (before.rfind("\n") + 1) + 1
        return None, [
            Diagnostic(
                rel,
                line,
                column,
                "caractere-controle",
                f"caractère de contrôle invisible (U+{ord(control.group()):04X}) : YAML ne l'accepte pas",
                hint="supprimez ce caractère (souvent collé depuis un traitement de texte ou un PDF),"
                " ou réenregistrez le fichier en UTF-8",
            )
        ]
    return text, []


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without its byte-order mark: text in Latin script then has a NUL in every other byte."""
    sample = raw[:200]
    odd, even = sample[1::2], sample[::2]
    return b"\x00" in sample and (odd.count(0) * 2 >= len(odd) or even.count(0) * 2 >= len(even))


def _utf8(raw: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
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
                hint=_ENCODING_HINT,
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
        "expected a single document",
        "le fichier contient plusieurs documents YAML (séparés par « --- »)",
        "gardez un seul document par fichier",
    ),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles", ""),
    (
        "found invalid Unicode character escape code",
        "séquence « \\u… » invalide entre guillemets doubles",
        "écrivez le caractère lui-même plutôt que son code",
    ),
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
    if "maximum nesting depth" in problem:  # libyaml's own limit, met while it looks ahead
        return Diagnostic(rel, line, column, "yaml-profondeur", TOO_DEEP[0], hint=TOO_DEEP[1])
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

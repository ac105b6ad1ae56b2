"""The « Guide des coachs »: the catalogue of diagnostic codes is complete (a scan of the validation modules finds
no uncatalogued code, no catalogued code is dead), every schema property is described, the field reference is
fresh (golden file), and the pages' links, anchors and examples hold."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import posixpath
import re
import shutil
from datetime import date

import markdown
import pytest
import yaml
from conftest import ROOT
from golden import assert_golden

from generator.diagnostics import Diagnostic
from generator.error_codes import COMPUTED_PREFIX, catalogue, code_groups, schema_keyword_codes
from generator.layout import KINDS
from generator.load import located
from generator.pipeline import load_model
from generator.render_guidance import render_guidance
from generator.render_guide import SAMPLE, render_guide
from generator.schemas import SchemaSet
from generator.validate import validate
from generator.yamlsource import read_yaml

GENERATOR = ROOT / "generator"
VALIDATION_MODULES = (
    "yamlsource",
    "yamltree",
    "load",
    "schema_check",
    "references",
    "rules",
    "rules_territories",
    "rules_logigram",
    "rules_contacts",
    "validate",
    "serve",  # the live preview shows its own failures (engine, internal error) as diagnostics in the page
)
NOT_VALIDATION = {"render_guide"}  # builds an illustrative sample of diagnostics, checked below
PAGES = ("guide/index.md", "guide/champs.md", "guide/erreurs.md")
EXTENSIONS = ["tables", "attr_list", "admonition", "def_list", "md_in_html", "toc", "fenced_code"]


# --- the scan of the validation modules ----------------------------------------------------------------------


@dataclasses.dataclass
class Scan:
    codes: dict[str, set[str]] = dataclasses.field(default_factory=dict)  # literal code → severities
    prefixes: set[str] = dataclasses.field(default_factory=set)  # f"schema-{keyword}" → "schema-"
    unknown: list[str] = dataclasses.field(default_factory=list)  # code expressions the scan cannot read


def _code_index(params: list[str]) -> int | None:
    return params.index("code") if "code" in params else None


# Callables that take a diagnostic code, with the position of their `code` argument.
EMITTERS = {
    "Diagnostic": _code_index([f.name for f in dataclasses.fields(Diagnostic)]),
    "located": _code_index(list(inspect.signature(located).parameters)),
}


def _local_emitters(tree: ast.Module) -> dict[str, int]:
    """Functions of a module that take a `code` parameter (e.g. schema_check's `at`, yamlsource's `_report`)."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            params = [a.arg for a in node.args.posonlyargs + node.args.args]
            index = _code_index(params[1:] if params[:1] == ["self"] else params)
            if index is not None:
                found[node.name] = index
    return found


def _is_warning(call: ast.Call) -> bool:
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg == "warning" and isinstance(value, ast.Constant) and value.value is True:
            return True
        if keyword.arg == "severity" and isinstance(value, ast.Attribute) and value.attr == "WARNING":
            return True
    return any(isinstance(a, ast.Attribute) and a.attr == "WARNING" for a in call.args)


def _calls(tree: ast.Module) -> list[tuple[ast.Call, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            found.append((node, name))
    return found


class _Scanner(ast.NodeVisitor):
    """Reads the code argument of every call to an emitter, knowing the parameters of the enclosing function."""

    def __init__(self, module: str, emitters: dict[str, int], scan: Scan) -> None:
        self.module, self.emitters, self.scan = module, emitters, scan
        self.params: list[set[str]] = [set()]

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        args = node.args
        self.params.append({a.arg for a in args.posonlyargs + args.args + args.kwonlyargs})
        self.generic_visit(node)
        self.params.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in self.emitters:
            index = self.emitters[name]
            keyword = next((k.value for k in node.keywords if k.arg == "code"), None)
            expr = keyword if keyword is not None else node.args[index] if len(node.args) > index else None
            if expr is not None:  # absent: the callee's default, itself scanned where the callee uses it
                severity = "avertissement" if _is_warning(node) else "erreur"
                self.read(expr, severity, f"{self.module}.py:{node.lineno}")
        self.generic_visit(node)

    def read(self, expr: ast.expr, severity: str, where: str) -> None:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self.scan.codes.setdefault(expr.value, set()).add(severity)
        elif isinstance(expr, ast.JoinedStr):
            head = ""
            for part in expr.values:
                if not isinstance(part, ast.Constant):
                    break
                head += str(part.value)
            self.scan.prefixes.add(head) if head else self.scan.unknown.append(where)
        elif isinstance(expr, ast.BoolOp):
            for value in expr.values:
                self.read(value, severity, where)
        elif isinstance(expr, ast.Name) and expr.id == "code" and "code" in self.params[-1]:
            pass  # the enclosing emitter passes its own `code` parameter on: its callers are scanned
        elif not (
            isinstance(expr, ast.Attribute) and expr.attr == "code"
        ):  # `d.code`: a diagnostic re-emitted
            self.scan.unknown.append(where)


def scan_source(source: str, name: str, scan: Scan) -> None:
    tree = ast.parse(source)
    _Scanner(name, {**EMITTERS, **_local_emitters(tree)}, scan).visit(tree)


def scan_module(name: str, scan: Scan) -> None:
    scan_source((GENERATOR / f"{name}.py").read_text(encoding="utf-8"), name, scan)


@pytest.fixture(scope="module")
def scan() -> Scan:
    found = Scan()
    for name in VALIDATION_MODULES:
        scan_module(name, found)
    return found


def test_the_scan_reads_every_emitting_call(scan):
    assert not scan.unknown, f"codes the scan cannot read (write a literal): {scan.unknown}"
    assert scan.prefixes == {COMPUTED_PREFIX}
    # a smoke test of the scan itself: codes of every shape it must find
    for code in (
        "yaml-alias",
        "encodage",
        "yaml-cle-dupliquee",
        "champ-inconnu",
        "reference-inconnue",
        "fiche-ancienne",
    ):
        assert code in scan.codes
    assert scan.codes["fiche-ancienne"] == {"avertissement"}


def test_the_scan_finds_codes_in_every_shape_and_flags_what_it_cannot_read():
    source = """
def rule(source):
    yield located(source, ("id",), "nouveau-code", "message", warning=True)
    yield Diagnostic("f", 0, 0, code="autre-code", message="m")
    code = "cache"
    yield located(source, (), code, "message")
    yield located(source, (), f"prefixe-{source}", "message")

def helper(path, message, code=""):
    return located(SOURCE, path, code or "par-defaut", message)

def rule2():
    yield helper((), "message", "via-helper")
"""
    found = Scan()
    scan_source(source, "synthetic", found)
    assert found.codes == {
        "nouveau-code": {"avertissement"},
        "autre-code": {"erreur"},
        "par-defaut": {"erreur"},
        "via-helper": {"erreur"},
    }
    assert found.prefixes == {"prefixe-"}
    assert found.unknown == ["synthetic.py:6"]  # a local variable: not a parameter passed on


def test_every_module_that_emits_diagnostics_is_scanned():
    for path in sorted(GENERATOR.glob("*.py")):
        if path.stem in VALIDATION_MODULES or path.stem in NOT_VALIDATION:
            continue
        names = {name for _, name in _calls(ast.parse(path.read_text(encoding="utf-8")))}
        assert not names & set(EMITTERS), f"{path.name} emits diagnostics: add it to VALIDATION_MODULES"


def test_every_code_the_validator_can_emit_is_catalogued(scan, schemas):
    emitted = set(scan.codes) | schema_keyword_codes(schemas.documents)
    missing = sorted(emitted - set(catalogue()))
    assert not missing, f"codes missing from generator/error_codes.yaml: {missing}"


def test_every_code_of_the_invalid_corpus_is_catalogued():
    expected = set()
    for case in sorted((ROOT / "tests" / "cases").glob("*/*/case.yaml")):
        expected |= {e["code"] for e in yaml.safe_load(case.read_text(encoding="utf-8")).get("expected", [])}
    assert expected, "the corpus of invalid cases is empty"
    assert not expected - set(catalogue()), sorted(expected - set(catalogue()))


def test_no_catalogued_code_is_dead(scan, schemas):
    computed = {code for code in catalogue() if code.startswith(COMPUTED_PREFIX)}
    assert computed == schema_keyword_codes(schemas.documents), (
        "schema-<keyword> codes must be those the shipped schemas can produce"
    )
    dead = sorted(set(catalogue()) - set(scan.codes) - computed)
    assert not dead, f"catalogued codes that no validation module emits: {dead}"


def test_catalogue_severities_match_the_code(scan):
    for code, entry in catalogue().items():
        if code in scan.codes:
            assert scan.codes[code] == {entry.severity.value}, code


def test_catalogue_entries_are_complete():
    codes = [entry.code for group in code_groups() for entry in group.codes]
    assert len(codes) == len(set(codes)), "a code is catalogued twice"
    for entry in catalogue().values():
        assert re.fullmatch(r"[a-z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*", entry.code), entry.code
        assert entry.title and entry.meaning and entry.fix, entry.code


def test_catalogue_examples_read_as_they_say():
    """What to write reads without a diagnostic; what not to write, for the reading codes, gives that code."""
    for code, entry in catalogue().items():
        if entry.right:
            assert not read_yaml(entry.right.encode(), "x.yaml").diagnostics, code
        if entry.wrong:
            found = {d.code for d in read_yaml(entry.wrong.encode(), "x.yaml").diagnostics}
            assert found == ({code} if code.startswith("yaml-") else set()), code


# --- schema descriptions -------------------------------------------------------------------------------------


def undescribed(schemas: SchemaSet) -> list[str]:
    """JSON pointers of the properties (anywhere: `$defs`, nested objects, items, anyOf/oneOf branches,
    additionalProperties) that have no description, neither their own nor through their `$ref`."""
    missing: list[str] = []

    def visit(node: object, base: str, pointer: str) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, base, f"{pointer}/{i}")
        if not isinstance(node, dict):
            return
        named = [(f"properties/{k}", v) for k, v in node.get("properties", {}).items()]
        if isinstance(node.get("additionalProperties"), dict):
            named.append(("additionalProperties", node["additionalProperties"]))
        missing.extend(f"{base}#{pointer}/{k}" for k, sub in named if not schemas.description(sub, base))
        for key, value in node.items():
            if key in ("properties", "$defs", "patternProperties") and isinstance(value, dict):
                for name, sub in value.items():
                    visit(sub, base, f"{pointer}/{key}/{name}")
            elif key not in ("enum", "const", "required", "default", "examples"):
                visit(value, base, f"{pointer}/{key}")

    for name, document in schemas.documents.items():
        visit(document, name, "")
    return missing


def test_every_schema_property_has_a_description(schemas):
    assert not undescribed(schemas), "properties without a French description: " + ", ".join(
        undescribed(schemas)
    )


def test_a_missing_description_is_found_wherever_it_hides(tmp_path):
    schema = {
        "$defs": {"thing": {"type": "object", "properties": {"deep": {"type": "string"}}}},
        "properties": {
            "ok": {"$ref": "#/$defs/described"},
            "when": {"description": "…", "anyOf": [{"type": "object", "properties": {"min": {}}}]},
            "list": {"description": "…", "items": {"properties": {"item": {"type": "string"}}}},
        },
    }
    schema["$defs"]["described"] = {"type": "string", "description": "Décrit."}
    (tmp_path / "x.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    assert sorted(undescribed(SchemaSet(tmp_path))) == [
        "x.schema.json#/$defs/thing/properties/deep",
        "x.schema.json#/properties/list/items/properties/item",
        "x.schema.json#/properties/when/anyOf/0/properties/min",
    ]


# --- the pages -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_guide(SchemaSet())


@pytest.fixture(scope="module")
def site_pages() -> dict[str, str]:
    """The guidance pages the guide links to, from the shipped data."""
    return render_guidance(load_model(ROOT, today=date(2026, 12, 4)).guidance)


def html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def ids(text: str) -> list[str]:
    return re.findall(r' id="([^"]+)"', html(text))


def test_golden_field_reference(pages):
    assert_golden("guide/champs.md", pages["guide/champs.md"])


def test_pages_are_the_three_guide_pages_and_deterministic(pages):
    assert tuple(pages) == PAGES
    assert render_guide(SchemaSet()) == pages


def test_a_schema_change_changes_the_field_reference(pages, tmp_path):
    for path in SchemaSet().folder.glob("*.schema.json"):
        shutil.copy(path, tmp_path / path.name)
    actor = json.loads((tmp_path / "actor.schema.json").read_text(encoding="utf-8"))
    actor["properties"]["website"]["description"] = "Numéro de téléphone public."
    (tmp_path / "actor.schema.json").write_text(json.dumps(actor), encoding="utf-8")
    changed = render_guide(SchemaSet(tmp_path))["guide/champs.md"]
    assert changed != pages["guide/champs.md"] and "Numéro de téléphone public." in changed


@pytest.mark.parametrize("path", PAGES)
def test_one_title_unique_anchors_and_parsed_markup(pages, path):
    text = pages[path]
    body = html(text)
    assert text.startswith("# ") and body.count("<h1") == 1
    found = ids(text)
    assert len(found) == len(set(found))
    assert "{#" not in body and "{:" not in body and "&amp;#" not in body


def test_links_lead_to_existing_pages_and_anchors(pages, site_pages):
    anchors = {path: set(ids(text)) for path, text in {**site_pages, **pages}.items()}
    built_elsewhere = {"territoires/index.md"}  # render_site's page of territories
    for path, text in pages.items():
        for href in re.findall(r'href="([^"]+)"', html(text)):
            if href.startswith(("http://", "https://")):
                continue
            target, _, fragment = href.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) if target else path
            if resolved in built_elsewhere:
                assert not fragment, f"{path}: {href}"
            else:
                assert resolved in anchors, f"{path}: {href}"
                assert not fragment or fragment in anchors[resolved], f"{path}: {href}"


def test_every_code_has_its_section(pages):
    page = pages["guide/erreurs.md"]
    anchors = set(ids(page))
    for code, entry in catalogue().items():
        assert code in anchors, code
        heading = re.search(rf"^### `{re.escape(code)}` — .*\n\n\*(\w+)\*", page, re.MULTILINE)
        assert heading and heading.group(1) == entry.severity.value.capitalize(), code


def test_field_reference_has_every_kind_and_says_what_ids_are_expected(pages):
    page = pages["guide/champs.md"]
    assert {kind.name for kind in KINDS} <= set(ids(page))
    assert "| `address.street` | texte | non |" in page
    assert "| `types` | [liste d'identifiants de type d'acteur](../types.md) | oui |" in page
    assert "| `stratum` | [identifiant de strate](../strates.md) | oui |" in page
    assert "| `region` | valeur au choix | oui | `bruxelles`, `wallonie`, `ostbelgien`, `flandre` |" in page
    assert "| `last_verified` | date AAAA-MM-JJ | oui |" in page
    assert "| `cells.<strate>.actor_types` |" in page  # keys of a map, flattened
    assert "| `when.min` | nombre entier | oui | au moins 0 |" in page  # an anyOf branch's fields
    assert "| `sous_dispositifs` | liste d'éléments ([détail](#strategy-dispositifs)) |" in page  # recursion


# --- the guide's examples ------------------------------------------------------------------------------------


def yaml_blocks(page: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", page, re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def known_ids():
    return validate(ROOT, today=date(2026, 12, 4)).index


def assert_valid(schemas: SchemaSet, kind: str, data: dict, known_ids) -> None:
    errors = [e.message for e in schemas.validator(kind).iter_errors(data)]
    assert not errors, errors
    for link in schemas.links(kind, data):
        if not link.declares:
            assert link.value in known_ids.ids(link.kind), f"unknown {link.kind}: {link.value}"


def test_the_actor_example_is_a_valid_file(pages, schemas, known_ids):
    block = next(b for b in yaml_blocks(pages["guide/index.md"]) if b.startswith("# yaml-language-server"))
    assert block.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/actor.schema.json"
    assert_valid(schemas, "actor", yaml.safe_load(block), known_ids)
    # the sample error of the guide points at the example's `types`, where the typo would be
    sample = SAMPLE[0]
    line = block.splitlines()[sample.line - 1]
    assert sample.file.endswith(f"/{yaml.safe_load(block)['id']}.yaml")
    assert line.startswith("types:") and line[sample.column - 1 :].startswith("medecin-generaliste")


def test_the_choices_example_fits_a_territory(pages, schemas, known_ids):
    block = next(b for b in yaml_blocks(pages["guide/index.md"]) if b.startswith("choices:"))
    territory = yaml.safe_load((ROOT / "content/territories/bxl-nord.yaml").read_text(encoding="utf-8"))
    territory["choices"] = yaml.safe_load(block)["choices"]
    assert_valid(schemas, "territory", territory, known_ids)


def test_sample_diagnostics_are_catalogued_with_their_severity():
    for diagnostic in SAMPLE:
        assert catalogue()[diagnostic.code].severity == diagnostic.severity


def test_guide_home_links_the_reference_and_the_catalogue(pages):
    page = pages["guide/index.md"]
    for needle in ("](champs.md)", "](erreurs.md)", "champs.md#actor", "champs.md#territory"):
        assert needle in page
    for command in ("balises validate", "balises serve", "balises build", "balises new-territory"):
        assert command in page
    assert "# yaml-language-server: $schema=" in page and ".vscode/settings.json" in page

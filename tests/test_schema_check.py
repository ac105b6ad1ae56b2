"""Pass 1: schema errors become French diagnostics at the right place, with a useful hint."""

from __future__ import annotations

from generator import layout
from generator.load import SourceFile
from generator.schema_check import check_file, slugify
from generator.yamlsource import read_yaml


def check(schemas, kind: str, text: str):
    document = read_yaml(text.encode("utf-8"), f"{kind}.yaml").document
    kind_ = next(k for k in layout.KINDS if k.name == kind)
    return check_file(schemas, SourceFile(f"{kind}.yaml", kind_, document))


TYPE = "types:\n- id: sage-femme\n  name: Sage-femme\n  category: soins\n  source: 003_x.txt — tableau\n"


def test_valid_file_has_no_diagnostic(schemas):
    assert check(schemas, "actor-types", TYPE) == []


def test_unknown_field_points_at_the_key_and_suggests_the_nearest(schemas):
    [d] = check(schemas, "actor-types", TYPE + "  categorie: soins\n")
    assert (d.line, d.column, d.code) == (6, 3, "champ-inconnu")
    assert "vouliez-vous dire « category »" in d.hint
    assert d.pointer == "/types/0/categorie"


def test_missing_field_names_it_and_describes_it(schemas):
    [d] = check(schemas, "actor-types", TYPE.replace("  category: soins\n", ""))
    assert d.code == "champ-manquant" and "« category »" in d.message
    assert "Famille" in d.hint


def test_a_field_missing_in_a_shared_definition_is_described_from_the_file_that_defines_it(schemas):
    # `intro` is a `sourcedText` of common.schema.json, whose `text` is `#/$defs/text` of that same file
    [d] = check(schemas, "enjeux-cles", "intro:\n  source: 003_x.txt — intro\nsections: []\n")
    assert (d.line, d.code) == (2, "champ-manquant") and "« text »" in d.message
    assert "Texte en français" in d.hint


def test_enum_lists_allowed_values(schemas):
    [d] = check(schemas, "actor-types", TYPE.replace("soins", "soin"))
    assert d.code == "valeur-non-permise" and "« soins »" in d.hint and "administration" in d.hint


def test_bad_id_suggests_a_slug(schemas):
    [d] = check(schemas, "actor-types", TYPE.replace("id: sage-femme", "id: Sage Femme Libérale"))
    assert d.code == "identifiant-invalide"
    assert "sage-femme-liberale" in d.hint


def test_number_where_text_expected_suggests_quotes(schemas):
    [d] = check(schemas, "actor-types", TYPE.replace("name: Sage-femme", "name: 1000"))
    assert d.code == "type-invalide" and '"1000"' in d.hint


def test_empty_value_hint(schemas):
    [d] = check(schemas, "actor-types", TYPE.replace("name: Sage-femme", "name:"))
    assert d.code == "type-invalide" and "valeur vide" in d.message


def test_slugify():
    assert slugify("Équipe mobile — santé mentale") == "equipe-mobile-sante-mentale"
    assert slugify("Œuvre d'accueil") == "oeuvre-d-accueil"

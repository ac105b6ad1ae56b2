from generator.yamlsource import read_yaml


def load(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_yaml(raw, "f.yaml")


def codes(result) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code) for d in result.diagnostics]


def test_only_core_types_are_typed():
    data = load("a: 1\nb: 1.5\nc: true\nd: null\ne: x\n").document.data
    assert data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "x"}


def test_yaml_11_surprises_stay_strings():
    data = load("pays: NO\nheure: 12:30\ncp: 0700\nquand: 2024-06-01\noui: yes\nsur: on\n").document.data
    assert data == {
        "pays": "NO",
        "heure": "12:30",
        "cp": "0700",
        "quand": "2024-06-01",
        "oui": "yes",
        "sur": "on",
    }


def test_quoted_scalars_are_strings():
    assert load("a: \"12\"\nb: 'true'\n").document.data == {"a": "12", "b": "true"}


def test_duplicate_key_is_reported_at_the_second_occurrence():
    result = load("a: 1\nb: 2\na: 3\n")
    assert codes(result) == [(3, 1, "yaml-cle-dupliquee")]
    assert "ligne 1" in result.diagnostics[0].message
    assert result.document.data["a"] == 1


def test_locate_values_and_keys():
    doc = load("top:\n  items:\n    - id: x\n    - id: y\n").document
    assert doc.locate(("top", "items", 1, "id")) == (4, 11)
    assert doc.locate(("top", "items", 1, "id"), key=True) == (4, 7)
    assert doc.locate(("top", "missing")) == (2, 3)


def test_empty_and_comment_only_files():
    assert codes(load("")) == [(1, 1, "fichier-vide")]
    assert codes(load("# rien\n\n")) == [(1, 1, "fichier-vide")]


def test_bom_utf16_and_latin1():
    assert codes(load(b"\xef\xbb\xbfa: 1\n")) == [(1, 1, "bom")]
    assert codes(load("a: é\n".encode("utf-16"))) == [(1, 1, "encodage")]
    assert codes(load(b"a: ok\nb: caf\xe9\n")) == [(2, 7, "encodage")]


def test_tab_in_indentation():
    result = load("a:\n  b: 1\n\tc: 2\n")
    assert codes(result) == [(3, 1, "yaml-tabulation")]
    assert "espaces" in result.diagnostics[0].hint


def test_syntax_errors_are_french_and_located():
    result = load("a: b: c\n")
    assert codes(result) == [(1, 5, "yaml-syntaxe")]
    assert "guillemets" in result.diagnostics[0].hint
    assert codes(load('a: "ouvert\n'))[0][2] == "yaml-syntaxe"


def test_unsupported_tag():
    assert codes(load("a: !!python/object x\n")) == [(1, 4, "yaml-etiquette")]


def test_recursive_alias_does_not_loop():
    result = load("a: &x [*x]\n")
    assert "yaml-alias" in [c for _, _, c in codes(result)]

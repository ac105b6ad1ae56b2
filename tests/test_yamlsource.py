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


def test_bom_is_accepted_and_positions_start_after_it():
    result = load(b"\xef\xbb\xbfa: 1\nb: [x, 2]\n")
    assert codes(result) == []
    assert result.document.data == {"a": 1, "b": ["x", 2]}
    assert result.document.locate(("a",), key=True) == (1, 1)
    assert result.document.locate(("b", 1)) == (2, 8)


def test_utf16_with_or_without_bom_and_latin1():
    assert codes(load("a: é\n".encode("utf-16"))) == [(1, 1, "encodage")]
    assert codes(load("a: é\nb: deux\n".encode("utf-16-le"))) == [(1, 1, "encodage")]
    assert codes(load("a: é\nb: deux\n".encode("utf-16-be"))) == [(1, 1, "encodage")]
    assert codes(load(b"a: ok\nb: caf\xe9\n")) == [(2, 7, "encodage")]


def test_control_characters_are_located_even_quoted():
    for char in ("\x00", "\x07", "\x1b", "\x7f", "\x9b"):
        result = load(f'a: ok\nb: "x{char}y"\n')
        assert codes(result) == [(2, 6, "caractere-controle")], repr(char)
        assert result.document is None
        assert f"U+{ord(char):04X}" in result.diagnostics[0].message
    assert codes(load("a: |\n  tab\tand CR\r\n  ok\n")) == []


def test_control_characters_written_as_escapes_are_refused_too():
    for escape, code in (("\\e", "U+001B"), ("\\0", "U+0000"), ("\\x07", "U+0007"), ("\\uFFFE", "U+FFFE")):
        result = load(f'a: ok\nb: "x{escape}y"\n')
        assert codes(result) == [(2, 4, "caractere-controle")], escape
        assert code in result.diagnostics[0].message
    assert codes(load("a: \"tab\\t, ligne\\n, é\\u00e9\"\nb: '\\e'\n")) == []
    [d] = load('a: "\\ud800"\n').diagnostics
    assert d.code == "yaml-syntaxe" and "\\u" in d.message


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


def test_aliases_and_anchors_are_refused_where_written():
    result = load("base: &b\n  id: x\nfirst: *b\nlist:\n  - *b\n")
    assert codes(result) == [(1, 7, "yaml-alias"), (3, 8, "yaml-alias"), (5, 5, "yaml-alias")]
    assert result.document is None
    assert "*b" in result.diagnostics[1].message
    assert codes(load("a: &x [*x]\n")) == [(1, 4, "yaml-alias"), (1, 8, "yaml-alias")]
    assert codes(load("name: &Co\n")) == [(1, 7, "yaml-alias")]  # a name typed as is
    assert codes(load('name: "&Co *x"\n')) == []


def test_aliases_in_refused_keys_and_values_are_reported_too():
    assert codes(load("a: 1\na: *x\n")) == [(2, 1, "yaml-cle-dupliquee"), (2, 4, "yaml-alias")]
    assert codes(load("? [*x]\n: 1\n")) == [(1, 3, "yaml-cle"), (1, 4, "yaml-alias")]


def test_deep_nesting_is_refused_at_the_level_past_the_limit():
    for text in (
        "[" * 10_000,
        "[" * 990 + "]" * 990,
        "a:\n" + "".join("  " * i + f" k{i}:\n" for i in range(1, 200)),
    ):
        result = load(text)
        assert [c for _, _, c in codes(result)] == ["yaml-profondeur"], text[:20]
        assert result.document is None
    assert codes(load("[" * 65))[0][:2] == (1, 65)
    deep = load("[" * 64 + "]" * 64)
    assert codes(deep) == []


def test_a_second_document_is_a_syntax_error():
    result = load("a: 1\n---\nb: 2\n")
    assert codes(result) == [(2, 1, "yaml-syntaxe")]
    assert "plusieurs documents" in result.diagnostics[0].message

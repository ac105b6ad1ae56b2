"""Editor support: the VS Code (YAML extension) settings that map each data folder to its JSON Schema.

`.vscode/settings.json` is generated from `layout.KINDS`, so a new file kind cannot be forgotten; a test keeps the
committed file equal to this output. The `# yaml-language-server: $schema=…` first line of every YAML file does
the same for any editor using the YAML language server.
"""

from __future__ import annotations

import json

from .layout import KINDS, FileKind


def _editor_pattern(index: int, kind: FileKind) -> str:
    """The kind's glob, leaving out the files of the earlier kinds it also matches (`layout.kind_of` gives a file
    the first kind that matches: `logigrams/parcours.yaml` is the parcours, not an adaptation)."""
    taken = [
        k.pattern.rpartition("/")[2].removesuffix(".yaml")
        for k in KINDS[:index]
        if "*" not in k.pattern and kind.matches(k.pattern)  # a file of its own that this glob also covers
    ]
    return kind.pattern.replace("*.yaml", f"!({'|'.join(taken)}).yaml") if taken else kind.pattern


def vscode_settings() -> str:
    schemas: dict[str, list[str]] = {}
    for index, kind in enumerate(KINDS):
        schemas.setdefault(f"./schemas/{kind.name}.schema.json", []).append(_editor_pattern(index, kind))
    settings = {
        "yaml.schemas": schemas,
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.format.singleQuote": False,
        "files.associations": {"*.yaml": "yaml"},
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"

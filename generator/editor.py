"""Editor support: the VS Code (YAML extension) settings that map each data folder to its JSON Schema.

`.vscode/settings.json` is generated from `layout.KINDS`, so a new file kind cannot be forgotten; a test keeps the
committed file equal to this output. The `# yaml-language-server: $schema=…` first line of every YAML file does
the same for any editor using the YAML language server.
"""

from __future__ import annotations

import json

from .layout import KINDS


def vscode_settings() -> str:
    schemas: dict[str, list[str]] = {}
    for kind in KINDS:
        pattern = kind.pattern
        if kind.name == "logigram-override":
            pattern = "logigrams/!(parcours).yaml"  # every logigram file but the parcours itself
        schemas.setdefault(f"./schemas/{kind.name}.schema.json", []).append(pattern)
    settings = {
        "yaml.schemas": schemas,
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.format.singleQuote": False,
        "files.associations": {"*.yaml": "yaml"},
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"

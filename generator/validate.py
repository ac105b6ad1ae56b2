"""Stage 2 — validate: schema, then references, then rules. Reports everything it finds in one run: the rules
run on every file that passed the schema and reference passes, whatever the other files hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import confidential, layout, references, rules, schema_check
from .diagnostics import Diagnostic
from .load import LoadedDataset, Reads, cyclic_gc_paused, load_dataset
from .references import IdIndex
from .schemas import SchemaSet


@dataclass
class Validation:
    dataset: LoadedDataset
    index: IdIndex
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def _unreadable_kinds(schemas: SchemaSet, dataset: LoadedDataset) -> frozenset[str]:
    """Id kinds declared by files that exist but could not be read, or by required files that are missing."""
    loaded = {f.rel for f in dataset.files}
    kinds: set[str] = set()
    for d in dataset.diagnostics:
        if not d.is_error or d.file in loaded:
            continue
        kind = layout.kind_of(d.file)
        # a folder that could not be read (a link out of the dataset): whatever kinds of file it may hold
        for unread in [kind] if kind is not None else layout.kinds_under(d.file):
            kinds |= schemas.declared_kinds(unread.name)
    return frozenset(kinds)


def validate(
    root: Path, schemas: SchemaSet | None = None, today: date | None = None, reads: Reads | None = None
) -> Validation:
    """Validate the dataset at `root`; `today` is the reference date for stale records (default: today).
    `reads`: the files read by a previous load, reused when unchanged (see `load_dataset`)."""
    schemas = schemas or SchemaSet()
    with cyclic_gc_paused():  # every pass builds many objects (links, ids) on top of the loaded dataset
        dataset = load_dataset(root, reads)
        diagnostics = list(dataset.diagnostics)
        valid: set[str] = set()
        for source in dataset.files:
            found = schema_check.check_file(schemas, source)
            diagnostics.extend(found)
            if not any(d.is_error for d in found):
                valid.add(source.rel)
        unreliable = _unreadable_kinds(schemas, dataset) | {
            kind for f in dataset.files if f.rel not in valid for kind in schemas.declared_kinds(f.kind.name)
        }
        index, found = references.collect(schemas, dataset.files, valid, frozenset(unreliable))
        diagnostics.extend(found)
        sound = _sound_part(dataset, {d.file for d in diagnostics if d.is_error} | index.conflicting)
        diagnostics.extend(rules.check_rules(sound, index, today))
    return Validation(dataset, index, confidential.mask_diagnostics(diagnostics, dataset.files))


def _sound_part(dataset: LoadedDataset, broken: set[str]) -> LoadedDataset:
    """The files that passed every earlier pass, for the rules; the `broken` ones (with errors, or declaring
    an id that another file declares too) are `withheld`: the rules then judge nothing that depends on them,
    and one broken file hides no problem of another."""
    sound = [f for f in dataset.files if f.rel not in broken]
    return LoadedDataset(dataset.root, sound, [], dataset.checked, frozenset(broken))

"""Balises: the programme « 1000 premiers jours » as validated data, logigrams, repertoires and a static site.

Pipeline: load → validate → model → render → publish (one module per stage; `cli` is the thin shell)."""

__version__ = "0.1.0"

"""A graph laid out by Graphviz merged into its printed frame, as pypdf's `merge_transformed_page` writes it, to the
byte, without pypdf parsing the graph's content on every merge (render_print's hot path).

pypdf writes the merged graph's operators re-serialised (parsed twice, in Python): `rewritten` computes that text
once per graph, `Graph.content` keeps it in the cache, and `merge` puts it where pypdf would have written it.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from pathlib import Path
from typing import Any

import pypdf
from pypdf import PageObject, PdfReader, Transformation
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    is_null_or_none,
)

from .writer import write_file

CONTENT_VERSION = 1  # part of the cache key of `Graph.content`: bump it whenever `rewritten` changes


class Graph:
    """One graph laid out by Graphviz (PDF), shared by every paper it is printed on."""

    def __init__(self, pdf: bytes, cache: Path | None) -> None:
        self.pdf = pdf
        self.cache = cache
        self._content: bytes | None = None

    def page(self) -> PageObject:
        return PdfReader(io.BytesIO(self.pdf)).pages[0]  # a fresh reader: merging clones from it

    def content(self) -> bytes:
        """The graph's content stream as pypdf writes it when merging the page (see `rewritten`): slow to compute
        (every operator parsed in Python), so computed once and kept in the cache."""
        if self._content is None:
            path = None
            if self.cache is not None:
                key = hashlib.sha256(
                    f"{CONTENT_VERSION}\n{pypdf.__version__}\n".encode() + self.pdf
                ).hexdigest()
                path = self.cache / f"{key}.content.zlib"
                try:
                    self._content = zlib.decompress(path.read_bytes())
                    return self._content
                except (OSError, zlib.error):
                    pass
            self._content = rewritten(self.page())
            if path is not None:
                write_file(path, zlib.compress(self._content, 1))
        return self._content


def rewritten(graph_page: PageObject) -> bytes:
    """A page's content as `merge_transformed_page` writes it: pypdf parses the operators, writes them (after its
    clip), parses that again (to put the matrix first) and writes it into the merged page.

    pypdf writes every operator on its own (operands, operator, newline), so parsing the written stream is parsing
    each operator's text in turn: the second pass goes operator by operator, and a text met before (colours, moves,
    fonts: most of them) is not parsed again."""
    parsed = graph_page.get_contents()
    assert parsed is not None
    operations = parsed.operations  # parsed from Graphviz's bytes
    if any(operator == b"INLINE IMAGE" for _, operator in operations):
        again = ContentStream(parsed, None)  # an inline image's data may hold anything: the plain way
        again.operations  # noqa: B018
        return again.get_data()
    texts = [_written([operation]) for operation in operations]
    missing = [text for text in dict.fromkeys(texts) if text not in _REWRITTEN]
    if missing:
        if len(_REWRITTEN) > 200_000:
            _REWRITTEN.clear()
        found = _parsed(b"".join(missing))
        if len(found) != len(missing):  # pragma: no cover - pypdf would have split the texts otherwise
            return _written(_parsed(_written(operations)))
        _REWRITTEN.update(
            (text, _written([operation])) for text, operation in zip(missing, found, strict=True)
        )
    return b"".join(_REWRITTEN[text] for text in texts)


_REWRITTEN: dict[bytes, bytes] = {}  # an operator as pypdf writes it → the same, parsed and written again


def _written(operations: list) -> bytes:
    stream = ContentStream(None, None)
    stream.operations = operations
    return stream.get_data()


def _parsed(data: bytes) -> list:
    stream = ContentStream(None, None)
    stream.set_data(data)
    return stream.operations


_MERGED_RESOURCES = ("/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/XObject", "/Font", "/Properties")
_CLIP_END = b"W\nn\nQ\n"


class UnexpectedMerge(Exception):
    """pypdf wrote the merged page otherwise than `merge` expects (another pypdf version): the caller draws the
    document again with `fast=False`."""


def merge(
    page: PageObject, graph_page: PageObject, graph: Graph, ctm: Transformation, fast: bool = True
) -> None:
    """`page.merge_transformed_page(graph_page, ctm)`, to the byte, without pypdf parsing the graph's content
    (`graph_page` is a fresh `graph.page()`).

    pypdf merges the resources and annotations, then writes the graph's content as its operators re-serialised
    (parsed twice), wrapped in `q`, the matrix, the clip to the graph's box, and `Q`. Here pypdf merges a copy of
    the page with an empty content, which gives the wrapping, and the prepared operators (`Graph.content`) go in
    their place. When pypdf would rename a resource (a name used by both pages), or an annotation could point back
    to the page, the plain merge runs instead."""
    if not (fast and _fast_merge_applies(page, graph_page)):
        page.merge_transformed_page(graph_page, ctm)
        return
    graph_page[NameObject("/Contents")] = DecodedStreamObject()  # the fresh reader's page, never reused
    page.merge_transformed_page(graph_page, ctm)
    contents = page["/Contents"].get_object()
    wrapped = contents[-1].get_object() if isinstance(contents, ArrayObject) and len(contents) == 2 else None
    data = wrapped.get_data() if isinstance(wrapped, ContentStream) else b""
    if not data.endswith(_CLIP_END):  # pragma: no cover - a pypdf whose merge writes otherwise
        raise UnexpectedMerge
    wrapped.set_data(data[: -len(b"Q\n")] + graph.content() + b"Q\n")


def _fast_merge_applies(page: PageObject, graph_page: PageObject) -> bool:
    """Whether `merge` may swap the graph's content (else pypdf merges it the plain way)."""
    if is_null_or_none(graph_page.get("/Contents")):
        return False  # nothing to wrap: pypdf writes no `q … Q` for it
    mine, theirs = _resolved(page.get("/Resources")), _resolved(graph_page.get("/Resources"))
    if not isinstance(mine, DictionaryObject) or not isinstance(theirs, DictionaryObject):
        return False
    for name in _MERGED_RESOURCES:
        their_names, my_names = _resolved(theirs.get(name)), _resolved(mine.get(name))
        if their_names is None:
            continue
        if not isinstance(their_names, DictionaryObject) or (
            my_names is not None
            and (not isinstance(my_names, DictionaryObject) or set(their_names) & set(my_names))
        ):
            return False  # pypdf would rename the graph's resource in its operators
    annotations = _resolved(graph_page.get("/Annots"))
    if annotations is None:
        return True
    if not isinstance(annotations, ArrayObject):
        return False
    for annotation in annotations:
        annotation = _resolved(annotation)
        if not isinstance(annotation, DictionaryObject) or "/Dest" in annotation or "/Parent" in annotation:
            return False  # could reach the page object, whose content was swapped
        action = _resolved(annotation.get("/A"))
        if action is not None and (not isinstance(action, DictionaryObject) or action.get("/S") != "/URI"):
            return False
    return True


def _resolved(value: Any) -> Any:
    return None if is_null_or_none(value) else value.get_object()

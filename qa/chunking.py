"""Splitting documents into passages that keep their character offsets.

    >>> doc = Document(id="d", text="One. Two.\\n\\nThree.")
    >>> [(p.id, p.text, p.start) for p in split_document(doc, chunk_size=60, chunk_overlap=0)]
    [('d#0', 'One. Two.\\n\\nThree.', 0)]
"""

from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from qa.types import Document, Passage

SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""]


def make_splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
    """Paragraphs first, then sentences, then words; sentence ends stay with their sentence."""
    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=SEPARATORS,
        keep_separator="end",
        add_start_index=True,
    )


def split_document(doc: Document, chunk_size: int, chunk_overlap: int) -> list[Passage]:
    """The passages of `doc`, numbered `doc_id#0`, `doc_id#1`, …, with offsets into its text."""
    pieces = make_splitter(chunk_size, chunk_overlap).create_documents([doc.text])
    meta = doc.model_dump(exclude={"id", "text"})
    return [
        Passage(
            id=f"{doc.id}#{n}",
            doc_id=doc.id,
            text=piece.page_content,
            start=piece.metadata["start_index"],
            end=piece.metadata["start_index"] + len(piece.page_content),
            **meta,
        )
        for n, piece in enumerate(pieces)
    ]

"""Reading a corpus: a folder of `.md`, `.txt`, `.html`, `.pdf` files, or a JSONL file.

A Markdown file may start with YAML front matter (`title`, `date`, `source`, `url`);
a JSONL line has the fields `id`, `title`, `text`, `url`, `date`, `source`.

    >>> [d.id for d in load_corpus(Path("corpus"))][:1]
    ['vna-more-na-standing-committee-convenes-47th-session']
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from qa.errors import CorpusError
from qa.types import Document

SUFFIXES = (".md", ".txt", ".html", ".htm", ".pdf")


def load_corpus(path: Path) -> list[Document]:
    """Every document under `path` (a folder, one file, or a `.jsonl`), sorted by id.

    Fails on the first unreadable file, before anything is indexed, so nothing is lost.
    """
    if not path.exists():
        raise CorpusError(f"corpus not found: {path} (give a folder or a .jsonl; setting QA_CORPUS)")
    if path.is_file():
        docs = _load_jsonl(path) if path.suffix == ".jsonl" else [_load_file(path, path.parent)]
    else:
        files = sorted(
            p for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
        )
        docs = [_load_file(p, path) for p in files]
    _check_unique(docs, path)
    return sorted(docs, key=lambda d: d.id)


def _check_unique(docs: list[Document], path: Path) -> None:
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise CorpusError(f"{path}: two documents have the id {doc.id!r}")
        seen.add(doc.id)


def _load_jsonl(path: Path) -> list[Document]:
    docs = []
    for n, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            docs.append(Document(**{k: row.get(k) or "" for k in Document.model_fields}))
        except (json.JSONDecodeError, TypeError, ValueError) as exc:
            raise CorpusError(f"{path}:{n}: not a corpus line ({exc})") from exc
        if not docs[-1].id or not docs[-1].text.strip():
            raise CorpusError(f"{path}:{n}: a corpus line needs a non-empty `id` and `text`")
    return docs


def _load_file(path: Path, root: Path) -> Document:
    doc_id = path.relative_to(root).with_suffix("").as_posix()
    reader: Callable[[Path], dict[str, str]] = _READERS[path.suffix.lower()]
    fields = reader(path)
    if not fields.get("text", "").strip():
        raise CorpusError(f"{path}: no text found in the file")
    fields.setdefault("title", path.stem)
    return Document(id=doc_id, **fields)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {path}: {exc.strerror}") from exc
    if b"\x00" in raw:
        raise CorpusError(f"{path}: binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _read_markdown(path: Path) -> dict[str, str]:
    text = _read_text(path)
    if not text.startswith("---\n"):
        return _read_plain_text(path)
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise CorpusError(f"{path}: front matter opened with --- but never closed")
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: front matter is not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: front matter must be `key: value` lines")
    fields = {k: str(meta[k]) for k in ("title", "date", "source", "url") if meta.get(k)}
    return {**fields, "text": body.strip()}


def _read_plain_text(path: Path) -> dict[str, str]:
    text = _read_text(path).strip()
    first = text.split("\n", 1)[0].strip()
    return {"title": first, "text": text} if 0 < len(first) <= 200 else {"text": text}


def _read_html(path: Path) -> dict[str, str]:
    soup = BeautifulSoup(_read_text(path), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    text = soup.get_text("\n", strip=True)
    return {"title": title, "text": text} if title else {"text": text}


# pypdf raises these (not only PdfReadError) on a damaged file: a float /Length gives
# a TypeError, a mangled trailer an AttributeError, a reference loop a LimitReachedError.
_PDF_ERRORS = (PyPdfError, OSError, ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError)


def _read_pdf(path: Path) -> dict[str, str]:
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # its repair warnings would print before our one-line error
    try:
        reader = PdfReader(path)
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
        title = str(reader.metadata.title or "") if reader.metadata else ""
    except _PDF_ERRORS as exc:
        raise CorpusError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})"[:500]) from exc
    finally:
        pypdf_log.setLevel(level)
    return {"title": title, "text": text.strip()} if title else {"text": text.strip()}


_READERS: dict[str, Callable[[Path], dict[str, str]]] = {
    ".md": _read_markdown,
    ".txt": _read_plain_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
}

"""The `qa` command on bad input: one line on stderr, a non-zero exit, no traceback, nothing changed.

Most tests call `qa.cli.main` in this process (the entry point, with its error translation);
two run the installed `qa` script to prove the same holds for the real command.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DOCS

from qa import cli
from qa.cli import main
from qa.corpus import load_corpus
from qa.errors import CorpusError
from qa.index import Index, open_index
from qa.pipeline import Pipeline
from qa.settings import Settings

QA = Path(sys.executable).parent / "qa"


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run `qa ARGS` through `main()`; its exit code and its stderr."""
    monkeypatch.setattr(sys, "argv", ["qa", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    code = exited.value.code
    return code if isinstance(code, int) else 1, capsys.readouterr().err


def run_qa(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `qa` script (environment from the `_isolated` fixture)."""
    return subprocess.run([str(QA), *args], capture_output=True, text=True, timeout=300, check=False)


def error_line(code: int, stderr: str) -> str:
    """The single `error:` line of a failed command; fails on a traceback or a wrapped line."""
    assert code != 0
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip() and "Loading weights" not in line]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def make_pdf(text: str) -> bytes:
    """A one-page PDF showing `text`, written by hand so a test can damage it precisely."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


GOOD_PDF = make_pdf("Viettel runs Bitel in Peru")
BAD_PDFS = {
    "garbage": b"\x1a\x93 not a pdf at all " * 50,
    "empty": b"",
    "header only": b"%PDF-1.4\n1 0 obj garbage",
    "truncated": GOOD_PDF[: len(GOOD_PDF) // 2],
    "float length": GOOD_PDF.replace(b"/Length 57 ", b"/Length 5. "),  # pypdf: TypeError
    "mangled trailer": GOOD_PDF.replace(b"trailer\n<<", b"trailer\n-<"),  # pypdf: AttributeError
    "reference loop": GOOD_PDF.replace(b"/Catalog", b"/Cat\xd6log").replace(b"ET\nendstream", b"ET\n\x1fndstream"),
}


def snapshot(index: Index) -> dict[str, Any]:
    got = index.collection.get(include=["documents", "metadatas"])
    return {"rows": sorted(zip(got["ids"], got["documents"] or [])), "meta": index.collection.metadata}


@pytest.fixture
def good_index(make_index: Callable[..., Index], settings: Settings) -> Callable[[], dict[str, Any]]:
    """An index of DOCS in QA_CACHE_DIR; calling the result snapshots it as it is now."""
    make_index(DOCS)
    from langchain_core.embeddings import DeterministicFakeEmbedding

    return lambda: snapshot(open_index(settings, DeterministicFakeEmbedding(size=32)))


def test_the_sample_pdf_is_readable(tmp_path: Path) -> None:
    (tmp_path / "ok.pdf").write_bytes(GOOD_PDF)
    assert load_corpus(tmp_path)[0].text == "Viettel runs Bitel in Peru"


def test_an_empty_question_is_one_line_and_exit_1() -> None:
    result = run_qa("ask", "")
    assert result.returncode == 1
    assert "question is empty" in error_line(result.returncode, result.stderr)


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_a_blank_question_fails_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], question: str
) -> None:
    assert "question is empty" in error_line(*run_main(monkeypatch, capsys, "ask", question))


def test_a_huge_question_fails_before_any_model_loads(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Neither model exists and there is no index: any of them touched first would be the error.
    monkeypatch.setenv("QA_MODEL_PATH", str(tmp_path / "absent.gguf"))
    monkeypatch.setenv("QA_EMBEDDING_MODEL", str(tmp_path / "absent-embedder"))

    line = error_line(*run_main(monkeypatch, capsys, "ask", "Who runs Bitel? " * 6400))

    assert "102,400 characters" in line and "QA_MAX_QUESTION_CHARS" in line


def test_a_huge_question_on_stdin_fails_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("x" * 100_000))
    assert "the limit is 2,000" in error_line(*run_main(monkeypatch, capsys, "ask", "-"))


def test_ask_without_an_index_says_ingest(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    line = error_line(*run_main(monkeypatch, capsys, "ask", "Who runs Bitel?", "--index", "nothing-here"))
    assert "qa ingest" in line


BAD_FILES = {
    "binary.txt": b"PK\x03\x04\x00\x00binary\x00data",
    "latin1.txt": "Ca phê ở Hà Nội".encode("cp1258", errors="replace") + b"\xe9\xff",
    "broken.md": b"---\ntitle: ok\n---\nText \xc3\x28 here",
    "broken.pdf": BAD_PDFS["float length"],
}


@pytest.mark.parametrize("rebuild", [False, True])
@pytest.mark.parametrize("name", BAD_FILES)
def test_ingest_of_a_bad_file_names_it_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    settings: Settings, good_index: Callable[[], dict[str, Any]], name: str, rebuild: bool,
) -> None:
    before = good_index()
    folder = tmp_path / "a-corpus-folder-with-a-rather-long-name" / "and-a-long-subfolder-name-too"
    folder.mkdir(parents=True)
    (folder / "good.md").write_text("Viettel runs Bitel.\n")
    (folder / name).write_bytes(BAD_FILES[name])
    args = ["ingest", str(folder.parent), "--index", settings.index, *(["--rebuild"] if rebuild else [])]

    line = error_line(*run_main(monkeypatch, capsys, *args))

    assert str(folder / name) in line  # whole, not wrapped: a user can copy the path
    assert good_index() == before


def test_the_installed_command_reports_a_bad_file_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "notes.txt").write_bytes(b"\xff\xfe\x00b\x00i\x00n")

    result = run_qa("ingest", str(tmp_path / "corpus"))

    assert result.returncode == 1
    assert "notes.txt: binary file" in error_line(result.returncode, result.stderr)


@pytest.mark.parametrize("kind", BAD_PDFS)
def test_a_corrupt_pdf_is_a_corpus_error(tmp_path: Path, kind: str) -> None:
    (tmp_path / "report.pdf").write_bytes(BAD_PDFS[kind])

    with pytest.raises(CorpusError, match=r"report\.pdf: (not a readable PDF|no text found)"):
        load_corpus(tmp_path)


def test_ingest_of_a_corrupt_pdf_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "report.pdf").write_bytes(BAD_PDFS["reference loop"])

    line = error_line(*run_main(monkeypatch, capsys, "ingest", str(tmp_path)))

    assert "report.pdf: not a readable PDF" in line


def test_a_corrupt_index_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    settings: Settings, make_index: Callable[..., Index],
) -> None:
    make_index(DOCS)
    (settings.index_dir / "chroma.sqlite3").write_bytes(b"garbage" * 100)

    line = error_line(*run_main(monkeypatch, capsys, "ask", "Who runs Bitel?", "--index", settings.index))

    assert "qa ingest --rebuild" in line


def test_ingest_rebuilds_an_index_built_with_other_settings(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "bitel.md").write_text("Viettel runs Bitel, a telecom company in Peru.\n")
    assert run_qa("ingest", str(tmp_path / "corpus")).returncode == 0

    result = subprocess.run(
        [str(QA), "ingest", str(tmp_path / "corpus")], capture_output=True, text=True, timeout=300,
        check=False, env={**os.environ, "QA_CHUNK_SIZE": "300"},
    )

    assert result.returncode == 0, result.stderr
    assert "chunk_size=500 (now 300): rebuilding it" in result.stdout
    assert "1 added" in result.stdout


def test_ask_shows_a_second_look_once_after_its_draft(
    fake_pipeline: Callable[..., Pipeline], capsys: pytest.CaptureFixture[str]
) -> None:
    nameless = "The project is run by a telecommunications group [1]."
    result = cli._answer_turn(fake_pipeline(nameless, "Viettel runs the Bitel project [1]."), "Who runs the Bitel project?", [])
    out = capsys.readouterr().out
    assert not result.abstained and out.index(nameless) < out.index(result.text)
    assert out.count(result.text) == 1 and "checked:" not in out

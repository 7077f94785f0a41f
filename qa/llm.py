"""Chat models: the local GGUF through llama-cpp-python, or any OpenAI-compatible endpoint.

Both are LangChain chat models, so the pipeline composes either with the same prompt:

    >>> llm = build_llm(Settings())                                   # local, offline
    >>> llm = build_llm(Settings(llm_base_url="http://127.0.0.1:8080/v1"))  # remote
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import openai
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from qa.errors import LLMUnavailableError, ModelError
from qa.models import local_model_path
from qa.settings import Settings

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

_ROLES = {"human": "user", "ai": "assistant", "system": "system"}


class LocalChatModel(BaseChatModel):
    """A llama.cpp model loaded in this process. One generation at a time; the KV cache
    keeps the longest common prompt prefix between calls, so fixed text goes first."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    llama: Any
    max_tokens: int = 200
    temperature: float = 0.0
    model_name: str = "local"
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-local"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        chunks = list(self._stream(messages, stop, run_manager, **kwargs))
        text = "".join(str(c.message.content) for c in chunks)
        usage = next((u for c in chunks if (u := getattr(c.message, "usage_metadata", None))), None)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text, usage_metadata=usage))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        payload = [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]
        with self._lock:
            stream = self.llama.create_chat_completion(
                messages=payload,
                max_tokens=kwargs.get("max_tokens", self.max_tokens),
                temperature=self.temperature,
                stop=stop,
                stream=True,
            )
            completion = 0
            for part in stream:
                delta = part["choices"][0]["delta"].get("content") or ""
                if delta:
                    completion += 1
                    if run_manager:
                        run_manager.on_llm_new_token(delta)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=delta))
            total = self.llama.n_tokens
        usage = UsageMetadata(input_tokens=total - completion, output_tokens=completion, total_tokens=total)
        yield ChatGenerationChunk(message=AIMessageChunk(content="", usage_metadata=usage))


def build_llm(settings: Settings) -> BaseChatModel:
    """The chat model named by the settings."""
    if settings.llm_base_url:
        return _endpoint_model_class()(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key,
            model=settings.llm_model,
            timeout=settings.llm_timeout,
            max_retries=1,
            max_completion_tokens=settings.max_tokens,
            temperature=settings.temperature,
            stream_usage=True,
        )
    return LocalChatModel(
        llama=load_llama(settings),
        max_tokens=settings.max_tokens,
        temperature=settings.temperature,
        model_name=settings.llm_model,
    )


# A response of the wrong shape makes ChatOpenAI fail deep in its parsing with these.
_SHAPE_ERRORS = (TypeError, KeyError, AttributeError, IndexError)


@functools.cache
def _endpoint_model_class() -> type[ChatOpenAI]:
    """ChatOpenAI, with a malformed response raised as a ValueError (one of `ENDPOINT_ERRORS`)
    instead of a TypeError that would reach the user as a traceback. Imported here: only
    the remote path needs it."""
    from langchain_openai import ChatOpenAI

    class EndpointChatModel(ChatOpenAI):
        def _create_chat_result(self, response: Any, generation_info: dict[str, Any] | None = None) -> ChatResult:
            try:
                return super()._create_chat_result(response, generation_info)
            except _SHAPE_ERRORS as exc:
                raise ValueError(f"not an OpenAI chat completion ({exc})") from exc

        def _convert_chunk_to_generation_chunk(
            self, chunk: dict[str, Any], default_chunk_class: type, base_generation_info: dict[str, Any] | None
        ) -> ChatGenerationChunk | None:
            try:
                return super()._convert_chunk_to_generation_chunk(chunk, default_chunk_class, base_generation_info)
            except _SHAPE_ERRORS as exc:
                raise ValueError(f"not an OpenAI chat completion chunk ({exc})") from exc

    return EndpointChatModel


def load_llama(settings: Settings) -> Any:
    """Load the GGUF with llama-cpp-python (imported here: only the local path needs it)."""
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ModelError("llama-cpp-python is not installed: run the README's install command") from exc
    path = local_model_path(settings)
    try:
        return Llama(
            model_path=str(path),
            n_ctx=settings.n_ctx,
            n_threads=settings.n_threads,
            n_batch=512,
            verbose=False,
        )
    except (ValueError, RuntimeError) as exc:
        raise ModelError(f"cannot load the model {path}: {exc} (QA_MODEL_PATH)") from exc


# What the OpenAI client raises when an endpoint is down, slow, or answers nonsense.
ENDPOINT_ERRORS = (openai.APIError, openai.APIConnectionError, openai.APITimeoutError, ValueError)


def endpoint_error(settings: Settings, exc: Exception) -> LLMUnavailableError:
    """One readable message for a failed call to the configured endpoint."""
    where = settings.llm_base_url or "the local model"
    kind = type(exc).__name__
    if isinstance(exc, openai.APITimeoutError):
        why = f"no answer within {settings.llm_timeout:g} s (QA_LLM_TIMEOUT)"
    elif isinstance(exc, openai.APIConnectionError):
        why = "cannot connect (is it running? QA_LLM_BASE_URL)"
    elif isinstance(exc, openai.APIStatusError):
        why = f"HTTP {exc.status_code}: {exc.message}"[:300]
    else:
        why = f"{kind}: {exc}"[:300]
    return LLMUnavailableError(f"LLM endpoint {where}: {why}")

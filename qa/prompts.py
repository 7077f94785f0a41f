"""Prompt files from `prompts/` (shipped as `qa.prompts`), rendered strictly.

Each chat prompt is a YAML file with a `system` and a `human` template; a template
that asks for a variable we do not pass, or misses one we do, fails at load time.

    >>> load_chat_prompt("answer").input_variables
    ['instructions', 'passages', 'question']
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from langchain_core.prompts import ChatPromptTemplate

from qa.errors import ConfigError

VARIABLES = {
    "answer": {"passages", "question", "instructions"},
    "choose": {"passages", "question", "instructions"},
    "retry": {"passages", "question", "instructions"},
    "rewrite": {"history", "question"},
    "translate": {"text"},
    "verify": {"passage", "question", "answer"},
}


def prompts_dir() -> Traversable:
    """`qa.prompts` in an installed wheel; the checkout's `prompts/` in an editable install."""
    try:
        return importlib.resources.files("qa.prompts")
    except (ModuleNotFoundError, TypeError):
        return Path(__file__).resolve().parent.parent / "prompts"


def read_prompt_file(name: str) -> dict[str, Any]:
    """The parsed YAML of `prompts/<name>.yaml`."""
    resource = prompts_dir() / f"{name}.yaml"
    try:
        data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"prompt file prompts/{name}.yaml cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"prompt file prompts/{name}.yaml must be a mapping")
    return data


@cache
def load_chat_prompt(name: str) -> ChatPromptTemplate:
    """A chat prompt whose variables are exactly those the pipeline passes."""
    data = read_prompt_file(name)
    prompt = ChatPromptTemplate.from_messages([("system", data["system"]), ("human", data["human"])])
    if set(prompt.input_variables) != VARIABLES[name]:
        raise ConfigError(
            f"prompts/{name}.yaml uses {sorted(prompt.input_variables)}, expected {sorted(VARIABLES[name])}"
        )
    return prompt


@cache
def messages() -> dict[str, Any]:
    """The fixed sentences of `prompts/messages.yaml`."""
    return read_prompt_file("messages")


@cache
def glossary(language: str) -> dict[str, str]:
    """The terms of `language` and their English, from `prompts/terms.yaml`."""
    terms = read_prompt_file("terms").get(language) or {}
    if not isinstance(terms, dict):
        raise ConfigError(f"prompts/terms.yaml: {language!r} must map terms to their English")
    return {str(term): str(gloss) for term, gloss in terms.items()}

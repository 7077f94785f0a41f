"""Prompt files, shipped inside the package as `qa.prompts` (see pyproject.toml)."""

"""The YAML files the app ships and stores (catalogue, texts, areas, programs, stories), read in one way.

libyaml's C parser when PyYAML has it: about ten times faster than the pure-Python one, which is most of the
server's first-page time for the catalogue and the texts. Both loaders build only plain types (safe).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The parsed file (None for an empty file); yaml.YAMLError when it is not valid YAML."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)  # noqa: S506 - a safe loader

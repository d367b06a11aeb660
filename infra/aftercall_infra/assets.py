"""Where the Lambda code asset and the dependency layer come from."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS_DIR = REPO_ROOT / "functions"
LAYER_BUILD_DIR = REPO_ROOT / "layers" / "build"
LAYER_PLACEHOLDER_DIR = REPO_ROOT / "layers" / "placeholder"
# Written by layers/build.py once the layer is complete; its absence means "not built".
LAYER_STAMP_FILE = LAYER_BUILD_DIR / ".requirements.sha256"
# check_memo's Hunspell library and dictionaries (layers/spelling.py), likewise.
SPELLING_LAYER_DIR = REPO_ROOT / "layers" / "build-spelling"
SPELLING_STAMP_FILE = SPELLING_LAYER_DIR / ".inputs.sha256"

# Everything under functions/ that a Lambda never imports.
CODE_ASSET_EXCLUDES = (
    "**/__pycache__",
    "**/*.pyc",
    "*.egg-info",
    "**/.pytest_cache",
    "**/.mypy_cache",
    "aftercall/local",
    "aftercall/cli",
)

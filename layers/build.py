"""Build the Lambda layer without Docker: ``python -m layers.build`` (``make layer``).

pip downloads the arm64 (manylinux aarch64) wheels for the Lambda runtime's Python version, so the
layer is built on any machine. boto3 and botocore are removed (the runtime has them). When a local
python of the runtime's version exists, the layer is byte-compiled with it (unchecked-hash .pyc, valid
whatever the file times in the zip); otherwise the runtime compiles on import. The build is skipped
while requirements/runtime.txt and this recipe are unchanged (a hash stamp in the build directory).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

PYTHON_VERSION = "3.13"  # the Lambda runtime (infra: constants.PYTHON_VERSION; a test keeps them equal)
PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_28_aarch64")
ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements" / "runtime.txt"
BUILD_DIR = ROOT / "layers" / "build"
SITE_DIR = BUILD_DIR / "python"  # Lambda adds /opt/python to sys.path
STAMP = BUILD_DIR / ".requirements.sha256"
PROVIDED_BY_RUNTIME = ("boto3", "botocore", "s3transfer")
LAMBDA_UNZIPPED_LIMIT_MB = 250


def pip_command(target: Path) -> list[str]:
    platforms = [arg for platform in PLATFORMS for arg in ("--platform", platform)]
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",  # the host's .pyc would be for the wrong Python
        *platforms,
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        "--target",
        str(target),
        "-r",
        str(REQUIREMENTS),
    ]


def recipe_hash() -> str:
    """Changes when the requirements or the way they are installed change."""
    recipe = "\n".join(
        [REQUIREMENTS.read_text(encoding="utf-8"), *pip_command(Path("TARGET"))[3:], *PROVIDED_BY_RUNTIME]
    )
    return hashlib.sha256(recipe.encode()).hexdigest()


def is_current() -> bool:
    return STAMP.exists() and STAMP.read_text(encoding="utf-8").strip() == recipe_hash()


def build() -> None:
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
    subprocess.run(pip_command(SITE_DIR), check=True)  # noqa: S603 - fixed arguments, no shell
    remove_runtime_packages(SITE_DIR)
    compiled = compile_for_runtime(SITE_DIR)
    print(
        "byte-compiled with python" + PYTHON_VERSION
        if compiled
        else f"python{PYTHON_VERSION} not found: not byte-compiled"
    )
    STAMP.write_text(recipe_hash() + "\n", encoding="utf-8")


def remove_runtime_packages(site: Path) -> None:
    for name in PROVIDED_BY_RUNTIME:
        for path in [site / name, *site.glob(f"{name}-*.dist-info")]:
            shutil.rmtree(path, ignore_errors=True)
    for cache in site.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def runtime_python() -> str | None:
    """A local interpreter of the runtime's version: on PATH, or installed by pyenv."""
    name = f"python{PYTHON_VERSION}"
    candidates = [
        shutil.which(name),
        *sorted(map(str, Path.home().glob(f".pyenv/versions/{PYTHON_VERSION}*/bin/{name}"))),
    ]
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "--version"], capture_output=True, check=False)  # noqa: S603
        if probe.returncode == 0:
            return candidate
    return None


def compile_for_runtime(site: Path) -> bool:
    python = runtime_python()
    if python is None:
        return False
    command = [
        python,
        "-m",
        "compileall",
        "-q",
        "-j",
        "0",
        "--invalidation-mode",
        "unchecked-hash",
        str(site),
    ]
    return subprocess.run(command, check=False).returncode == 0  # noqa: S603 - fixed arguments, no shell


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1_000_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m layers.build", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--force", action="store_true", help="rebuild even if the requirements did not change"
    )
    args = parser.parse_args(argv)
    if args.force or not is_current():
        build()
    else:
        print("layer up to date (requirements/runtime.txt unchanged)")
    size = size_mb(SITE_DIR)
    print(f"layer: {SITE_DIR.relative_to(ROOT)} {size:.1f} MB unzipped (limit {LAMBDA_UNZIPPED_LIMIT_MB} MB)")
    return 0 if size < LAMBDA_UNZIPPED_LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())

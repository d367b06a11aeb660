"""The interpreter the cold path benchmark measures in: the Lambda runtime's Python with only what a
deployed function has (requirements/runtime.txt, plus boto3 and botocore, which the runtime provides).

The venv lives in ``.bench/runtime-venv-py<version>/`` (ignored by git) and is rebuilt only when its
inputs change: a stamp holds a hash of the interpreter's version, requirements/runtime.txt, the pins
of requirements/dev.lock (used as constraints, so transitive versions match the dev venv) and this
recipe. The aftercall code is not installed: the benchmark puts functions/ on PYTHONPATH.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from layers.build import PROVIDED_BY_RUNTIME, PYTHON_VERSION, runtime_python

ROOT = Path(__file__).resolve().parents[1]
VENV_DIR = ROOT / ".bench" / f"runtime-venv-py{PYTHON_VERSION}"
RUNTIME_REQUIREMENTS = ROOT / "requirements" / "runtime.txt"
DEV_LOCK = ROOT / "requirements" / "dev.lock"
STAMP_NAME = ".inputs.sha256"
_RECIPE = "venv; pip install -r runtime.txt -c dev.lock + runtime-provided pins; compileall"


def interpreter_of(venv: Path) -> Path:
    return venv / "bin" / "python"


def find_python() -> str:
    """A python of the Lambda runtime's version (layers/build.py PYTHON_VERSION), or a clear error."""
    found = runtime_python()
    if found is None:
        raise RuntimeError(
            f"the cold path benchmark needs Python {PYTHON_VERSION} (the Lambda runtime's version): "
            f"put python{PYTHON_VERSION} on PATH or install it with pyenv (~/.pyenv/versions/"
            f"{PYTHON_VERSION}.x)"
        )
    return found


def provided_pins(lock: Path = DEV_LOCK) -> list[str]:
    """``name==version`` of the packages the Lambda runtime provides, as pinned in the dev lock."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        name, sep, _ = line.partition("==")
        if sep and name.strip().lower() in PROVIDED_BY_RUNTIME:
            pins[name.strip().lower()] = line.strip()
    missing = sorted(set(PROVIDED_BY_RUNTIME) - set(pins))
    if missing:
        raise RuntimeError(f"{lock.name} pins no version of {', '.join(missing)}")
    return [pins[name] for name in PROVIDED_BY_RUNTIME]


def _version(python: str | Path) -> str:
    done = subprocess.run(  # noqa: S603  (a local interpreter, fixed arguments)
        [str(python), "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def inputs_hash(python: str) -> str:
    inputs = [
        _RECIPE,
        _version(python),
        RUNTIME_REQUIREMENTS.read_text(encoding="utf-8"),
        DEV_LOCK.read_text(encoding="utf-8"),
        *provided_pins(),
    ]
    return hashlib.sha256("\n".join(inputs).encode()).hexdigest()


def ensure(venv: Path = VENV_DIR, python: str | None = None) -> Path:
    """The venv's interpreter, (re)building the venv first when its inputs changed."""
    base = python or find_python()
    stamp = venv / STAMP_NAME
    expected = inputs_hash(base)
    if stamp.exists() and stamp.read_text(encoding="utf-8").strip() == expected:
        return interpreter_of(venv)
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)  # noqa: S603  (fixed arguments)
    pip = [str(interpreter_of(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(  # noqa: S603  (fixed arguments)
        [*pip, "-r", str(RUNTIME_REQUIREMENTS), "-c", str(DEV_LOCK), *provided_pins()], check=True
    )
    compile_tree(interpreter_of(venv), venv)
    stamp.write_text(expected + "\n", encoding="utf-8")  # last: an interrupted build is redone
    return interpreter_of(venv)


def compile_tree(python: str | Path, *paths: Path) -> None:
    """Byte-compile ``paths`` for ``python`` (Lambda's layer ships .pyc; up-to-date files are skipped)."""
    subprocess.run(  # noqa: S603  (a local interpreter, fixed arguments)
        [str(python), "-m", "compileall", "-q", "-j", "0", *map(str, paths)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def describe(python: str | Path) -> str:
    """What the measured interpreter holds, for the results."""
    if Path(python).parent.parent.resolve() == VENV_DIR.resolve():
        pins = ", ".join(provided_pins())
        return (
            f"{VENV_DIR.relative_to(ROOT)}: requirements/runtime.txt (constrained by requirements/dev.lock) "
            f"and the runtime-provided {pins}; aftercall from functions/ on PYTHONPATH"
        )
    return f"{python} (not the runtime venv: a smoke run, figures not comparable)"

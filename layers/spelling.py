"""Build the check_memo Lambda's spelling layer: ``python -m layers.spelling`` (``make layer``).

Three Debian bookworm packages, each pinned by its SHA-256, give the layer:
- ``lib/libhunspell-1.7.so.0``: Hunspell's C library for arm64 (``/opt/lib`` is on the runtime's
  library path); it needs only libc and libstdc++, and no symbol version newer than Amazon Linux
  2023's (the Lambda runtime's OS: glibc 2.34, libstdc++ of GCC 11), which the build checks;
- ``hunspell/ko.aff|dic`` and ``hunspell/en_US.aff|dic``: the dictionaries the CLI reads through
  Enchant (hunspell-ko, hunspell-en-us), so the Lambda and ``aftercall lint-memo`` agree;
- ``licenses/``: each package's copyright file.

The .debs come from deb.debian.org (no apt, no foreign architecture on the build machine). The build
is skipped while the pins and this recipe are unchanged (a stamp in the build directory).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import lzma
import re
import shutil
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = ROOT / "layers" / "build-spelling"
STAMP = BUILD_DIR / ".inputs.sha256"
MIRROR = "http://deb.debian.org/debian/"
# The newest symbol versions Amazon Linux 2023 provides (glibc 2.34; libstdc++ of GCC 11).
RUNTIME_PROVIDES = {"GLIBC": (2, 34), "GLIBCXX": (3, 4, 29), "CXXABI": (1, 3, 13)}


@dataclass(frozen=True)
class Package:
    path: str  # under the mirror
    sha256: str
    files: dict[str, str]  # member in the .deb's data → path in the layer


PACKAGES = (
    Package(
        "pool/main/h/hunspell/libhunspell-1.7-0_1.7.1-1_arm64.deb",
        "0488e371acad020233664d4473734c0645ecb695c3a66109eef758caeaa28e0c",
        {
            "./usr/lib/aarch64-linux-gnu/libhunspell-1.7.so.0.0.1": "lib/libhunspell-1.7.so.0",
            "./usr/share/doc/libhunspell-1.7-0/copyright": "licenses/hunspell.copyright",
        },
    ),
    Package(
        "pool/main/h/hunspell-dict-ko/hunspell-ko_0.7.92-1_all.deb",
        "d02674324f1b320f069d93336578f01df4ab6cff23d0878867ccdc80eb6307f2",
        {
            "./usr/share/hunspell/ko.aff": "hunspell/ko.aff",
            "./usr/share/hunspell/ko.dic": "hunspell/ko.dic",
            "./usr/share/doc/hunspell-ko/copyright": "licenses/hunspell-ko.copyright",
        },
    ),
    Package(
        "pool/main/s/scowl/hunspell-en-us_2020.12.07-2_all.deb",
        "04fdf8f6d3171d72980e8ebe4cb1a00c8100e609025cabb65dfb8f7170e65e07",
        {
            "./usr/share/hunspell/en_US.aff": "hunspell/en_US.aff",
            "./usr/share/hunspell/en_US.dic": "hunspell/en_US.dic",
            "./usr/share/doc/hunspell-en-us/copyright": "licenses/hunspell-en-us.copyright",
        },
    ),
)


def recipe_hash() -> str:
    recipe = repr([(p.path, p.sha256, sorted(p.files.items())) for p in PACKAGES]) + repr(RUNTIME_PROVIDES)
    return hashlib.sha256(recipe.encode()).hexdigest()


def deb_data(deb: bytes) -> tarfile.TarFile:
    """The ``data.tar.xz`` member of a .deb (an ar archive)."""
    if not deb.startswith(b"!<arch>\n"):
        raise ValueError("not a .deb (ar archive)")
    offset = 8
    while offset < len(deb):
        name = deb[offset : offset + 16].decode().strip().rstrip("/")
        size = int(deb[offset + 48 : offset + 58].decode().strip())
        body = deb[offset + 60 : offset + 60 + size]
        if name == "data.tar.xz":
            return tarfile.open(fileobj=io.BytesIO(lzma.decompress(body)))
        offset += 60 + size + (size % 2)
    raise ValueError("the .deb has no data.tar.xz")


def newest_versions(library: bytes) -> dict[str, tuple[int, ...]]:
    """The newest version the library asks for of each symbol set (its version-needs names)."""
    newest: dict[str, tuple[int, ...]] = {}
    for prefix, version in re.findall(rb"\b(GLIBCXX|GLIBC|CXXABI)_([0-9]+(?:\.[0-9]+)+)\b", library):
        key, parsed = prefix.decode(), tuple(int(n) for n in version.decode().split("."))
        newest[key] = max(newest.get(key, parsed), parsed)
    return newest


def too_new(library: bytes) -> list[str]:
    """Symbol versions the Lambda runtime's OS does not provide."""
    return [
        f"{name}_{'.'.join(map(str, version))}"
        for name, version in sorted(newest_versions(library).items())
        if version > RUNTIME_PROVIDES.get(name, version)
    ]


def fetch(package: Package) -> bytes:
    with urllib.request.urlopen(MIRROR + package.path, timeout=60) as response:  # noqa: S310 - fixed https/http mirror
        deb: bytes = response.read()
    if hashlib.sha256(deb).hexdigest() != package.sha256:
        raise ValueError(f"{package.path}: SHA-256 does not match the pin")
    return deb


def build() -> None:
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
    for package in PACKAGES:
        data = deb_data(fetch(package))
        for member, target in package.files.items():
            extracted = data.extractfile(member)
            if extracted is None:
                raise ValueError(f"{package.path}: {member} is not a file")
            content = extracted.read()
            if target.startswith("lib/") and (unmet := too_new(content)):
                raise ValueError(f"{target} needs {', '.join(unmet)}: newer than the Lambda runtime has")
            out = BUILD_DIR / target
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content)
    STAMP.write_text(recipe_hash() + "\n", encoding="utf-8")


def is_current() -> bool:
    return STAMP.exists() and STAMP.read_text(encoding="utf-8").strip() == recipe_hash()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m layers.spelling", description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the pins did not change")
    args = parser.parse_args(argv)
    if args.force or not is_current():
        build()
    else:
        print("spelling layer up to date")
    size = sum(f.stat().st_size for f in BUILD_DIR.rglob("*") if f.is_file()) / 1_000_000
    print(f"spelling layer: {BUILD_DIR.relative_to(ROOT)} {size:.1f} MB unzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())

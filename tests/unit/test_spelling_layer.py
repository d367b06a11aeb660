"""The check_memo Lambda's spelling layer (layers/spelling.py): what it extracts, and its checks."""

from __future__ import annotations

import io
import lzma
import tarfile
from pathlib import Path

import pytest
from layers import spelling

from aftercall.adapters import hunspell_library


def _deb(members: dict[str, bytes]) -> bytes:
    """A .deb as dpkg writes one: an ar archive of debian-binary, control and data.tar.xz."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    parts = [
        ("debian-binary", b"2.0\n"),
        ("control.tar.xz", b"x"),
        ("data.tar.xz", lzma.compress(data.getvalue())),
    ]
    out = b"!<arch>\n"
    for name, body in parts:
        header = f"{name + '/':<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(body):<10}`\n".encode()
        out += header + body + (b"\n" if len(body) % 2 else b"")
    return out


def test_a_file_is_read_out_of_a_debs_data() -> None:
    deb = _deb({"./usr/share/hunspell/ko.aff": b"SET UTF-8\n", "./usr/lib/x.so": b"\x7fELF"})
    assert spelling.deb_data(deb).extractfile("./usr/share/hunspell/ko.aff").read() == b"SET UTF-8\n"  # type: ignore[union-attr]


def test_something_else_than_a_deb_is_refused() -> None:
    with pytest.raises(ValueError, match=r"not a \.deb"):
        spelling.deb_data(b"PK\x03\x04 a zip")


def test_a_library_asking_for_a_newer_libstdcpp_than_the_runtimes_is_refused() -> None:
    fits = b"\0GLIBC_2.17\0GLIBCXX_3.4.29\0CXXABI_1.3.9\0"
    assert spelling.too_new(fits) == []
    assert spelling.too_new(fits + b"GLIBCXX_3.4.30\0GLIBC_2.36\0") == ["GLIBC_2.36", "GLIBCXX_3.4.30"]


def test_the_layer_holds_what_the_lambdas_speller_opens() -> None:
    targets = {target for package in spelling.PACKAGES for target in package.files.values()}
    assert f"lib/{hunspell_library.LIBRARY}" in targets
    assert Path("/opt") / f"lib/{hunspell_library.LIBRARY}" == hunspell_library.LAYER_LIBRARY
    for name in hunspell_library.FILE_NAMES.values():
        assert {f"hunspell/{name}.aff", f"hunspell/{name}.dic"} <= targets
    assert all(any(t.startswith("licenses/") for t in p.files.values()) for p in spelling.PACKAGES)


def test_the_local_hunspell_library_passes_the_same_check() -> None:
    """The check on a real library: Debian's own build of the same Hunspell (x86_64 here)."""
    local = Path("/usr/lib/x86_64-linux-gnu") / hunspell_library.LIBRARY
    if not local.exists():
        pytest.skip("no local libhunspell (make spelling)")
    versions = spelling.newest_versions(local.read_bytes())
    assert set(versions) == {"GLIBC", "GLIBCXX", "CXXABI"}
    assert spelling.too_new(local.read_bytes()) == []

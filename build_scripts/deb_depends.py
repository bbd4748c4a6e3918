"""Print the Debian ``Depends:`` value for a PyInstaller bundle: the system libraries it does not carry.

``python build_scripts/deb_depends.py dist/earchive``

Reads the DT_NEEDED entries of every ELF file in the bundle (``objdump -p``, from
binutils, which PyInstaller needs anyway), drops the libraries the bundle carries
itself, and maps each remaining library to the Debian package that owns it on this
machine (``ldconfig -p`` then ``dpkg -S``).  A library this machine lacks is looked up
in :data:`KNOWN_PACKAGES` (Qt's X11 plugin needs two small xcb libraries that Qt's
wheels do not ship).  libc6 gets a lower bound: the newest GLIBC_x.y symbol version
that a file of the bundle uses.
What cannot be mapped is reported on stderr and fails the run, so a .deb is never
built with a silently missing dependency.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

#: Libraries the Linux loader provides, never a package dependency of their own.
LOADER = {"ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "linux-vdso.so.1"}
#: Packages for libraries that may be missing on the build machine (Debian 12 / Ubuntu 22.04+ names).
KNOWN_PACKAGES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
_NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.MULTILINE)
_GLIBC = re.compile(r"\bGLIBC_(\d+(?:\.\d+)+)\b")


def elf_files(bundle: Path) -> list[Path]:
    """Every regular ELF file below ``bundle`` (executables and shared libraries)."""
    out = []
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    out.append(path)
    return out


def needed(path: Path) -> set[str]:
    text = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
    return set(_NEEDED.findall(text))


def system_libraries() -> dict[str, str]:
    """Library name -> path, from the loader cache of this machine (64-bit x86/arm entries)."""
    text = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    found: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        match = re.match(r"\s*(\S+) \((.*?)\) => (\S+)", line)
        if match and ("x86-64" in match.group(2) or "AArch64" in match.group(2)):
            found.setdefault(match.group(1), match.group(3))
    return found


def owner(path: str) -> str | None:
    """The Debian package that owns ``path`` (tries the /usr-merged spellings too)."""
    real = os.path.realpath(path)
    for candidate in dict.fromkeys([path, real, "/usr" + path if not path.startswith("/usr") else path[4:],
                                    "/usr" + real if not real.startswith("/usr") else real[4:]]):
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0 and done.stdout:
            return done.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def glibc_version(files: list[Path]) -> str:
    """The newest GLIBC_x.y symbol version any of ``files`` needs: the oldest glibc the bundle runs on."""
    newest = (2, 17)
    for path in files:
        text = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        for found in _GLIBC.findall(text):
            newest = max(newest, tuple(int(n) for n in found.split(".")))
    return ".".join(str(n) for n in newest)


def depends(bundle: Path) -> tuple[list[str], list[str]]:
    """(Depends entries, libraries that could not be mapped to a package)."""
    files = elf_files(bundle)
    carried = {p.name for p in bundle.rglob("*")}
    wanted: set[str] = set()
    for path in files:
        wanted |= needed(path)
    outside = sorted(wanted - carried - LOADER)
    cache = system_libraries()
    packages, unknown = set(), []
    for name in outside:
        package = owner(cache[name]) if name in cache else None
        package = package or KNOWN_PACKAGES.get(name)
        if package is None:
            unknown.append(name)
        else:
            packages.add(package)
    entries = sorted(p for p in packages if p != "libc6")
    return [f"libc6 (>= {glibc_version(files)})", *entries], unknown


if __name__ == "__main__":
    entries, unknown = depends(Path(sys.argv[1]))
    if unknown:
        print("no Debian package known for: " + ", ".join(unknown), file=sys.stderr)
        sys.exit(1)
    print(", ".join(entries))

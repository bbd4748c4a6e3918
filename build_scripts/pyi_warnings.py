"""Sort PyInstaller's warnings into explained and unexplained ones, so that a real warning is seen.

Usage: python build_scripts/pyi_warnings.py PYINSTALLER_LOG

Prints every WARNING line that :data:`EXPLAINED` does not cover, then one summary line
("PyInstaller: N warnings, K explained in docs/installers.md, M to look at").  Exit 0 always:
a warning is for people to read, the build's own checks decide whether it works.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: (pattern, why) for warnings that are understood; docs/installers.md says the same.
EXPLAINED = [
    (re.compile(r"could not resolve 'lib(gtk|gdk)-3\.so\.0', dependency of '.*/libqgtk3\.so'"),
     "Qt's GTK 3 platform-theme plugin: Qt loads it only where GTK 3 is installed (GNOME desktops) "
     "and uses its own style elsewhere; earchive does not bundle GTK."),
    (re.compile(r"could not resolve 'libxcb-(icccm\.so\.4|keysyms\.so\.1|cursor\.so\.0)'"),
     "Qt's X11 plugin needs these small xcb libraries, which the Qt wheels do not carry: setup.sh installs "
     "them so that the bundle carries them; built without them, the .deb depends on them (deb_depends.py)."),
]


def main(log: Path) -> int:
    warnings = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
                if " WARNING: " in line or line.startswith("WARNING: ")]
    explained = [w for w in warnings if any(p.search(w) for p, _ in EXPLAINED)]
    others = [w for w in warnings if w not in explained]
    for line in others:
        print(line)
    print(f"PyInstaller: {len(warnings)} warnings, {len(explained)} explained in docs/installers.md, "
          f"{len(others)} to look at")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

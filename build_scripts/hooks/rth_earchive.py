"""PyInstaller runtime hook: point python-magic at the libmagic database in the bundle.

On Linux the bundle carries the build machine's libmagic.so.1 (found first by ctypes,
which PyInstaller makes look in the bundle) and the magic.mgc compiled for that same
libmagic version in ``<bundle>/libmagic/``.  libmagic reads its database from the
MAGIC environment variable, so this hook sets it before anything imports ``magic``;
spawned worker processes inherit it.  A database of another libmagic version could
fail to load, hence the bundle's file wins over a MAGIC set outside.

On Windows python-magic-standalone finds its own DLLs and magic.mgc next to its
package, so nothing is done there.
"""

import os
import sys


def _point_magic_at_bundle() -> None:
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle or sys.platform == "win32":
        return
    database = os.path.join(bundle, "libmagic", "magic.mgc")
    if os.path.isfile(database):
        os.environ["MAGIC"] = database


_point_magic_at_bundle()

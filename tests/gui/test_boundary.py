"""The Qt boundary is enforced by a test (style practice 11): the core never imports Qt or the GUI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "earchive_gui")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt_or_the_gui():
    offenders = []
    modules = sorted((ROOT / "earchive").rglob("*.py"))
    assert len(modules) > 10
    for path in modules:
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_importing_the_core_loads_no_qt():
    """Also at run time: importing every core module (as the CLI does) pulls in no Qt module."""
    code = (
        "import importlib, pkgutil, sys, earchive\n"
        "for m in pkgutil.walk_packages(earchive.__path__, 'earchive.'):\n"
        "    try: importlib.import_module(m.name)\n"
        "    except ImportError: pass\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in %r)\n"
        "print(','.join(bad))\n" % (FORBIDDEN,)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_gui_settings_declaration_is_qt_free():
    """earchive_gui.settings (the typed declaration and migrations) must stay importable without Qt."""
    assert not {n for n in _imports(ROOT / "earchive_gui" / "settings.py") if n.split(".")[0] in FORBIDDEN}
    assert not {n for n in _imports(ROOT / "earchive_gui" / "plan.py") if n.split(".")[0] in FORBIDDEN[:-1]}


def test_pyside_keeps_the_reference_count_of_none(qapp):
    """PySide6 6.12.0 returns None from QVariant conversions without a reference (the process then
    aborts with "deallocating None" on exit); the GUI reads empty item data all the time."""
    from PySide6.QtGui import QStandardItem
    from PySide6.QtWidgets import QComboBox

    combo = QComboBox()
    item = QStandardItem("x")
    before = sys.getrefcount(None)
    for _ in range(200):
        combo.currentData()
        item.data(300)
    assert sys.getrefcount(None) - before >= -5, "this PySide6 version loses references to None: use another version"


def test_without_pyside6_earchive_gui_says_how_to_install_it(tmp_path):
    """A plain `pip install earchive` has no PySide6: earchive-gui says `pip install 'earchive[gui]'`, no traceback."""
    import subprocess
    import sys

    blocker = tmp_path / "sitecustomize.py"  # makes `import PySide6` fail in the child, as when it is not installed
    blocker.write_text(
        "import sys\n"
        "class _NoQt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith('PySide6.'):\n"
        "            raise ImportError('No module named ' + repr(name))\n"
        "sys.meta_path.insert(0, _NoQt())\n")
    env = {**__import__("os").environ, "PYTHONPATH": str(tmp_path), "LANG": "C"}
    done = subprocess.run([sys.executable, "-c", "from earchive_gui.app import run; run()", "--lang", "sv"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "pip install 'earchive[gui]'" in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.startswith("earchives skrivbordsprogram behöver PySide6")

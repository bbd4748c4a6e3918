# PyInstaller hook for lxml, used instead of pyinstaller-hooks-contrib's (the spec's hookspath).
# The contrib hook asks for every lxml submodule; earchive uses lxml.etree and lxml.isoschematron
# and the spec excludes lxml.html, lxml.objectify, lxml.cssselect and lxml.sax, so the contrib
# hook made PyInstaller warn "Hidden import ... not found" once per excluded module.
# This hook asks for the same modules less the excluded ones, so no warning is expected.
from PyInstaller.utils.hooks import collect_submodules

LXML_UNUSED = ("lxml.html", "lxml.objectify", "lxml.cssselect", "lxml.sax")

hiddenimports = collect_submodules("lxml", filter=lambda name: not name.startswith(LXML_UNUSED))

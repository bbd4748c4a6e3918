"""CSIPSTR1-16: the folder structure of the package (CSIP section 4.1), checked first.

Names are compared exactly (``METS.xml``, ``metadata``, ``representations``): CSIP
names the folders and files, and case matters on most archive systems.  Also the
reading problems of :mod:`earchive.validation.reader` (links, unsafe paths, names that
are not UTF-8), reported under PACKAGE-SAFE.
"""

from __future__ import annotations

import difflib

from earchive.validation.context import NOT_APPLICABLE, NS, PACKAGE, Context, XL, check, resolve_href
from earchive.validation.filesec import group_flocats
from earchive.validation.findings import Severity

#: Folder names CSIP gives a meaning to.
CSIP_FOLDERS = ("metadata", "descriptive", "preservation", "other", "representations", "data", "schemas", "documentation")

#: ReadIssue kinds that make a package unsafe or incomplete (each an error).
_ISSUE_CODES = {
    "unsafe_path": "v.read.issue.unsafe_path",
    "link": "v.read.issue.link",
    "special": "v.read.issue.special",
    "not_utf8": "v.read.issue.not_utf8",
    "duplicate": "v.read.issue.duplicate",
    "unreadable": "v.read.issue.unreadable",
    "outside_root": "v.read.issue.outside_root",
}


@check("PACKAGE-SAFE", PACKAGE)
def check_PACKAGE_SAFE(ctx: Context):
    """Every entry of the package can be read safely: no links, no paths leaving the package, UTF-8 names."""
    for issue in ctx.pkg.issues:
        if issue.kind == "outside_root":
            continue  # reported under CSIPSTR1
        ctx.add("PACKAGE-SAFE", _ISSUE_CODES[issue.kind], file=issue.name, name=issue.name, detail=issue.detail)


@check("CSIPSTR1", PACKAGE)
def check_CSIPSTR1(ctx: Context):
    """CSIPSTR1 Single root folder: an archive MUST unpack to a single root folder."""
    if ctx.pkg.kind == "folder":
        return None
    if not ctx.pkg.single_root:
        ctx.add("CSIPSTR1", "v.str.no_single_root", names=", ".join(ctx.pkg.top_level[:10]))
    for issue in ctx.pkg.issues:
        if issue.kind == "outside_root":
            ctx.add("CSIPSTR1", "v.str.outside_root", file=issue.name, name=issue.name, root=ctx.pkg.root_name)
    return None


@check("CSIPSTR2", PACKAGE)
def check_CSIPSTR2(ctx: Context):
    """CSIPSTR2 Root folder name SHOULD be the package's mets/@OBJID."""
    root = ctx.root_doc
    if root is None or root.root is None or not ctx.pkg.root_name:
        return NOT_APPLICABLE
    objid = (root.root.get("OBJID") or "").strip()
    if not objid:
        return NOT_APPLICABLE  # reported under CSIP1
    if ctx.pkg.root_name != objid:
        ctx.add("CSIPSTR2", "v.str.root_name", file="", folder=ctx.pkg.root_name, objid=objid)
    return None


@check("CSIPSTR3", PACKAGE)
def check_CSIPSTR3(ctx: Context):
    """CSIPSTR3 The root folder MAY be compressed (ZIP, TAR); either form is accepted."""
    return None


@check("CSIPSTR4", PACKAGE)
def check_CSIPSTR4(ctx: Context):
    """CSIPSTR4 The root folder MUST include a file named METS.xml."""
    if "METS.xml" in ctx.pkg.files:
        return None
    _dirs, files = ctx.pkg.children("")
    near = [f for f in files if f.lower().endswith(".xml")]
    ctx.add("CSIPSTR4", "v.str.no_mets", file="", found=", ".join(near) or "-")
    return None


@check("CSIPSTR5", PACKAGE)
def check_CSIPSTR5(ctx: Context):
    """CSIPSTR5 The root folder SHOULD include a folder named metadata."""
    _missing_folder(ctx, "CSIPSTR5", "", "metadata")
    return None


@check("CSIPSTR6", PACKAGE)
def check_CSIPSTR6(ctx: Context):
    """CSIPSTR6 Preservation metadata SHOULD be in the sub-folder metadata/preservation."""
    return _metadata_in(ctx, "CSIPSTR6", "amdSec/digiprovMD/mdRef", "preservation")


@check("CSIPSTR7", PACKAGE)
def check_CSIPSTR7(ctx: Context):
    """CSIPSTR7 Descriptive metadata SHOULD be in the sub-folder metadata/descriptive."""
    return _metadata_in(ctx, "CSIPSTR7", "dmdSec/mdRef", "descriptive")


@check("CSIPSTR8", PACKAGE)
def check_CSIPSTR8(ctx: Context):
    """CSIPSTR8 Other metadata MAY be in separate sub-folders of metadata (e.g. metadata/other)."""
    return None


@check("CSIPSTR9", PACKAGE)
def check_CSIPSTR9(ctx: Context):
    """CSIPSTR9 The package folder SHOULD include a folder named representations."""
    _missing_folder(ctx, "CSIPSTR9", "", "representations")
    return None


@check("CSIPSTR10", PACKAGE)
def check_CSIPSTR10(ctx: Context):
    """CSIPSTR10 The representations folder SHOULD include a sub-folder for each representation."""
    if not ctx.pkg.is_dir("representations"):
        return NOT_APPLICABLE
    reps, files = ctx.pkg.children("representations")
    if not reps:
        ctx.add("CSIPSTR10", "v.str.no_representation_folders", file="representations")
    for name in files:
        if not name.startswith("."):
            ctx.add("CSIPSTR10", "v.str.file_in_representations", file=f"representations/{name}", name=name)
    return None


@check("CSIPSTR11", PACKAGE)
def check_CSIPSTR11(ctx: Context):
    """CSIPSTR11 Each representation folder SHOULD include a sub-folder named data."""
    return _each_representation(ctx, "CSIPSTR11", lambda rep: _missing_folder(ctx, "CSIPSTR11", rep, "data"))


@check("CSIPSTR12", PACKAGE)
def check_CSIPSTR12(ctx: Context):
    """CSIPSTR12 Each representation folder SHOULD include a METS.xml file."""

    def one(rep: str) -> None:
        if f"{rep}/METS.xml" not in ctx.pkg.files:
            ctx.add("CSIPSTR12", "v.str.no_representation_mets", file=rep, folder=rep)

    return _each_representation(ctx, "CSIPSTR12", one)


@check("CSIPSTR13", PACKAGE)
def check_CSIPSTR13(ctx: Context):
    """CSIPSTR13 Each representation folder SHOULD include a sub-folder named metadata."""
    return _each_representation(ctx, "CSIPSTR13", lambda rep: _missing_folder(ctx, "CSIPSTR13", rep, "metadata"))


@check("CSIPSTR14", PACKAGE)
def check_CSIPSTR14(ctx: Context):
    """CSIPSTR14 The package MAY be extended with additional sub-folders: any extra folder is allowed."""
    return None


@check("CSIPSTR15", PACKAGE)
def check_CSIPSTR15(ctx: Context):
    """CSIPSTR15 XML schemas SHOULD be in a sub-folder schemas of the root and/or representation folder."""
    schema_files = [p for p in ctx.pkg.files if p.lower().endswith(".xsd")]
    if not schema_files:
        return NOT_APPLICABLE  # a package without schemas breaks CSIP113 (Schemas file group), not this
    for p in schema_files:
        if "/schemas/" not in f"/{p}":
            ctx.add("CSIPSTR15", "v.str.schema_outside", file=p)
    return None


@check("CSIPSTR16", PACKAGE)
def check_CSIPSTR16(ctx: Context):
    """CSIPSTR16 Supplementary documentation SHOULD be in a sub-folder documentation."""
    root = ctx.root_doc
    if root is None or root.root is None:
        return NOT_APPLICABLE
    found = False
    for grp in root.all("fileSec/fileGrp"):
        if grp.get("USE") != "Documentation":
            continue
        for flocat in group_flocats(root, grp):
            rel, _ = resolve_href("", flocat.get(XL("href")) or "")
            if rel is None:
                continue
            found = True
            if "/documentation/" not in f"/{rel}":
                ctx.add("CSIPSTR16", "v.str.documentation_outside", doc=root, el=flocat, path=rel)
    return None if found or ctx.pkg.is_dir("documentation") else NOT_APPLICABLE


# --- helpers -----------------------------------------------------------------------------


def _missing_folder(ctx: Context, req: str, parent: str, name: str) -> None:
    path = f"{parent}/{name}" if parent else name
    if ctx.pkg.is_dir(path):
        return
    subdirs, _ = ctx.pkg.children(parent)
    # A near miss ("Metadata", "metadata_old", "represe1ntations") is named in the message;
    # the other CSIP folder names are never taken for one another ("data" is no "metadata").
    candidates = [s for s in subdirs if s.lower() not in CSIP_FOLDERS or s.lower() == name]
    near = [s for s in candidates if s.lower() == name] or difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    if near:
        ctx.add(req, "v.str.folder_misnamed", file=parent, folder=path, found=f"{parent}/{near[0]}" if parent else near[0])
    else:
        ctx.add(req, "v.str.folder_missing", file=parent, folder=path)


def _each_representation(ctx: Context, req: str, func) -> str | None:
    if not ctx.pkg.is_dir("representations"):
        return NOT_APPLICABLE
    reps, _ = ctx.pkg.children("representations")
    if not reps:
        return NOT_APPLICABLE
    for rep in reps:
        func(f"representations/{rep}")
    return None


def _metadata_in(ctx: Context, req: str, path: str, folder: str) -> str | None:
    seen = False
    for doc in ctx.docs:
        for md in doc.all(path):
            rel, _ = resolve_href(doc.folder, md.get(XL("href")) or "")
            if rel is None:
                continue
            seen = True
            base = f"{doc.folder}/metadata/{folder}/" if doc.folder else f"metadata/{folder}/"
            if not rel.startswith(base):
                ctx.add(req, "v.str.metadata_outside", doc=doc, el=md, severity=Severity.WARNING,
                        path=rel, folder=base.rstrip("/"))
    return None if seen else NOT_APPLICABLE

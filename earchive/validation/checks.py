"""Import every check module, so that each registers its checks (one per requirement ID)."""

from earchive.validation import (  # noqa: F401
    amdsec,
    dmdsec,
    erms,
    filesec,
    mets_header,
    mets_root,
    package_files,
    schemas_used,
    structmap,
    structure,
    xml_schemas,
)

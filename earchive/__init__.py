"""earchive: build, validate and deliver E-ARK SIP submission packages.

The public API (used by the CLI and the GUI alike)::

    from earchive import Submission, Representation, Agent, AgentKind, DublinCore, BuildOptions, build_package
"""

from __future__ import annotations

from importlib import metadata as _metadata


def _version() -> str:
    try:
        return _metadata.version("earchive")
    except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+source"


__version__ = _version()

from earchive.model import (  # noqa: E402
    Agent,
    AgentKind,
    BuildOptions,
    DublinCore,
    EadDescription,
    KeyValue,
    MetadataFile,
    Representation,
    Submission,
)
from earchive.spec import SpecVersion  # noqa: E402

__all__ = [
    "Agent",
    "AgentKind",
    "BuildOptions",
    "DublinCore",
    "EadDescription",
    "KeyValue",
    "MetadataFile",
    "Representation",
    "Submission",
    "SpecVersion",
    "__version__",
]

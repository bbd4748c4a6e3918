"""Build an E-ARK SIP from a Submission (placeholder: the lead developer is writing it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from earchive.model import BuildOptions, Submission
from earchive.notes import Note
from earchive.progress import CancelToken, Progress, no_progress


@dataclass
class BuildResult:
    """What a finished build produced."""

    package_path: Path  # the final folder or ZIP
    objid: str
    files: int = 0  # content files packaged (all representations)
    bytes: int = 0  # their total size
    seconds: float = 0.0
    notes: list[Note] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "package": str(self.package_path),
            "objid": self.objid,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "notes": [n.to_dict() for n in self.notes],
        }


def build_package(
    submission: Submission,
    options: BuildOptions,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> BuildResult:
    """Build one package; raise InvalidInput, SourceError, OutputError or Cancelled (nothing left behind)."""
    raise NotImplementedError("being written")

"""Report lines produced while building: data with a message code, shown in either language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from earchive.messages import render


@dataclass(frozen=True)
class Note:
    """One line of a build report, e.g. a left-out system file or a renamed file."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    level: str = "info"  # info or warning

    def message(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "level": self.level, "params": {k: str(v) for k, v in self.params.items()}, "message": self.message("en")}

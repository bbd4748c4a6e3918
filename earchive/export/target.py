"""Target configurations and export results, shared by the RODA and Archivematica exporters."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any

from earchive.errors import EarchiveError, InvalidInput


class TargetKind(str, enum.Enum):
    RODA = "roda"
    ARCHIVEMATICA = "archivematica"


class ExportError(EarchiveError):
    """The target refused the package or could not be reached; the local package is kept.

    ``retryable`` tells whether trying again later may help (unreachable server, time-out,
    interrupted upload) as opposed to a refusal (wrong credentials, rejected package).
    """

    code = "error.export"

    def __init__(self, code: str | None = None, /, *, retryable: bool = False, **params: Any) -> None:
        self.retryable = retryable
        super().__init__(code, **params)


@dataclass
class Target:
    """Where and how to deliver; saved as JSON (no secrets in it, ever).

    RODA: ``url`` is the base address of RODA (``https://roda.example.se``); ``user``
    is the user name for Basic authentication, or empty when an access key is used
    (``auth`` = "basic" or "access-key"); ``folder`` is a transfer share to copy the ZIP
    into instead of (or when ``url`` is empty) uploading; ``parent_id`` places the AIP.

    Archivematica: ``url`` is the dashboard address; ``user`` is the API user;
    ``folder`` is the transfer source location path as this machine sees it;
    ``location_uuid`` the Storage Service location UUID of that folder (optional:
    empty means the pipeline's default transfer source, and ``remote_path`` how the
    pipeline sees ``folder``); ``transfer_type`` "standard", "zipfile" or "bag";
    ``processing_config`` e.g. "automated".
    """

    kind: TargetKind
    name: str = ""
    url: str = ""
    user: str = ""
    auth: str = "basic"
    folder: str = ""
    parent_id: str = ""
    location_uuid: str = ""
    remote_path: str = ""
    transfer_type: str = "standard"
    processing_config: str = "automated"
    verify_tls: bool = True
    timeout_s: float = 60.0
    poll_interval_s: float = 5.0
    max_wait_s: float = 4 * 3600.0

    def __post_init__(self) -> None:
        try:
            self.kind = TargetKind(self.kind)
        except ValueError:
            raise InvalidInput("error.invalid_value", field="kind", value=self.kind,
                               allowed=", ".join(k.value for k in TargetKind)) from None
        if not self.url and not self.folder:
            raise InvalidInput("export.target_needs_url_or_folder", name=self.name or self.kind.value)

    @property
    def secret_service(self) -> str:
        """The keyring service name under which this target's secret is kept."""
        return f"earchive:{self.kind.value}:{self.url or self.folder}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Target":
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput("export.target_unknown_keys", keys=", ".join(unknown))
        return cls(**data)


@dataclass
class ConnectionCheck:
    """The answer of a "test connection": ok, and a message code with parameters for the shells."""

    ok: bool
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        from earchive.messages import render

        return render(self.code, self.params, lang)


@dataclass
class ExportResult:
    """What happened to one delivery."""

    target: str  # "roda" or "archivematica"
    package: str  # local path of what was delivered (kept in every case)
    delivered_to: str = ""  # URL or folder
    transfer_id: str = ""  # RODA transferred resource uuid / Archivematica transfer uuid
    job_id: str = ""  # RODA job id / Archivematica SIP uuid
    aip_id: str = ""  # the archive's id of the stored package, when it was reported
    state: str = ""  # e.g. COMPLETED, FAILED, delivered (folder only)
    report: dict[str, Any] = field(default_factory=dict)  # the job report as the server gave it
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


from earchive.messages import register  # noqa: E402

register({
    "export.target_needs_url_or_folder": {
        "en": "The target {name} has neither an address (URL) nor a folder: give one of them.",
        "sv": "Målet {name} har varken adress (URL) eller mapp: ange en av dem.",
    },
    "export.target_unknown_keys": {
        "en": "The target configuration has unknown keys: {keys}. Remove them or check their spelling.",
        "sv": "Målkonfigurationen har okända nycklar: {keys}. Ta bort dem eller kontrollera stavningen.",
    },
    "export.no_secret": {
        "en": "No password or key is stored for {target}. Store it with 'earchive export ... --store-secret' "
              "(kept in the system keyring) or set the environment variable {env}.",
        "sv": "Inget lösenord eller ingen nyckel finns sparad för {target}. Spara den med 'earchive export ... "
              "--store-secret' (sparas i systemets nyckelring) eller sätt miljövariabeln {env}.",
    },
    "export.no_keyring": {
        "en": "This system has no usable keyring ({detail}); set the environment variable {env} instead.",
        "sv": "Systemet har ingen användbar nyckelring ({detail}); sätt miljövariabeln {env} i stället.",
    },
    "error.export": {
        "en": "The export failed: {detail}. The local package is kept.",
        "sv": "Exporten misslyckades: {detail}. Det lokala paketet finns kvar.",
    },
})

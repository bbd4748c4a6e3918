"""The few Archivematica REST calls earchive makes, as small JSON requests with urllib.

Endpoints (archivematica-docs ``dev-manual/api/api-reference-archivematica.rst``), all with
the header ``Authorization: ApiKey <user>:<key>``:

* ``POST /api/v2beta/package`` with ``name``, ``path`` (base64 of an absolute path or of
  ``<location uuid>:<relative path>``), ``type``, ``processing_config``, ``auto_approve``;
  the answer's ``id`` is the transfer UUID.  The transfer starts asynchronously.
* ``GET /api/transfer/status/<uuid>/`` and ``GET /api/ingest/status/<uuid>/``: ``status``
  is one of PROCESSING, COMPLETE, FAILED, REJECTED, USER_INPUT; a complete transfer names
  its SIP in ``sip_uuid`` (or "BACKLOG"), and that SIP's UUID becomes the AIP's.  Right
  after the package call the transfer may not be known yet (HTTP 400): polling goes on.
* ``GET /api/transfer/completed/`` (test connection: a JSON answer with ``results``) and
  ``GET /api/processing-configuration/<name>`` (the configuration exists).

Errors become :class:`~earchive.export.target.ExportError` with ``retryable`` True only
where trying again cannot start a second transfer: the server was not reached, or a
read-only call failed.  The key is only ever put in the request header.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from earchive.export.target import ExportError, Target
from earchive.messages import register
from earchive.progress import CancelToken

#: Statuses after which Archivematica does nothing more without a person.
TERMINAL_STATES = ("COMPLETE", "FAILED", "REJECTED", "USER_INPUT")
#: Failed status polls in a row that are tolerated (a restarting dashboard) before giving up.
MAX_POLL_ERRORS = 5
#: How long an unknown transfer UUID is taken for "not started yet" after the package call.
START_GRACE_S = 120.0


class ArchivematicaApi:
    """A client for one target (base URL, user, key)."""

    def __init__(self, target: Target, key: str) -> None:
        self.target = target
        self.base = target.url.rstrip("/")
        self._auth = f"ApiKey {target.user}:{key}"
        self._context = None if target.verify_tls else ssl._create_unverified_context()  # noqa: S323 - the user's choice

    # --- calls ---------------------------------------------------------------------------

    def start_package(self, name: str, path: str, type_: str, processing_config: str, *, transfer: str) -> str:
        """Start a transfer with POST /api/v2beta/package; return its UUID."""
        body = {
            "name": name,
            "path": base64.b64encode(path.encode("utf-8")).decode("ascii"),
            "type": type_,
            "processing_config": processing_config or "automated",
            "auto_approve": True,
        }
        status, data = self._request("POST", "/api/v2beta/package", body, safe_to_retry=False, transfer=transfer)
        if status >= 400 or not isinstance(data, dict) or not data.get("id"):
            raise ExportError("archivematica.refused", retryable=False, url=self.target.url, transfer=transfer,
                              status=status, detail=_message(data))
        return str(data["id"])

    def status(self, unit: str, uuid: str, *, transfer: str) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON) of GET /api/<transfer|ingest>/status/<uuid>/."""
        status, data = self._request("GET", f"/api/{unit}/status/{uuid}/", None, safe_to_retry=True, transfer=transfer)
        return status, data if isinstance(data, dict) else {}

    def wait(self, unit: str, uuid: str, *, deadline: float, cancel: CancelToken, transfer: str) -> dict[str, Any]:
        """Poll a unit until its status is terminal; return the last status document.

        Raises ExportError (``archivematica.timeout`` past ``deadline``,
        ``archivematica.lost`` when polling keeps failing) or Cancelled (the transfer
        goes on in Archivematica; only the waiting stops).
        """
        started = time.monotonic()
        errors = 0
        while True:
            cancel.check()
            try:
                code, data = self.status(unit, uuid, transfer=transfer)
            except ExportError as exc:
                if exc.code in ("archivematica.unauthorized",):
                    raise
                errors += 1
                if errors >= MAX_POLL_ERRORS:
                    raise ExportError("archivematica.lost", retryable=False, url=self.target.url, transfer=transfer,
                                      uuid=uuid, detail=exc.message("en")) from exc
                code, data = 0, {}
            else:
                errors = 0
            if code == 200 and str(data.get("status", "")) in TERMINAL_STATES:
                return data
            if code >= 400 and not (code in (400, 404) and time.monotonic() - started < START_GRACE_S):
                raise ExportError("archivematica.lost", retryable=False, url=self.target.url, transfer=transfer,
                                  uuid=uuid, detail=f"HTTP {code}: {_message(data)}")
            if time.monotonic() > deadline:
                raise ExportError("archivematica.timeout", retryable=False, url=self.target.url, transfer=transfer,
                                  uuid=uuid, state=data.get("status", "") or "-")
            _sleep(self.target.poll_interval_s, cancel)

    def check(self, processing_config: str) -> None:
        """Raise ExportError unless the server is Archivematica, takes the key and knows the processing configuration."""
        status, data = self._request("GET", "/api/transfer/completed/", None, safe_to_retry=True, transfer="-")
        if status != 200 or not isinstance(data, dict) or "results" not in data:
            raise ExportError("archivematica.not_archivematica", retryable=False, url=self.target.url,
                              detail=f"HTTP {status}")
        if processing_config:
            name = urllib.parse.quote(processing_config, safe="")
            status, _ = self._request("GET", f"/api/processing-configuration/{name}", None, safe_to_retry=True,
                                      transfer="-", expect_json=False)
            if status == 404:
                raise ExportError("archivematica.no_processing_config", retryable=False, url=self.target.url,
                                  config=processing_config)

    # --- transport -----------------------------------------------------------------------

    def _request(self, method: str, path: str, body: dict | None, *, safe_to_retry: bool, transfer: str,
                 expect_json: bool = True) -> tuple[int, Any]:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", self._auth)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.target.timeout_s, context=self._context) as response:
                status, raw, ctype = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            status, raw, ctype = exc.code, exc.read(), exc.headers.get("Content-Type", "") if exc.headers else ""
        except (urllib.error.URLError, ConnectionError, socket.timeout, http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            sent = not isinstance(reason, (ConnectionRefusedError, socket.gaierror)) and method != "GET"
            if sent and not safe_to_retry:
                # The request may have reached the server: trying again could start a second transfer.
                raise ExportError("archivematica.no_answer", retryable=False, url=self.target.url, transfer=transfer,
                                  detail=str(reason)) from exc
            raise ExportError("archivematica.unreachable", retryable=True, url=self.target.url, transfer=transfer,
                              detail=str(reason)) from exc
        if status in (401, 403):
            raise ExportError("archivematica.unauthorized", retryable=False, url=self.target.url, user=self.target.user)
        if status >= 500:
            raise ExportError("archivematica.server_error", retryable=safe_to_retry, url=self.target.url,
                              transfer=transfer, status=status)
        if not expect_json:
            return status, raw
        try:
            parsed = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, ValueError):
            raise ExportError("archivematica.not_archivematica", retryable=False, url=self.target.url,
                              detail=f"HTTP {status}, {ctype or 'no content type'}") from None
        return status, parsed


def _message(data: Any) -> str:
    if isinstance(data, dict):
        return str(data.get("message") or data.get("error") or "")[:500]
    return ""


def _sleep(seconds: float, cancel: CancelToken) -> None:
    end = time.monotonic() + max(0.0, seconds)
    while True:
        cancel.check()
        left = end - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.1))


register({
    "archivematica.unreachable": {
        "en": "Archivematica at {url} cannot be reached ({detail}). Check the address and the network, then try again; the local transfer {transfer} is kept.",
        "sv": "Archivematica på {url} går inte att nå ({detail}). Kontrollera adressen och nätverket och försök igen; den lokala överföringen {transfer} finns kvar.",
    },
    "archivematica.no_answer": {
        "en": "Archivematica at {url} did not answer the start of {transfer} ({detail}); it may have started anyway. Look in the dashboard's Transfer tab before you try again.",
        "sv": "Archivematica på {url} svarade inte när {transfer} skulle startas ({detail}); den kan ha startat ändå. Titta under Transfer i Archivematica innan du försöker igen.",
    },
    "archivematica.unauthorized": {
        "en": "Archivematica at {url} refused the API key of user {user}. Check the user name and store the right key (user profile in the dashboard) with --store-secret or EARCHIVE_ARCHIVEMATICA_API_KEY.",
        "sv": "Archivematica på {url} godtog inte API-nyckeln för användaren {user}. Kontrollera användarnamnet och spara rätt nyckel (användarprofilen i Archivematica) med --store-secret eller EARCHIVE_ARCHIVEMATICA_API_KEY.",
    },
    "archivematica.not_archivematica": {
        "en": "{url} answered, but not as Archivematica's API does ({detail}). Give the dashboard's address (not the Storage Service's).",
        "sv": "{url} svarade, men inte som Archivematicas API ({detail}). Ange adressen till Archivematicas instrumentpanel (inte till Storage Service).",
    },
    "archivematica.no_processing_config": {
        "en": "Archivematica at {url} has no processing configuration called {config}. Choose one listed under Administration → Processing configuration (e.g. automated or default).",
        "sv": "Archivematica på {url} har ingen behandlingskonfiguration som heter {config}. Välj en som finns under Administration → Processing configuration (t.ex. automated eller default).",
    },
    "archivematica.refused": {
        "en": "Archivematica at {url} refused to start {transfer} (HTTP {status}: {detail}). Check that the transfer source folder and location UUID in the target are the pipeline's; the local transfer is kept.",
        "sv": "Archivematica på {url} vägrade starta {transfer} (HTTP {status}: {detail}). Kontrollera att överföringsmappen och platsens UUID i målet hör till pipelinen; den lokala överföringen finns kvar.",
    },
    "archivematica.server_error": {
        "en": "Archivematica at {url} had an internal error (HTTP {status}) while handling {transfer}. Try again later, or ask its administrator to look at the dashboard's log.",
        "sv": "Archivematica på {url} fick ett internt fel (HTTP {status}) vid hanteringen av {transfer}. Försök igen senare eller be administratören titta i loggen.",
    },
    "archivematica.lost": {
        "en": "Lost track of {transfer} (unit {uuid}) at {url}: {detail}. It may still be processing: follow it in the dashboard rather than starting it again.",
        "sv": "Tappade bort {transfer} (enhet {uuid}) på {url}: {detail}. Den kan fortfarande behandlas: följ den i Archivematica i stället för att starta den igen.",
    },
    "archivematica.timeout": {
        "en": "{transfer} (unit {uuid}) was still processing at {url} when earchive stopped waiting (status {state}). Follow it in the dashboard; do not start it again.",
        "sv": "{transfer} (enhet {uuid}) behandlades fortfarande på {url} när earchive slutade vänta (status {state}). Följ den i Archivematica; starta den inte igen.",
    },
})

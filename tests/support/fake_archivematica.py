"""A strict stand-in for Archivematica's REST API on 127.0.0.1, for the client tests.

It implements what earchive calls (archivematica-docs dev-manual/api/api-reference-archivematica.rst):
``POST /api/v2beta/package``, ``GET /api/transfer/status/<uuid>/``, ``GET /api/ingest/status/<uuid>/``,
``GET /api/transfer/completed/`` and ``GET /api/processing-configuration/<name>``, and refuses
what real Archivematica refuses: a missing or wrong ``Authorization: ApiKey user:key`` header
(403, "API key not valid."), a body that is not JSON, a ``path`` that is not base64 or does not
name an existing transfer under the configured transfer source location (by ``<uuid>:<relative>``
or by an absolute path inside it), an unknown ``type`` or one that does not match what lies at
the path, an unknown processing configuration.

Scenarios: ``fail_at`` = "transfer" or "ingest" makes that stage FAILED; ``user_input`` stops at
USER_INPUT; ``unknown_polls`` answers 400 "Cannot fetch unitTransfer" to the first status polls
(as Archivematica does before the transfer is registered); ``html`` answers every request with an
HTML page (a server that is not Archivematica).  ``requests`` records (method, path, auth header, body).
"""

from __future__ import annotations

import base64
import binascii
import json
import socket
import threading
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: The transfer types the package endpoint accepts.
TYPES = ("standard", "zipfile", "unzipped bag", "zipped bag", "dspace", "maildir", "TRIM", "dataverse")
#: Processing configurations this pipeline has.
CONFIGS = ("default", "automated")


class FakeArchivematica:
    """Start with ``with FakeArchivematica(location_path) as am:``; ``am.url`` is its base address."""

    def __init__(self, location_path: Path, *, user: str = "earchive", key: str = "k3y-Secret-42",
                 location_uuid: str | None = None, polls: int = 2, unknown_polls: int = 1) -> None:
        self.location_path = Path(location_path).resolve()
        self.location_uuid = location_uuid or str(uuid.uuid4())
        self.user = user
        self.key = key
        self.polls = polls
        self.unknown_polls = unknown_polls
        self.fail_at = ""
        self.user_input = False
        self.html = False
        self.requests: list[tuple[str, str, str, Any]] = []
        self.transfers: dict[str, dict[str, Any]] = {}
        self.sips: dict[str, dict[str, Any]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-archivematica", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "FakeArchivematica":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    # --- the API ---------------------------------------------------------------------------------

    def handle(self, method: str, path: str, auth: str, body: bytes) -> tuple[int, str, bytes]:
        parsed_body: Any = None
        if body:
            try:
                parsed_body = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                parsed_body = body
        self.requests.append((method, path, auth, parsed_body))
        if self.html:
            return 200, "text/html", b"<html><body>It works!</body></html>"
        if auth != f"ApiKey {self.user}:{self.key}":
            return _json(403, {"message": "API key not valid.", "error": True})
        if method == "POST" and path == "/api/v2beta/package":
            return self._package(parsed_body)
        if method == "GET" and path == "/api/transfer/completed/":
            done = [t for t, s in self.transfers.items() if s["state"] == "COMPLETE"]
            return _json(200, {"message": "Fetched completed transfers successfully.", "results": done})
        if method == "GET" and path.startswith("/api/processing-configuration/"):
            name = path.rsplit("/", 1)[-1]
            if name not in CONFIGS:
                return _json(404, {"success": False, "error": f"Unable to find processing configuration {name!r}."})
            return 200, "text/xml", b"<processingMCP><preconfiguredChoices/></processingMCP>"
        for unit in ("transfer", "ingest"):
            prefix = f"/api/{unit}/status/"
            if method == "GET" and path.startswith(prefix) and path.endswith("/"):
                return self._status(unit, path[len(prefix):-1])
        return _json(404, {"error": True, "message": f"no such endpoint {method} {path}"})

    def _package(self, body: Any) -> tuple[int, str, bytes]:
        if not isinstance(body, dict):
            return _json(400, {"error": True, "message": "The request body must be JSON."})
        for key in ("name", "path"):
            if not isinstance(body.get(key), str) or not body[key]:
                return _json(400, {"error": True, "message": f"Missing {key}."})
        try:
            decoded = base64.b64decode(body["path"], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return _json(400, {"error": True, "message": "path is not base64-encoded UTF-8."})
        where = self._resolve(decoded)
        if where is None or not where.exists():
            return _json(400, {"error": True, "message": f"Path {decoded!r} is not in a transfer source location."})
        type_ = body.get("type", "standard")
        if type_ not in TYPES:
            return _json(400, {"error": True, "message": f"Unknown transfer type {type_!r}."})
        if type_ != _type_of(where):
            return _json(400, {"error": True, "message": f"{decoded} is not a {type_} transfer."})
        config = body.get("processing_config", "default")
        if config not in CONFIGS:
            return _json(400, {"error": True, "message": f"Unknown processing configuration {config!r}."})
        if body.get("auto_approve", True) is not True:
            return _json(400, {"error": True, "message": "This fake only runs auto-approved transfers."})
        transfer_id = str(uuid.uuid4())
        self.transfers[transfer_id] = {"name": body["name"], "path": str(where), "type": type_, "seen": 0,
                                       "state": "PROCESSING", "sip": ""}
        return _json(202, {"id": transfer_id})

    def _resolve(self, decoded: str) -> Path | None:
        if ":" in decoded and not decoded.startswith("/"):
            location, _, rel = decoded.partition(":")
            if location != self.location_uuid:
                return None
            candidate = (self.location_path / rel.lstrip("/")).resolve()
        else:
            candidate = Path(decoded).resolve()
        if candidate != self.location_path and self.location_path not in candidate.parents:
            return None
        return candidate

    def _status(self, unit: str, unit_id: str) -> tuple[int, str, bytes]:
        table = self.transfers if unit == "transfer" else self.sips
        state = table.get(unit_id)
        kind = "unitTransfer" if unit == "transfer" else "unitSIP"
        if state is None:
            return _json(400, {"error": True, "message": f"Cannot fetch {kind} with UUID {unit_id}", "type": unit})
        state["seen"] += 1
        if unit == "transfer" and state["seen"] <= self.unknown_polls:
            return _json(400, {"error": True, "message": f"Cannot fetch {kind} with UUID {unit_id}", "type": unit})
        doc = {"name": state["name"], "uuid": unit_id, "type": "transfer" if unit == "transfer" else "SIP",
               "microservice": "Verify transfer compliance", "directory": f"{state['name']}-{unit_id}",
               "path": f"/var/archivematica/sharedDirectory/{state['name']}-{unit_id}/",
               "message": f"Fetched status for {unit_id} successfully."}
        if state["seen"] <= self.unknown_polls + self.polls:
            doc["status"] = "PROCESSING"
        elif self.fail_at == unit:
            doc["status"] = state["state"] = "FAILED"
            doc["microservice"] = "Failed compliance" if unit == "transfer" else "Store AIP"
        elif self.user_input and unit == "ingest":
            doc["status"] = state["state"] = "USER_INPUT"
            doc["microservice"] = "Normalize"
        else:
            doc["status"] = state["state"] = "COMPLETE"
            if unit == "transfer":
                if not state["sip"]:
                    state["sip"] = str(uuid.uuid4())
                    self.sips[state["sip"]] = {"name": state["name"], "seen": 0, "state": "PROCESSING", "sip": ""}
                doc["sip_uuid"] = state["sip"]
        return _json(200, doc)


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (for "unreachable")."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _type_of(path: Path) -> str:
    if path.is_dir():
        return "unzipped bag" if (path / "bagit.txt").is_file() else "standard"
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
    except (OSError, zipfile.BadZipFile):
        return "not a transfer"
    return "zipped bag" if any(n.count("/") == 1 and n.endswith("/bagit.txt") for n in names) else "zipfile"


def _json(status: int, doc: Any) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(doc).encode("utf-8")


def _handler(fake: FakeArchivematica):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, ctype, payload = fake.handle(self.command, self.path, self.headers.get("Authorization", ""), body)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = _serve
        do_POST = _serve

        def log_message(self, format, *args):  # noqa: A002 - keep test output clean
            pass

    return Handler

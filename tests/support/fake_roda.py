"""A stand-in for RODA's REST API v2 on 127.0.0.1, strict enough to catch a wrong path,
method, payload, content type or authentication (facts: ../shared/reference/roda.md 4.4).

    with FakeRoda(tmp_path / "roda") as roda:
        roda.url                      # http://127.0.0.1:<random port>
        ... export_package(...) ...
        roda.aips                     # what the "ingest" made of the uploads

Endpoints: ``POST /api/v2/members/token`` (access key -> JWT-like token),
``GET /api/v2/members/users/authenticated``, ``POST /api/v2/transfers/create/resource``
(multipart part ``resource``, ``commit=true``), ``POST /api/v2/transfers/refresh``,
``POST /api/v2/jobs`` (CreateJobRequest), ``GET /api/v2/jobs/{id}``,
``GET /api/v2/jobs/{id}/reports``, ``GET /api/v2/jobs/{id}/report/{reportId}``.
Everything but the token needs HTTP Basic or a Bearer token; otherwise 401 with
``WWW-Authenticate: Basic``.

The "ingest" does what RODA's E-ARK SIP 2 ingest checks: a ZIP with exactly one root
folder, a parsable root METS.xml, and every DC / EAD description valid against RODA's
dc.xsd or the EAD 2002 XSD (the official files in ../shared/schemas); it records the
title RODA would index and the parent (RODA structural map Ancestors, or the job's
``parameter.parent_id``).  It fails the job when a check fails.

Simulations (and ``before``, a hook called ahead of every request): ``drop_upload`` (the connection is cut in the middle of the upload body),
``fail_reason`` (the next job fails with that plugin detail), ``polls_before_done``
(a slow job: "STARTED" for that many polls), ``upload_answer_delay_s`` (the upload is
stored but answered late), ``expire_tokens()`` (a token expires).
Only loopback is served, in one daemon thread; ``stop()`` (or leaving the ``with``)
shuts it down.
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import struct
import threading
import time
import uuid as uuidlib
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree

from support.oracles import official_schema

INGEST_PLUGINS = {
    "org.roda.core.plugins.base.ingest.v2.ConfigurableIngestPlugin",
    "org.roda.core.plugins.base.ingest.v2.DefaultIngestPlugin",
}
EARK2 = "org.roda.core.plugins.base.ingest.EARKSIP2ToAIPPlugin"
TRANSFERRED_RESOURCE = "org.roda.core.data.v2.ip.TransferredResource"
KNOWN_PARAMETERS = {"parameter.sip_to_aip_class", "parameter.parent_id", "parameter.force_parent_id"}
JOB_KEYS = {"name", "plugin", "pluginParameters", "sourceObjects", "sourceObjectsClass", "priority", "parallelism"}
REQUIRED_JOB_KEYS = {"name", "plugin", "pluginParameters", "sourceObjects", "sourceObjectsClass"}
PRIORITIES = {"HIGH", "MEDIUM", "LOW"}
PARALLELISMS = {"NORMAL", "LIMITED"}
METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
EAD = "urn:isbn:1-931666-22-9"


class FakeRoda:
    """The server and what it saw; see the module docstring."""

    def __init__(self, folder: Path, *, user: str = "arkivarie", password: str = "hemligt-lösen-42",
                 access_key: str = "ak-" + "x" * 40) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.user = user
        self.password = password
        self.access_key = access_key
        self.tokens: set[str] = set()
        self.uploads: dict[str, dict[str, Any]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.aips: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []
        self.refreshes = 0
        # simulations
        self.drop_upload = False
        self.fail_reason = ""
        self.final_state = "COMPLETED"
        self.polls_before_done = 0
        self.upload_answer_delay_s = 0.0
        #: Called as before(method, path) ahead of every request (e.g. to expire tokens at a chosen moment).
        self.before: Callable[[str, str], None] | None = None
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> "FakeRoda":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-roda", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None

    def __enter__(self) -> "FakeRoda":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def expire_tokens(self) -> None:
        """Every token handed out so far stops working (as after its expiresIn)."""
        with self._lock:
            self.tokens.clear()

    def paths(self, method: str | None = None) -> list[str]:
        """The paths called (optionally only with ``method``), in order."""
        return [r["path"] for r in self.requests if method is None or r["method"] == method]

    # --- the "ingest" --------------------------------------------------------------------

    def ingest(self, zip_path: Path, parent_param: str) -> dict[str, Any]:
        """RODA-like checks on an uploaded SIP; returns {ok, details, title, ancestors, parent}."""
        steps: list[dict[str, Any]] = []

        def step(name: str, ok: bool, details: str = "") -> bool:
            steps.append({"plugin": EARK2 if name == "E-ARK SIP 2" else f"fake.{name.replace(' ', '')}",
                          "pluginName": name, "pluginState": "SUCCESS" if ok else "FAILURE",
                          "pluginDetails": details})
            return ok

        out: dict[str, Any] = {"ok": False, "steps": steps, "title": "", "ancestors": [], "parent": parent_param}
        try:
            zf = zipfile.ZipFile(zip_path)
        except zipfile.BadZipFile as exc:
            step("E-ARK SIP 2", False, f"not a ZIP: {exc}")
            return out
        with zf:
            names = zf.namelist()
            roots = {n.split("/", 1)[0] for n in names if n.strip("/")}
            if len(roots) != 1 or any("/" not in n for n in names):
                step("E-ARK SIP 2", False, f"the ZIP must have one root folder, it has {sorted(roots)}")
                return out
            root = roots.pop()
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            try:
                mets = etree.fromstring(zf.read(f"{root}/METS.xml"), parser)
            except (KeyError, etree.XMLSyntaxError) as exc:
                step("E-ARK SIP 2", False, f"METS.xml cannot be parsed: {exc}")
                return out
            if mets.tag != f"{{{METS}}}mets":
                step("E-ARK SIP 2", False, f"root METS element is {mets.tag}")
                return out
            step("E-ARK SIP 2", True)
            ok = True
            for ref in mets.iterfind(f"{{{METS}}}dmdSec/{{{METS}}}mdRef"):
                mdtype = ref.get("MDTYPE")
                href = unquote(ref.get(f"{{{XLINK}}}href") or "")
                kind = {"DC": "simpledc", "EAD": "ead2002"}.get(mdtype or "")
                if kind is None:
                    continue
                try:
                    doc = etree.fromstring(zf.read(f"{root}/{href}"), parser)
                except (KeyError, etree.XMLSyntaxError) as exc:
                    ok = step("Descriptive metadata validation", False, f"{href}: {exc}") and ok
                    continue
                schema = official_schema(kind)
                if not schema.validate(etree.ElementTree(doc)):
                    ok = step("Descriptive metadata validation", False,
                              f"{href} is not valid {mdtype}: {schema.error_log[0].message}") and ok
                    continue
                step("Descriptive metadata validation", True, href)
                if kind == "simpledc" and not out["title"]:
                    out["title"] = (doc.findtext("title") or "").strip()
                elif kind == "ead2002" and not out["title"]:
                    out["title"] = " ".join(doc.xpath("string(//e:archdesc/e:did/e:unittitle)",
                                                      namespaces={"e": EAD}).split())
            for sm in mets.iterfind(f"{{{METS}}}structMap"):
                if (sm.get("LABEL") or "").lower() != "roda structural map":
                    continue
                for div in sm.iterfind(f"{{{METS}}}div"):
                    if (div.get("LABEL") or "").lower() != "roda":
                        continue
                    for anc in div.iterfind(f"{{{METS}}}div"):
                        if (anc.get("LABEL") or "").lower() == "ancestors":
                            out["ancestors"] += [unquote(m.get(f"{{{XLINK}}}href") or "")
                                                 for m in anc.iterfind(f"{{{METS}}}mptr")
                                                 if m.get("LOCTYPE") == "HANDLE"]
            if out["ancestors"]:
                out["parent"] = out["ancestors"][0]
            out["ok"] = ok
        return out


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a connection cut on purpose (drop_upload) is not worth a traceback


def _send_rst_and_close(sock: socket.socket) -> None:
    """Close with a TCP reset, as a proxy or a crashing server does mid-request."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class _Handler(BaseHTTPRequestHandler):
    fake: FakeRoda
    server_version = "FakeRODA/6"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the default stderr log
        pass

    # --- plumbing ----------------------------------------------------------------------

    def _reply(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        self._reply(status, {"status": status, "message": message})

    def _auth(self) -> str | None:
        header = self.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme == "Basic":
            try:
                user, _, password = base64.b64decode(value).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                return None
            return "basic" if (user, password) == (self.fake.user, self.fake.password) else None
        if scheme == "Bearer":
            with self.fake._lock:
                return "bearer" if value in self.fake.tokens else None
        return None

    _consumed = False

    def _body(self) -> bytes:
        self._consumed = True
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _json_body(self) -> Any:
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise _Bad(415, "Content-Type must be application/json")
        try:
            return json.loads(self._body().decode("utf-8"))
        except ValueError as exc:
            raise _Bad(400, f"body is not JSON: {exc}") from None

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if self.fake.before is not None:
            self.fake.before(method, path)
        auth = self._auth()
        self.fake.requests.append({"method": method, "path": path, "query": query, "auth": auth})
        routes = [
            ("POST", ("api", "v2", "members", "token"), self._token, False),
            ("GET", ("api", "v2", "members", "users", "authenticated"), self._me, True),
            ("POST", ("api", "v2", "transfers", "create", "resource"), self._upload, True),
            ("POST", ("api", "v2", "transfers", "refresh"), self._refresh, True),
            ("POST", ("api", "v2", "jobs"), self._create_job, True),
            ("GET", ("api", "v2", "jobs", "*"), self._job, True),
            ("GET", ("api", "v2", "jobs", "*", "reports"), self._reports, True),
            ("GET", ("api", "v2", "jobs", "*", "report", "*"), self._report, True),
        ]
        segments = tuple(s for s in path.split("/") if s)
        matched_path = False
        for m, pattern, handler, needs_auth in routes:
            if len(pattern) != len(segments) or any(p not in ("*", s) for p, s in zip(pattern, segments)):
                continue
            matched_path = True
            if m != method:
                continue
            if needs_auth and auth is None:
                if method == "POST":
                    self._body()  # like Tomcat, read (swallow) the refused body so the client sees the 401
                self._reply(401, {"status": 401, "message": "Authentication required"},
                            {"WWW-Authenticate": 'Basic realm="RODA REST API"'})
                return
            args = [s for p, s in zip(pattern, segments) if p == "*"]
            try:
                handler(query, *args)
            except _Bad as bad:
                if not self._consumed:
                    self._body()  # swallow the refused body, as Tomcat does, so the client reads the answer
                self._error(bad.status, bad.message)
            return
        self._error(405 if matched_path else 404, f"No handler for {method} {path}")

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self._route("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._route("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._route("DELETE")

    # --- endpoints ---------------------------------------------------------------------

    def _token(self, query) -> None:
        body = self._json_body()
        if not isinstance(body, dict) or set(body) != {"key"}:
            raise _Bad(400, 'expected {"key": "<access key>"}')
        if body["key"] != self.fake.access_key:
            raise _Bad(401, "Access token not found")
        token = "eyJ" + secrets.token_urlsafe(24)
        with self.fake._lock:
            self.fake.tokens.add(token)
        self._reply(200, {"token": token, "expiresIn": 3600000})

    def _me(self, query) -> None:
        self._reply(200, {"id": self.fake.user, "name": self.fake.user, "fullName": "Arkivarie Test",
                          "guest": False, "active": True, "groups": ["producers"]})

    def _upload(self, query) -> None:
        if query.get("commit") != ["true"]:
            raise _Bad(400, "commit=true expected")
        ctype = self.headers.get("Content-Type", "")
        kind, _, rest = ctype.partition(";")
        boundary = rest.strip().removeprefix("boundary=").strip('"') if "boundary=" in rest else ""
        if kind.strip() != "multipart/form-data" or not boundary:
            raise _Bad(415, "Content-Type must be multipart/form-data with a boundary")
        length = int(self.headers.get("Content-Length") or -1)
        if length < 0:
            raise _Bad(411, "Content-Length required")
        if self.fake.drop_upload:
            self.rfile.read(max(1, length // 3))
            self.close_connection = True
            _send_rst_and_close(self.connection)
            return
        body = self._body()
        delim = b"--" + boundary.encode("ascii")
        if not body.startswith(delim + b"\r\n") or not body.endswith(delim + b"--\r\n"):
            raise _Bad(400, "malformed multipart body")
        parts = body[len(delim) + 2:-(len(delim) + 4)].split(b"\r\n" + delim + b"\r\n")
        files = []
        for part in parts:
            head, sep, data = part.partition(b"\r\n\r\n")
            if not sep:
                raise _Bad(400, "malformed multipart part")
            if data.endswith(b"\r\n"):
                data = data[:-2]
            headers = dict(line.split(": ", 1) for line in head.decode("utf-8").split("\r\n"))
            disposition = headers.get("Content-Disposition", "")
            fields = dict(p.strip().split("=", 1) for p in disposition.split(";")[1:])
            name = fields.get("name", "").strip('"')
            filename = fields.get("filename", "").strip('"')
            files.append((name, filename, data))
        if [f[0] for f in files] != ["resource"] or not files[0][1]:
            raise _Bad(400, "expected one multipart part named 'resource' with a filename")
        _, filename, data = files[0]
        uuid = str(uuidlib.uuid4())
        stored = self.fake.folder / uuid / filename
        stored.parent.mkdir(parents=True)
        stored.write_bytes(data)
        parent = (query.get("parent-uuid") or [""])[0]
        self.fake.uploads[uuid] = {"path": stored, "name": filename, "parent": parent, "size": len(data)}
        if self.fake.upload_answer_delay_s:
            time.sleep(self.fake.upload_answer_delay_s)  # stored, but the answer comes late (or never, for the client)
        self._reply(201, {"uuid": uuid, "id": filename, "name": filename, "file": True, "size": len(data),
                          "relativePath": filename, "parentUUID": parent or None})

    def _refresh(self, query) -> None:
        self.fake.refreshes += 1
        self._reply(200, {"message": "Transferred resources refresh started"})

    def _create_job(self, query) -> None:
        body = self._json_body()
        if not isinstance(body, dict):
            raise _Bad(400, "a CreateJobRequest object expected")
        unknown = set(body) - JOB_KEYS
        missing = REQUIRED_JOB_KEYS - set(body)
        if unknown or missing:
            raise _Bad(400, f"unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        if body["plugin"] not in INGEST_PLUGINS:
            raise _Bad(400, f"plugin {body['plugin']} is not an ingest workflow")
        params = body["pluginParameters"]
        if not isinstance(params, dict) or params.get("parameter.sip_to_aip_class") != EARK2:
            raise _Bad(400, "parameter.sip_to_aip_class must name the E-ARK SIP 2 plugin")
        if set(params) - KNOWN_PARAMETERS or not all(isinstance(v, str) for v in params.values()):
            raise _Bad(400, f"unknown or non-string plugin parameters: {sorted(set(params) - KNOWN_PARAMETERS)}")
        source = body["sourceObjects"]
        if not isinstance(source, dict) or source.get("@type") != "SelectedItemsListRequest":
            raise _Bad(400, "sourceObjects must be a SelectedItemsListRequest")
        ids = source.get("ids")
        if set(source) != {"@type", "ids"} or not isinstance(ids, list) or not ids:
            raise _Bad(400, "sourceObjects.ids must list transferred resources")
        if any(i not in self.fake.uploads for i in ids):
            raise _Bad(404, f"no transferred resource {ids}")
        if body["sourceObjectsClass"] != TRANSFERRED_RESOURCE:
            raise _Bad(400, "sourceObjectsClass must be TransferredResource")
        if body.get("priority", "MEDIUM") not in PRIORITIES or body.get("parallelism", "NORMAL") not in PARALLELISMS:
            raise _Bad(400, "bad priority or parallelism")
        job_id = str(uuidlib.uuid4())
        reports = []
        for source_id in ids:
            upload = self.fake.uploads[source_id]
            outcome = self.fake.ingest(upload["path"], params.get("parameter.parent_id", ""))
            failed = bool(self.fake.fail_reason) or not outcome["ok"]
            steps = outcome["steps"]
            if self.fake.fail_reason:
                steps.append({"plugin": "fake.Antivirus", "pluginName": "Virus check", "pluginState": "FAILURE",
                              "pluginDetails": self.fake.fail_reason})
            aip_id = "" if failed else str(uuidlib.uuid4())
            if aip_id:
                self.fake.aips[aip_id] = {"title": outcome["title"], "parent": outcome["parent"],
                                          "ancestors": outcome["ancestors"], "source": source_id, "job": job_id}
            reports.append({"id": str(uuidlib.uuid4()), "jobId": job_id, "sourceObjectId": source_id,
                            "sourceObjectClass": TRANSFERRED_RESOURCE, "sourceObjectOriginalName": upload["name"],
                            "outcomeObjectId": aip_id, "outcomeObjectClass": "org.roda.core.data.v2.ip.AIP",
                            "title": outcome["title"], "pluginState": "FAILURE" if failed else "SUCCESS",
                            "pluginDetails": "", "reports": steps})
        job = {"id": job_id, "name": body["name"], "plugin": body["plugin"], "pluginParameters": params,
               "state": "CREATED", "_polls_left": self.fake.polls_before_done, "_reports": reports,
               "_final": self.fake.final_state}
        self.fake.jobs[job_id] = job
        self._reply(201, _public(job))

    def _job(self, query, job_id: str) -> None:
        job = self._the_job(job_id)
        if job["state"] not in ("COMPLETED", "FAILED_TO_COMPLETE", "FAILED_DURING_CREATION", "STOPPED"):
            if job["_polls_left"] > 0:
                job["_polls_left"] -= 1
                job["state"] = "STARTED"
            else:
                job["state"] = job["_final"]
        done = job["state"] != "STARTED"
        self._reply(200, {**_public(job), "jobStats": {"completionPercentage": 100 if done else 50}})

    def _reports(self, query, job_id: str) -> None:
        job = self._the_job(job_id)
        reports = job["_reports"] if job["state"] != "STARTED" and job["state"] != "CREATED" else []
        self._reply(200, {"reports": reports})

    def _report(self, query, job_id: str, report_id: str) -> None:
        job = self._the_job(job_id)
        for report in job["_reports"]:
            if report["id"] == report_id:
                self._reply(200, report)
                return
        raise _Bad(404, f"no report {report_id}")

    def _the_job(self, job_id: str) -> dict[str, Any]:
        job = self.fake.jobs.get(job_id)
        if job is None:
            raise _Bad(404, f"no job {job_id}")
        return job


class _Bad(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _public(job: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in job.items() if not k.startswith("_")}

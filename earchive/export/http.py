"""A small HTTP client for archive APIs: JSON calls and a streaming multipart upload.

Standard library only (:mod:`http.client` and :mod:`ssl`), so that the frozen desktop
application carries no extra HTTP stack.  It knows nothing about RODA or
Archivematica: callers pass paths, headers and bodies, get a :class:`Response` for
every HTTP status, and a :class:`TransportError` when no HTTP answer arrived at all.

Rules kept here, once:

* TLS certificates and host names are verified unless a caller explicitly turns it off.
* Every call has a time-out.
* Only idempotent reads are retried (``retry=True``, on connection failures and 502/503/504,
  with exponential back-off).  Uploads and other state-changing POSTs are never retried
  here: a lost answer does not tell whether the server already acted on the request.
* Headers are never part of an exception's text or of a log record, so an
  ``Authorization`` header (password, token) cannot leak through an error message.
  URLs with user information (``https://user:password@host``) are refused.
"""

from __future__ import annotations

import http.client
import json as jsonlib
import logging
import os
import secrets
import socket
import ssl
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlencode, urlsplit

from earchive.errors import Cancelled
from earchive.progress import CancelToken

log = logging.getLogger(__name__)

#: Statuses that mean "a proxy or the server is overloaded or restarting": worth another try for reads.
RETRY_STATUSES = frozenset({502, 503, 504})

#: Default attempts for a retried read (the first try plus two more).
DEFAULT_ATTEMPTS = 3

#: First back-off delay in seconds; doubled after every failed attempt.
BACKOFF_S = 0.5

#: Bytes read from a file and sent per chunk during an upload (progress and cancel granularity).
UPLOAD_CHUNK = 1 << 20

#: Seconds to wait for the answer once an upload's body is sent (the server may first store a large file).
UPLOAD_ANSWER_TIMEOUT_S = 600.0

#: At most this many bytes of an error body are kept (enough for a server's message, not a whole page).
MAX_ERROR_BODY = 2000


class TransportError(Exception):
    """No HTTP answer: the server could not be reached, TLS failed, the time-out passed,
    or the connection broke (e.g. during an upload).

    ``kind`` is one of :data:`KINDS`; ``url`` is the address called (without query);
    ``detail`` the system's reason.  ``sent``/``total`` count body bytes for uploads.
    """

    KINDS = ("unreachable", "tls", "timeout", "interrupted")

    def __init__(self, kind: str, url: str, detail: str, *, sent: int = 0, total: int = 0) -> None:
        self.kind = kind
        self.url = url
        self.detail = detail
        self.sent = sent
        self.total = total
        super().__init__(f"{kind}: {url}: {detail}")


@dataclass
class Response:
    """An HTTP answer: status, headers (lower-case names) and the body."""

    status: int
    headers: dict[str, str]
    body: bytes
    url: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The body parsed as JSON; ValueError when it is not JSON."""
        return jsonlib.loads(self.body.decode("utf-8") or "null")

    def text_excerpt(self) -> str:
        """The start of the body as text, for error messages."""
        return self.body[:MAX_ERROR_BODY].decode("utf-8", "replace").strip()


@dataclass
class UploadFile:
    """One file part of a multipart/form-data body."""

    field: str
    path: Path
    filename: str = ""
    content_type: str = "application/octet-stream"


@dataclass
class HttpClient:
    """Calls one server (``base_url``: scheme, host, port and an optional path prefix)."""

    base_url: str
    timeout_s: float = 60.0
    verify_tls: bool = True
    user_agent: str = "earchive"
    attempts: int = DEFAULT_ATTEMPTS
    backoff_s: float = BACKOFF_S
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("base_url must be an http:// or https:// address with a host name")
        if parts.username is not None or parts.password is not None:
            # A password in a URL ends up in logs, shell histories and saved files.
            raise ValueError("base_url must not contain a user name or password")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port
        self.prefix = parts.path.rstrip("/")

    # --- public calls -------------------------------------------------------------------

    def url_of(self, path: str) -> str:
        """The full address of ``path`` (without query), as shown in messages."""
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{self.host}{port}{self.prefix}{path}"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        retry: bool = False,
        cancel: CancelToken | None = None,
    ) -> Response:
        """Send one request and return the answer, whatever its status.

        ``json`` is sent as ``application/json``.  With ``retry=True`` (only for requests
        that change nothing on the server: GETs, status polls), connection failures other
        than TLS errors and statuses 502/503/504 are tried again after a back-off.
        Raises TransportError when no answer arrived, Cancelled when ``cancel`` is set
        during a back-off.
        """
        hdrs = dict(headers or {})
        if json is not None:
            body = jsonlib.dumps(json).encode("utf-8")
            hdrs.setdefault("Content-Type", "application/json")
        hdrs.setdefault("Accept", "application/json")
        target = self._target(path, params)
        attempts = max(1, self.attempts) if retry else 1
        delay = self.backoff_s
        for attempt in range(1, attempts + 1):
            try:
                response = self._once(method, target, hdrs, body)
            except TransportError as exc:
                if attempt == attempts or exc.kind == "tls":
                    raise
                log.info("%s %s: %s; trying again in %.1f s", method, exc.url, exc.kind, delay)
            else:
                if response.status not in RETRY_STATUSES or attempt == attempts:
                    return response
                log.info("%s %s: HTTP %s; trying again in %.1f s", method, response.url, response.status, delay)
            self._wait(delay, cancel)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def upload(
        self,
        path: str,
        file: UploadFile,
        *,
        params: Mapping[str, Any] | None = None,
        fields: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        on_bytes: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Response:
        """POST ``file`` as multipart/form-data, streamed from disk in chunks.

        The body is never held in memory: its length is computed up front (so no chunked
        encoding is needed, which some proxies refuse) and the file is sent chunk by chunk.
        ``on_bytes(sent, total)`` reports the bytes of the file sent so far; ``cancel``
        is checked between chunks and closes the connection (raises Cancelled).
        Not retried: if the connection breaks after the server has stored the file, a
        second upload would store it twice, so the caller decides (TransportError
        ``interrupted`` carries how many bytes were sent).
        """
        boundary = "earchive-" + secrets.token_hex(16)
        head = b""
        for name, value in (fields or {}).items():
            head += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{_quote(name)}\"\r\n\r\n"
                     f"{value}\r\n").encode("utf-8")
        filename = file.filename or file.path.name
        head += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{_quote(file.field)}\"; "
                 f"filename=\"{_quote(filename)}\"\r\nContent-Type: {file.content_type}\r\n\r\n").encode("utf-8")
        tail = f"\r\n--{boundary}--\r\n".encode("ascii")
        size = os.stat(file.path).st_size
        total = len(head) + size + len(tail)
        hdrs = dict(headers or {})
        hdrs["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        hdrs["Content-Length"] = str(total)
        hdrs.setdefault("Accept", "application/json")
        target = self._target(path, params)
        url = self.url_of(path)
        conn = self._connection()
        sent = 0
        try:
            try:
                conn.putrequest("POST", target, skip_accept_encoding=True)
                for name, value in self._headers(hdrs).items():
                    conn.putheader(name, value)
                conn.endheaders()
                conn.send(head)
                with open(file.path, "rb") as f:
                    while True:
                        if cancel is not None and cancel.cancelled:
                            conn.close()
                            raise Cancelled()
                        chunk = f.read(UPLOAD_CHUNK)
                        if not chunk:
                            break
                        conn.send(chunk)
                        sent += len(chunk)
                        if on_bytes is not None:
                            on_bytes(sent, size)
                conn.send(tail)
                if conn.sock is not None:
                    # The server may store (move, checksum) a large file before it answers.
                    conn.sock.settimeout(max(self.timeout_s, UPLOAD_ANSWER_TIMEOUT_S))
                return self._read(conn, url)
            except TransportError as exc:
                exc.sent, exc.total = sent, size
                raise
            except OSError as exc:
                raise self._transport_error(exc, url, sending=True, sent=sent, total=size) from None
            except http.client.HTTPException as exc:
                raise TransportError("interrupted", url, _reason(exc), sent=sent, total=size) from None
        finally:
            conn.close()

    # --- private helpers ----------------------------------------------------------------

    def _target(self, path: str, params: Mapping[str, Any] | None) -> str:
        target = self.prefix + path
        if params:
            target += "?" + urlencode({k: _param(v) for k, v in params.items()})
        return target

    def _connection(self) -> http.client.HTTPConnection:
        if self.scheme == "https":
            context = ssl.create_default_context()
            if not self.verify_tls:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout_s, context=context)
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout_s)

    def _headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        out = {"User-Agent": self.user_agent}
        out.update(headers)
        return out

    def _once(self, method: str, target: str, headers: Mapping[str, str], body: bytes | None) -> Response:
        url = self.url_of(target.split("?", 1)[0][len(self.prefix):])
        conn = self._connection()
        try:
            try:
                conn.request(method, target, body=body, headers=self._headers(headers))
            except OSError as exc:
                raise self._transport_error(exc, url, sending=False) from None
            return self._read(conn, url)
        finally:
            conn.close()

    def _read(self, conn: http.client.HTTPConnection, url: str) -> Response:
        try:
            raw = conn.getresponse()
            body = raw.read()
        except OSError as exc:
            raise self._transport_error(exc, url, sending=True) from None
        except http.client.HTTPException as exc:  # RemoteDisconnected, IncompleteRead, BadStatusLine
            raise TransportError("interrupted", url, _reason(exc)) from None
        headers = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers, body, url)

    def _transport_error(self, exc: OSError, url: str, *, sending: bool, sent: int = 0, total: int = 0) -> TransportError:
        if isinstance(exc, ssl.SSLError):
            return TransportError("tls", url, _reason(exc), sent=sent, total=total)
        if isinstance(exc, (socket.timeout, TimeoutError)):
            return TransportError("timeout", url, f"no answer within {self.timeout_s:g} s", sent=sent, total=total)
        if isinstance(exc, (socket.gaierror, ConnectionRefusedError)) or not sending:
            return TransportError("unreachable", url, _reason(exc), sent=sent, total=total)
        # The connection was open and broke while the request or the answer was on its way.
        return TransportError("interrupted", url, _reason(exc), sent=sent, total=total)

    def _wait(self, seconds: float, cancel: CancelToken | None) -> None:
        end = time.monotonic() + seconds
        while True:
            if cancel is not None:
                cancel.check()
            left = end - time.monotonic()
            if left <= 0:
                return
            self.sleep(min(left, 0.1))


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _quote(text: str) -> str:
    """A value for a Content-Disposition parameter (quotes and line breaks escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", " ")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return exc.verify_message or "certificate verification failed"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc) or type(exc).__name__
    return text

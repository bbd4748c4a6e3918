"""earchive.export.http: retries only where safe, streaming multipart uploads, no secrets in errors."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from earchive.errors import Cancelled
from earchive.export import http as ehttp
from earchive.export.http import HttpClient, TransportError, UploadFile
from earchive.progress import CancelToken


class Scripted:
    """A loopback server answering each request with the next status of ``statuses`` (then 200)."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.seen = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.seen.append((self.command, self.path, dict(self.headers), body))
                status = outer.statuses.pop(0) if outer.statuses else 200
                data = b'{"ok": true}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        host, port = self.server.server_address[:2]
        self.url = f"http://{host}:{port}"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def client(url: str) -> HttpClient:
    return HttpClient(url, timeout_s=5, backoff_s=0.001)


def test_reads_are_retried_on_503_and_writes_are_not():
    with Scripted([503, 502]) as server:
        response = client(server.url).request("GET", "/api/v2/jobs/1", retry=True)
        assert response.status == 200
        assert [s[0] for s in server.seen] == ["GET", "GET", "GET"]
    with Scripted([503]) as server:
        response = client(server.url).request("POST", "/api/v2/jobs", json={"name": "x"})
        assert response.status == 503  # a job creation is never sent twice
        assert len(server.seen) == 1
        assert server.seen[0][2]["Content-Type"] == "application/json"
        assert server.seen[0][3] == b'{"name": "x"}'


def test_gives_up_after_the_attempts():
    with Scripted([503, 503, 503, 503]) as server:
        assert client(server.url).request("GET", "/x", retry=True).status == 503
        assert len(server.seen) == ehttp.DEFAULT_ATTEMPTS


def test_streaming_upload_reports_progress_and_sends_a_correct_body(tmp_path, monkeypatch):
    monkeypatch.setattr(ehttp, "UPLOAD_CHUNK", 1000)
    payload = bytes(range(256)) * 20  # 5120 bytes: six chunks
    f = tmp_path / "pkg.zip"
    f.write_bytes(payload)
    progress = []
    with Scripted([]) as server:
        response = client(server.url).upload("/up", UploadFile("resource", f, "pkg.zip", "application/zip"),
                                             params={"commit": True}, on_bytes=lambda s, t: progress.append((s, t)))
        assert response.status == 200
        method, path, headers, body = server.seen[0]
    assert (method, path) == ("POST", "/up?commit=true")
    assert progress == [(n, 5120) for n in (1000, 2000, 3000, 4000, 5000, 5120)]
    boundary = headers["Content-Type"].split("boundary=")[1]
    assert int(headers["Content-Length"]) == len(body)
    assert body.startswith(f'--{boundary}\r\nContent-Disposition: form-data; name="resource"; '
                           f'filename="pkg.zip"\r\nContent-Type: application/zip\r\n\r\n'.encode())
    assert body.endswith(payload + f"\r\n--{boundary}--\r\n".encode())


def test_upload_is_cancelled_between_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(ehttp, "UPLOAD_CHUNK", 100)
    f = tmp_path / "big.zip"
    f.write_bytes(b"x" * 1000)
    token = CancelToken()

    def cancel_after_three(sent, total):
        if sent >= 300:
            token.cancel()

    with Scripted([]) as server:
        with pytest.raises(Cancelled):
            client(server.url).upload("/up", UploadFile("resource", f), on_bytes=cancel_after_three, cancel=token)


def test_errors_never_carry_headers_or_credentials(tmp_path):
    with pytest.raises(ValueError):
        HttpClient("https://user:secret@roda.example.se")
    with pytest.raises(TransportError) as info:
        HttpClient("http://127.0.0.1:9", timeout_s=2).request(
            "GET", "/x", headers={"Authorization": "Basic c2VjcmV0LXBhc3N3b3Jk"})
    assert info.value.kind == "unreachable"
    assert "c2VjcmV0" not in str(info.value) and "Authorization" not in str(info.value)
    assert info.value.url == "http://127.0.0.1:9/x"


def test_tls_failure_is_not_retried():
    with Scripted([]) as server:
        with pytest.raises(TransportError) as info:
            client(server.url.replace("http:", "https:")).request("GET", "/x", retry=True)
        assert info.value.kind == "tls"
        assert server.seen == []

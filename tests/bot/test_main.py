"""`python -m bot` against a stand-in Bot API server: start-up line, modes, clean exit."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from bot_harness import BOT_USER, FAKE_TOKEN, ROOT, SEEDS

# Each test runs `python -m bot` in another process: end to end, left out of `make test-fast`.
pytestmark = pytest.mark.e2e

SECRET = "s3cret-Token_1"


class _FakeBotApi(BaseHTTPRequestHandler):
    """Answers the start-up calls and long polls with no updates."""

    calls: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        method = self.path.rsplit("/", 1)[-1]
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.calls.append(method)
        if method == "getUpdates":
            time.sleep(0.2)
        result = {**BOT_USER, "can_join_groups": True} if method == "getMe" else True
        body = json.dumps({"ok": True, "result": [] if method == "getUpdates" else result})
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def api() -> Iterator[str]:
    _FakeBotApi.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeBotApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/bot{{token}}"
    server.shutdown()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(env: dict[str, str], tmp_path) -> tuple[subprocess.Popen[str], str]:
    """Start the bot; return it and its stderr up to the start-up line."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "CORPUS_DIR": str(SEEDS), **env},
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = ""
    deadline = time.monotonic() + 20
    while "Started @" not in seen and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen += line
    return process, seen


def _stop(process: subprocess.Popen[str], sig: int) -> tuple[int, str]:
    process.send_signal(sig)
    rest = process.stderr.read()
    return process.wait(timeout=10), rest


def test_polling_starts_logs_one_line_and_exits_cleanly_on_sigterm(api, tmp_path):
    env = {"TELEGRAM_BOT_TOKEN": FAKE_TOKEN, "TELEGRAM_BASE_URL": api, "LOG_LEVEL": "DEBUG"}
    process, seen = _start(env, tmp_path)
    [started] = [line for line in seen.splitlines() if "Started @" in line]
    assert f"@{BOT_USER['username']}" in started
    assert "polling" in started
    assert "articles" in started
    assert "sentences" in started
    status, rest = _stop(process, signal.SIGTERM)
    assert status == 0
    assert FAKE_TOKEN not in seen + rest
    assert "Traceback" not in seen + rest
    assert {"getMe", "setMyCommands", "getUpdates"} <= set(_FakeBotApi.calls)


def test_webhook_mode_checks_the_secret_and_exits_cleanly_on_sigint(api, tmp_path):
    port = _free_port()
    env = {
        "TELEGRAM_BOT_TOKEN": FAKE_TOKEN,
        "TELEGRAM_BASE_URL": api,
        "WEBHOOK_URL": f"https://bot.example.com/telegram/{port}",
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
    }
    process, seen = _start(env, tmp_path)
    try:
        assert "webhook" in seen.splitlines()[-1]
        assert "setWebhook" in _FakeBotApi.calls
        statuses = [_post(port, f"/telegram/{port}", secret) for secret in (None, "wrong", SECRET)]
        assert statuses == [403, 403, 200]
    finally:
        status, _ = _stop(process, signal.SIGINT)
    assert status == 0


def _post(port: int, path: str, secret: str | None) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps({"update_id": 1}).encode(),
        headers={"content-type": "application/json"}
        | ({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}),
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code

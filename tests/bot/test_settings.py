"""Settings from the environment and .env, and what `python -m bot` does with bad ones."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bot_harness import FAKE_TOKEN, ROOT, make_settings

from bot.__main__ import main
from bot.app import build_application
from bot.ordering import ChatOrderedProcessor
from bot.settings import Settings, SettingsError, load_settings
from bot.throttle import TelegramRateLimiter
from bot.transport import RetryingRequest


def test_defaults_poll_the_production_api(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.token is None
    assert settings.mode == "polling"
    assert settings.base_url == "https://api.telegram.org/bot{token}"
    assert settings.base_file_url == "https://api.telegram.org/file/bot{token}"
    assert settings.answers_per_reply == 3
    assert settings.allowed_chat_ids == frozenset()
    assert settings.webhook_port == 8443


def test_values_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot{token}")
    monkeypatch.setenv("ALLOWED_CHAT_IDS", "42, -100123,")
    monkeypatch.setenv("ANSWERS_PER_REPLY", "5")
    settings = load_settings()
    assert settings.token == FAKE_TOKEN
    assert settings.base_url == "http://127.0.0.1:8081/bot{token}"
    assert settings.allowed_chat_ids == {42, -100123}
    assert settings.answers_per_reply == 5


def test_values_come_from_dot_env_and_empty_ones_mean_default(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        f"TELEGRAM_BOT_TOKEN={FAKE_TOKEN}\nCORPUS_DIR=\nLOG_LEVEL=debug\n"
    )
    settings = load_settings()
    assert settings.token == FAKE_TOKEN
    assert str(settings.corpus_dir) == "seeds"
    assert settings.log_level == "DEBUG"


def test_token_is_never_shown(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", FAKE_TOKEN)
    settings = load_settings()
    assert FAKE_TOKEN not in repr(settings)
    assert FAKE_TOKEN not in str(settings.model_dump())


def test_a_base_url_without_placeholder_gets_the_token_appended():
    settings = Settings(_env_file=None, telegram_base_url="http://localhost:8081/bot/")
    assert settings.base_url == "http://localhost:8081/bot{token}"


def test_test_environment_shortcut_sets_both_urls():
    settings = Settings(_env_file=None, telegram_test_env=True)
    assert settings.base_url == "https://api.telegram.org/bot{token}/test"
    assert settings.base_file_url == "https://api.telegram.org/file/bot{token}/test"


def test_webhook_mode_needs_a_secret():
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET is required"):
        load_settings(_env_file=None, webhook_url="https://bot.example.com/telegram")
    settings = load_settings(
        _env_file=None, webhook_url="https://bot.example.com/telegram", webhook_secret="s3cr-et_"
    )
    assert settings.mode == "webhook"


@pytest.mark.parametrize("secret", ["has space", "x" * 257, "semi;colon"])
def test_webhook_secret_must_be_telegram_shaped(secret):
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET") as raised:
        load_settings(_env_file=None, webhook_url="https://x.example/hook", webhook_secret=secret)
    assert secret not in str(raised.value)


@pytest.mark.parametrize(
    ("values", "name"),
    [
        ({"allowed_chat_ids": "12,abc"}, "ALLOWED_CHAT_IDS"),
        ({"answers_per_reply": 0}, "ANSWERS_PER_REPLY"),
        ({"webhook_port": 70000}, "WEBHOOK_PORT"),
        ({"log_level": "LOUD"}, "LOG_LEVEL"),
        ({"telegram_base_url": "api.telegram.org"}, "TELEGRAM_BASE_URL"),
        ({"user_rate_limit": -1}, "USER_RATE_LIMIT"),
        ({"user_rate_window": 0}, "USER_RATE_WINDOW"),
        ({"telegram_rate_limiter": "maybe"}, "TELEGRAM_RATE_LIMITER"),
        ({"concurrent_updates": 0}, "CONCURRENT_UPDATES"),
    ],
)
def test_invalid_values_are_named_in_one_line(values, name):
    with pytest.raises(SettingsError) as raised:
        load_settings(_env_file=None, **values)
    message = str(raised.value)
    assert name in message
    assert "\n" not in message


def test_env_example_documents_every_setting():
    text = (ROOT / ".env.example").read_text()
    names = re.findall(r"^([A-Z_]+)=", text, flags=re.M)
    assert sorted(names) == sorted(name.upper() for name in Settings.model_fields)
    lines = text.splitlines()
    for name in names:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}="))
        # Each setting has a comment just above it (or shares the one of the setting above).
        above = lines[index - 1]
        assert above.startswith("#") or re.match(r"^[A-Z_]+=", above), name


def _run_bot(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_invalid_settings_exit_2_with_one_line(monkeypatch, capsys):
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/hook")
    assert main() == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert "WEBHOOK_SECRET" in captured.err
    assert captured.out == ""


def test_no_token_and_no_terminal_exits_2_with_one_line(tmp_path):
    done = _run_bot({"CORPUS_DIR": str(ROOT / "seeds")}, tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "TELEGRAM_BOT_TOKEN" in line


def test_application_talks_to_the_configured_server_for_api_and_files():
    settings = make_settings(
        telegram_bot_token=FAKE_TOKEN,
        telegram_base_url="http://127.0.0.1:8081/bot{token}",
        telegram_base_file_url="http://127.0.0.1:8081/file/bot{token}",
        telegram_test_env=True,
    )
    bot = build_application(settings).bot
    assert bot.base_url == f"http://127.0.0.1:8081/bot{FAKE_TOKEN}/test"
    assert bot.base_file_url == f"http://127.0.0.1:8081/file/bot{FAKE_TOKEN}/test"


def test_hardening_defaults(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert (settings.user_rate_limit, settings.user_rate_window) == (10, 60)
    assert settings.telegram_rate_limiter is True
    assert settings.concurrent_updates == 8


def test_application_retries_paces_and_keeps_chats_in_order():
    app = build_application(make_settings(telegram_bot_token=FAKE_TOKEN, concurrent_updates=5))
    assert isinstance(app.bot.rate_limiter, TelegramRateLimiter)
    assert isinstance(app.bot.request, RetryingRequest)
    assert isinstance(app.update_processor, ChatOrderedProcessor)
    assert app.update_processor.workers == 5


def test_the_rate_limiter_can_be_turned_off_for_load_tests(caplog):
    settings = make_settings(telegram_bot_token=FAKE_TOKEN, telegram_rate_limiter="false")
    app = build_application(settings)
    assert app.bot.rate_limiter is None
    assert isinstance(app.bot.request, RetryingRequest)  # retries stay
    assert "TELEGRAM_RATE_LIMITER is off" in caplog.text

"""The bot's configuration: one class, read from the environment and `.env`."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_PLACEHOLDER = "{token}"
# Telegram's test environment lives under the same host, one path segment further.
TEST_ENV_SUFFIX = "/test"
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    """Everything an operator can set, named exactly as the environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        # `KEY=` in .env means "use the default", as in .env.example.
        env_ignore_empty=True,
        extra="ignore",
    )

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot{token}"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot{token}"
    telegram_test_env: bool = False
    corpus_dir: Path = Path("seeds")
    answers_per_reply: int = Field(default=3, ge=1, le=10)
    allowed_chat_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # Users who may /add articles and /reload the corpus.
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # How often CORPUS_DIR is checked for new, changed or removed files; 0: only on /reload.
    corpus_watch_seconds: float = Field(default=5.0, ge=0)
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    log_level: str = "INFO"
    # Questions one user may ask per window; 0 turns the limit off.
    user_rate_limit: int = Field(default=10, ge=0)
    user_rate_window: float = Field(default=60.0, gt=0)
    # PTB's AIORateLimiter plus 1 message a second per chat; off only against a loopback fake.
    telegram_rate_limiter: bool = True
    # Updates handled at once (different chats; one chat's updates stay in order).
    concurrent_updates: int = Field(default=8, ge=1, le=256)
    # Seconds between log lines giving the event loop's longest stall (benchmarks/bot_load.py
    # reads them); 0: off.
    loop_lag_log_seconds: float = Field(default=0.0, ge=0)

    @field_validator("allowed_chat_ids", "admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return frozenset(int(part) for part in value.split(",") if part.strip())
            except ValueError:
                raise ValueError("must be ids (integers) separated by commas") from None
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("telegram_base_url", "telegram_base_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("webhook_url")
    @classmethod
    def _webhook_http_url(cls, value: str | None) -> str | None:
        # Kept exactly as given: Telegram posts to this URL, and a proxy may route its slash.
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with https:// (or http:// behind a proxy)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's own rule for X-Telegram-Bot-Api-Secret-Token.
        if value is not None and not SECRET_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        # Without a secret anyone who finds the URL can feed the bot forged updates.
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        return self

    @property
    def token(self) -> str | None:
        """The bot token as plain text, or None when unset."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def mode(self) -> str:
        """How updates arrive: "webhook" or "polling"."""
        return "webhook" if self.webhook_url else "polling"

    @property
    def base_url(self) -> str:
        """The Bot API URL for ApplicationBuilder.base_url, with a `{token}` placeholder."""
        return _api_url(self.telegram_base_url, self.telegram_test_env)

    @property
    def base_file_url(self) -> str:
        """The file download URL for ApplicationBuilder.base_file_url, like base_url."""
        return _api_url(self.telegram_base_file_url, self.telegram_test_env)


def _api_url(url: str, test_env: bool) -> str:
    # PTB appends the token when the placeholder is missing; make that explicit so
    # the test-environment suffix lands after the token, where Telegram expects it.
    if TOKEN_PLACEHOLDER not in url:
        url += TOKEN_PLACEHOLDER
    if test_env and not url.endswith(TEST_ENV_SUFFIX):
        url += TEST_ENV_SUFFIX
    return url


class SettingsError(Exception):
    """Settings that cannot be used, explained in one line."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe(error)) from None


def describe(error: ValidationError) -> str:
    """Summarise a validation error as `NAME: problem; ...` without echoing secret values."""
    problems = []
    for item in error.errors(include_input=False, include_url=False):
        name = "_".join(str(part) for part in item["loc"]).upper()
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"{name}: {message}" if name else message)
    return "invalid settings: " + "; ".join(problems)

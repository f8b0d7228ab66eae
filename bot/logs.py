"""Logging set-up that keeps bot tokens out of every record."""

from __future__ import annotations

import logging
import re
import sys
from types import TracebackType

# Bot tokens look like `123456789:AAE...`; httpx logs them inside request URLs.
TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")
REDACTED = "[REDACTED]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactTokens(logging.Filter):
    """Replace token-shaped strings and the configured token in a record's text."""

    def __init__(self, token: str | None = None) -> None:
        super().__init__()
        self._token = token or None

    def redact(self, text: str) -> str:
        """Return text with every token replaced by a marker."""
        if self._token:
            text = text.replace(self._token, REDACTED)
        return TOKEN_SHAPE.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        # Merge args first: the token usually arrives as an argument, not in msg.
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(level: str = "INFO", token: str | None = None) -> None:
    """Log to stderr at `level`, redacting tokens from every record of every library."""
    logging.basicConfig(level=level, format=LOG_FORMAT, stream=sys.stderr, force=True)
    redact = RedactTokens(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    # Library warnings and crashes would go straight to stderr, past the filter: route them
    # through logging so they are redacted like everything else.
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    # httpx logs each request URL at INFO, token included; warnings are still useful.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # PTB's debug output prints whole updates, message text included: DEBUG is ours only.
    logging.getLogger("telegram").setLevel(max(logging.getLevelNamesMapping()[level], logging.INFO))


def _log_uncaught(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    logging.getLogger("bot").critical("Crashed", exc_info=(kind, error, trace))

"""Bot API requests that ride out brief network trouble.

Telegram's servers answer 5xx now and then, and connections drop; a reply should not be
lost to that.  Every call but getUpdates (whose polling loop PTB already retries) goes
through `RetryingRequest`: network errors, timeouts and 5xx answers are retried a few
times with growing pauses, then the last failure is passed on.  A retry after a timeout
may deliver a message twice, if the first attempt reached Telegram but its answer did
not come back: Telegram has no idempotency key, and a rare double beats a lost reply.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

logger = logging.getLogger(__name__)

# How often a Bot API call is tried again: after a network or server error here, and after
# Telegram's 429 RetryAfter in the rate limiter (bot/app.py), rather than dropping a reply.
RETRIES = 3
FIRST_PAUSE = 0.5  # seconds; doubled after each retry: 0.5, 1, 2
SERVER_ERROR = 500


class RetryingRequest(BaseRequest):
    """Wraps another request object, retrying network errors and 5xx answers with backoff."""

    def __init__(
        self, inner: BaseRequest, retries: int = RETRIES, first_pause: float = FIRST_PAUSE
    ) -> None:
        self._inner = inner
        self._retries = retries
        self._first_pause = first_pause

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        """Open the wrapped request object."""
        await self._inner.initialize()

    async def shutdown(self) -> None:
        """Close the wrapped request object."""
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        **timeouts: Any,
    ) -> tuple[int, bytes]:
        attempt = partial(self._inner.do_request, url, method, request_data, **timeouts)
        # The URL holds the token: only its last part, the Bot API method, is ever logged.
        endpoint = url.rsplit("/", 1)[-1]
        pause = self._first_pause
        for retry in range(1, self._retries + 1):
            try:
                code, payload = await attempt()
            except NetworkError as error:  # TimedOut included; 4xx answers are not raised here
                problem = f"{type(error).__name__}: {error}"
            else:
                if code < SERVER_ERROR:
                    return code, payload
                problem = f"HTTP {code}"
            logger.warning(
                "Bot API %s failed (%s); retry %d of %d in %.1f s",
                endpoint,
                problem,
                retry,
                self._retries,
                pause,
            )
            await asyncio.sleep(pause)
            pause *= 2
        # The last attempt's failure, if any, is the caller's to handle.
        return await attempt()

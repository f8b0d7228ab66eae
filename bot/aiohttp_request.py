"""python-telegram-bot's networking on aiohttp instead of httpx.

PTB sends every Bot API call through a `BaseRequest`; its own, `HTTPXRequest`, costs about
2 ms of CPU per call on a 2-core VM (`python -m benchmarks.bot_load`), as much as answering
the question, where aiohttp costs 0.4 ms. `AiohttpRequest` is a drop-in replacement with
the same defaults and errors: timeouts raise `TimedOut`, every other failure to reach the
server raises `NetworkError`, and HTTP answers of any status are returned to PTB, which
turns 4xx/5xx into its own errors. As with httpx, HTTP(S)_PROXY and NO_PROXY from the
environment are honoured (read once, not per request as aiohttp's `trust_env` would, which
also looks for a .netrc file in a thread for every call).

The request URL holds the bot token, and some aiohttp errors quote it: messages passed on
have it cut out, and the aiohttp error is not chained.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.request import getproxies_environment, proxy_bypass_environment

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.logs import RedactTokens

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput

# HTTPXRequest's defaults, in seconds; a file upload gets longer to write.
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
CONNECT_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
MEDIA_WRITE_TIMEOUT = 20.0
POOL_SIZE = 256
JSON_HEADERS = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on an aiohttp session: one connection pool, opened by `initialize`."""

    def __init__(
        self,
        connection_pool_size: int = POOL_SIZE,
        read_timeout: float | None = READ_TIMEOUT,
        write_timeout: float | None = WRITE_TIMEOUT,
        connect_timeout: float | None = CONNECT_TIMEOUT,
        pool_timeout: float | None = POOL_TIMEOUT,
        media_write_timeout: float | None = MEDIA_WRITE_TIMEOUT,
    ) -> None:
        self._pool_size = connection_pool_size
        self._defaults = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        # HTTP(S)_PROXY and NO_PROXY, sorted into a hashable key for `_proxy`'s cache.
        self._proxies: tuple[tuple[str, str], ...] = ()

    @property
    def read_timeout(self) -> float | None:
        return self._defaults[0]

    async def initialize(self) -> None:
        """Open the connection pool; it must be made inside the running event loop."""
        if self._session is None or self._session.closed:
            self._proxies = tuple(sorted(getproxies_environment().items()))
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        """Close the connection pool."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        body = _body(request_data)
        default_read, default_write, default_connect, default_pool = self._defaults
        if isinstance(body, aiohttp.FormData) and write_timeout is BaseRequest.DEFAULT_NONE:
            write_timeout = self._media_write_timeout
        timeout = _timeout(
            _given(read_timeout, default_read),
            _given(write_timeout, default_write),
            _given(connect_timeout, default_connect),
            _given(pool_timeout, default_pool),
        )
        try:
            async with self._session.request(
                method,
                url,
                data=body,
                headers=JSON_HEADERS if isinstance(body, bytes) else None,
                timeout=timeout,
                proxy=self._proxy_for(url),
            ) as response:
                return response.status, await response.read()
        except TimeoutError:
            raise TimedOut from None
        except aiohttp.ClientError as error:
            # The URL's path holds the token; never let it into a message or a traceback.
            text = f"aiohttp.{type(error).__name__}: {error}"
            text = text.replace(url.rsplit("/", 1)[0], "<Bot API URL>")
            raise NetworkError(RedactTokens().redact(text)) from None

    def _proxy_for(self, url: str) -> str | None:
        if not self._proxies:
            return None
        parts = urlsplit(url)
        return _proxy(parts.scheme, parts.netloc, self._proxies)


@lru_cache(maxsize=16)
def _proxy(scheme: str, host: str, proxies: tuple[tuple[str, str], ...]) -> str | None:
    table = dict(proxies)
    if proxy_bypass_environment(host, table):
        return None
    return table.get(scheme)


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if value is BaseRequest.DEFAULT_NONE else value  # type: ignore[return-value]


@lru_cache(maxsize=64)
def _timeout(
    read: float | None, write: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    # aiohttp has no write timeout and counts the wait for a pooled connection into
    # `connect`; `total` bounds a stuck write by the sum of all four, as httpx would.
    parts = (read, write, connect, pool)
    return aiohttp.ClientTimeout(
        total=None if None in parts else sum(parts),  # type: ignore[arg-type]
        connect=None if connect is None or pool is None else connect + pool,
        sock_connect=connect,
        sock_read=read,
    )


def _body(request_data: RequestData | None) -> bytes | aiohttp.FormData | None:
    if request_data is None:
        return None
    files = request_data.multipart_data
    if not files:
        # JSON costs a fraction of form encoding's per-character quoting; the Bot API takes
        # both, and files only as multipart.
        return json.dumps(request_data.parameters).encode()
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form

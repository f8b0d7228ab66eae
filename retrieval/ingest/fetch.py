"""Download one web page for `add`, refusing anything that could reach inside the network.

A URL from a chat message is attacker-controlled (server-side request forgery): every
address its host resolves to is checked, the connection is pinned to the checked address
(so a second DNS answer cannot swap in a private one), and every redirect is checked
again.  Only http and https, only HTML, a few MB, a few redirects and seconds.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
DEFAULT_PORTS = {"http": 80, "https": 443}
USER_AGENT = "news-answer-bot/1.0 (+article import; one page per request)"
# IPv6 prefixes that carry an IPv4 address inside: the inner address is what gets reached.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class FetchError(Exception):
    """A page that was not downloaded, with the reason in words a user can act on."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How much one download may take."""

    max_bytes: int = 3 * 1024 * 1024
    max_redirects: int = 3
    seconds: float = 10.0


@dataclass(frozen=True, slots=True)
class Page:
    """A downloaded HTML page and the URL it was finally served from."""

    url: str
    content: bytes


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host`."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"cannot resolve {host}: {error.strerror}") from None
    return sorted({str(info[4][0]) for info in infos})


def address_refusal(address: IPAddress, allow_loopback: bool = False) -> str | None:
    """Why `address` may not be fetched from, or None when it is a public address."""
    inner = _embedded_ipv4(address)
    if inner is not None:
        return address_refusal(inner, allow_loopback)
    if address.is_loopback:
        return None if allow_loopback else "a loopback address"
    if address.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if address.is_private:
        return "a private network address"
    if address.is_multicast or address.is_reserved or address.is_unspecified:
        return "a reserved address"
    if not address.is_global:
        return "not a public internet address"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def fetch_page(
    url: str,
    *,
    allow_loopback: bool = False,
    limits: FetchLimits = FetchLimits(),
    resolve: Resolver = system_resolver,
) -> Page:
    """Download the HTML page at `url`; raise FetchError saying why not."""
    deadline = monotonic() + limits.seconds
    # No proxies from the environment: a proxy would connect on our behalf, unchecked.
    with httpx.Client(trust_env=False, follow_redirects=False) as client:
        for _ in range(limits.max_redirects + 1):
            target = httpx.URL(_checked_url(url))
            address = _checked_address(target, allow_loopback, resolve)
            response = _get_pinned(client, target, address, deadline)
            try:
                if response.status_code not in REDIRECTS:
                    return Page(str(target), _read_html(response, limits, deadline))
                location = response.headers.get("location")
            finally:
                response.close()
            if not location:
                raise FetchError(f"the site answered {response.status_code} with no Location")
            url = str(target.join(location))
    raise FetchError(f"more than {limits.max_redirects} redirects")


def _checked_url(url: str) -> str:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as error:
        raise FetchError(f"not a valid URL: {error}") from None
    if parsed.scheme not in DEFAULT_PORTS:
        raise FetchError("only http:// and https:// links can be added")
    if not parsed.host:
        raise FetchError("the link has no host name")
    if parsed.userinfo:
        raise FetchError("links with a user name or password are not fetched")
    return str(parsed.copy_with(fragment=None))


def _checked_address(target: httpx.URL, allow_loopback: bool, resolve: Resolver) -> str:
    port = target.port or DEFAULT_PORTS[target.scheme]
    try:
        addresses = [ipaddress.ip_address(target.host)]
    except ValueError:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(target.host, port)]
    if not addresses:
        raise FetchError(f"{target.host} has no address")
    # Every answer is checked, not just the first: the connection could land on any of them.
    for address in addresses:
        reason = address_refusal(address, allow_loopback)
        if reason is not None:
            raise FetchError(f"{target.host} resolves to {reason}; refused")
    return str(addresses[0])


def _get_pinned(
    client: httpx.Client, target: httpx.URL, address: str, deadline: float
) -> httpx.Response:
    # Connect to the checked address itself; the Host header and TLS name stay the site's.
    request = client.build_request(
        "GET",
        target.copy_with(host=address),
        headers={
            "Host": target.netloc.decode("ascii"),
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml",
        },
        extensions={"sni_hostname": target.host},
        timeout=httpx.Timeout(_remaining(deadline)),
    )
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException:
        raise FetchError("the site did not answer in time") from None
    except httpx.HTTPError as error:
        raise FetchError(f"could not download the page: {type(error).__name__}") from None


def _read_html(response: httpx.Response, limits: FetchLimits, deadline: float) -> bytes:
    if response.status_code != 200:
        raise FetchError(f"the site answered {response.status_code} {response.reason_phrase}")
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in HTML_TYPES:
        raise FetchError(f"not an HTML page (content type {kind or 'missing'})")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"the page is over the {limits.max_bytes:,}-byte limit")
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limits.max_bytes:
                raise FetchError(f"the page is over the {limits.max_bytes:,}-byte limit")
            # A server trickling bytes never trips the read timeout; the deadline stops it.
            _remaining(deadline)
    except httpx.TimeoutException:
        raise FetchError("the site did not answer in time") from None
    except httpx.HTTPError as error:
        raise FetchError(f"the download broke off: {type(error).__name__}") from None
    return bytes(body)


def _remaining(deadline: float) -> float:
    left = deadline - monotonic()
    if left <= 0:
        raise FetchError("the site did not answer in time")
    return left

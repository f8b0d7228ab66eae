"""Downloads refuse every address inside the network, at every hop, and stay small and quick."""

from __future__ import annotations

import ipaddress

import pytest
from web_server import BIG, news_site

from retrieval.ingest.fetch import FetchError, FetchLimits, address_refusal, fetch_page

SMALL = FetchLimits(max_bytes=BIG // 2, max_redirects=3, seconds=2.0)


def resolver(*addresses: str):
    """A resolver that answers every name with `addresses`, and records what it was asked."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return list(addresses)

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "fe80::1",
        "fd00:ec2::254",  # AWS metadata over IPv6
        "fc00::1",
        "100.100.100.200",  # shared address space (Alibaba metadata)
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
    ],
)
def test_inside_addresses_are_refused(address):
    assert address_refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_allowed(address):
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_loopback_is_allowed_only_when_asked_and_private_never():
    assert address_refusal(ipaddress.ip_address("127.0.0.1"), allow_loopback=True) is None
    assert address_refusal(ipaddress.ip_address("10.0.0.1"), allow_loopback=True) is not None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://news.example/story", "only http"),
        ("file:///etc/passwd", "only http"),
        ("gopher://news.example/", "only http"),
        ("javascript:alert(1)", "only http"),
        ("https://user:secret@news.example/story", "user name or password"),
        ("http:///no-host", "no host"),
        ("not a url at all", "only http"),
    ],
)
def test_only_plain_http_links_are_fetched(url, reason):
    resolve = resolver("93.184.216.34")
    with pytest.raises(FetchError, match=reason):
        fetch_page(url, resolve=resolve)
    assert resolve.asked == []


@pytest.mark.parametrize(
    "addresses",
    [
        ("127.0.0.1",),
        ("10.0.0.7",),
        ("169.254.169.254",),
        ("::1",),
        # One public answer does not excuse a private one: the connection could land there.
        ("93.184.216.34", "192.168.0.10"),
    ],
)
def test_a_name_resolving_inside_is_refused_before_connecting(addresses):
    with pytest.raises(FetchError, match="resolves to"):
        fetch_page("https://news.example/story", resolve=resolver(*addresses))


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/", "http://10.0.0.1/"],
)
def test_address_literals_are_checked_too(url):
    with pytest.raises(FetchError, match="resolves to"):
        fetch_page(url, resolve=resolver("93.184.216.34"))


def test_a_loopback_page_downloads_only_with_the_flag():
    with news_site() as (base, _):
        with pytest.raises(FetchError, match="loopback"):
            fetch_page(f"{base}/pages/harbour-bridge.html")
        page = fetch_page(f"{base}/pages/harbour-bridge.html", allow_loopback=True)
    assert b"Port Elwin" in page.content
    assert page.url.endswith("/pages/harbour-bridge.html")


def test_the_connection_goes_to_the_checked_address_under_the_sites_name():
    with news_site() as (base, hosts):
        port = base.rsplit(":", 1)[1]
        resolve = resolver("127.0.0.1")
        page = fetch_page(
            f"http://news.example:{port}/pages/harbour-bridge.html",
            allow_loopback=True,
            resolve=resolve,
        )
    assert b"Port Elwin" in page.content
    assert resolve.asked == ["news.example"]
    assert hosts == [f"news.example:{port}"]


def test_redirects_are_followed_and_reported():
    with news_site() as (base, _):
        page = fetch_page(f"{base}/moved", allow_loopback=True)
    assert page.url == f"{base}/pages/harbour-bridge.html"


@pytest.mark.parametrize(("route", "reason"), [("to-private", "private"), ("to-metadata", "link")])
def test_every_redirect_is_checked_again(route, reason):
    with news_site() as (base, _), pytest.raises(FetchError, match=reason):
        fetch_page(f"{base}/{route}", allow_loopback=True)


def test_redirects_are_limited():
    with news_site() as (base, hosts), pytest.raises(FetchError, match="more than 3 redirects"):
        fetch_page(f"{base}/loop", allow_loopback=True, limits=SMALL)
    assert len(hosts) == SMALL.max_redirects + 1


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("pdf", "not an HTML page"),
        ("big", "byte limit"),
        ("big-unannounced", "byte limit"),
        ("slow", "in time"),
        ("missing", "404"),
    ],
)
def test_pages_that_are_not_small_quick_html_are_refused(route, reason):
    limits = FetchLimits(max_bytes=BIG // 2, seconds=0.5)
    with news_site() as (base, _), pytest.raises(FetchError, match=reason):
        fetch_page(f"{base}/{route}", allow_loopback=True, limits=limits)


def test_an_unresolvable_name_says_so():
    def no_such_host(host: str, port: int) -> list[str]:
        raise FetchError(f"cannot resolve {host}: Name or service not known")

    with pytest.raises(FetchError, match="cannot resolve"):
        fetch_page("https://no-such-host.invalid/", resolve=no_such_host)

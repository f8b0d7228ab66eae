"""`python -m retrieval add`: one file an article, duplicates refused, failures write nothing."""

from __future__ import annotations

import tomllib

import pytest
from web_server import PAGES, news_site

from retrieval.cli import main
from retrieval.corpus.article_files import load_articles
from retrieval.ingest.add import canonical_url
from retrieval.rank.engine import Engine

BRIDGE = PAGES / "harbour-bridge.html"
BRIDGE_URL = "https://coastal-ledger.example/news/2025/03/port-elwin-bridge-repairs"


def add(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["add", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_saved_page_becomes_an_article_file_that_answers(tmp_path, capsys):
    status, out, _ = add(
        capsys, "--html", str(BRIDGE), "--url", BRIDGE_URL, "--corpus", str(tmp_path)
    )
    assert status == 0
    [written] = tmp_path.glob("*.txt")
    assert "Port Elwin bridge to close for six weeks of repairs" in out
    assert "2025-03-14" in out
    assert "sentences: 6" in out
    assert str(written) in out
    header = tomllib.loads(written.read_text().split("+++")[1])
    assert header["title"] == "Port Elwin bridge to close for six weeks of repairs"
    assert header["url"] == BRIDGE_URL
    assert header["outlet"] == "The Coastal Ledger"
    assert str(header["published"]) == "2025-03-14"
    assert "added" in header
    best = Engine.from_path(tmp_path).ask("How much will the bridge repairs cost?").answers[0]
    assert "4.2 million euros" in best.text
    assert best.link
    assert best.link.startswith(BRIDGE_URL + "#:~:text=")


def test_the_same_article_twice_is_refused_naming_the_file(tmp_path, capsys):
    args = ("--html", str(BRIDGE), "--url", BRIDGE_URL, "--corpus", str(tmp_path))
    assert add(capsys, *args)[0] == 0
    [first] = tmp_path.glob("*.txt")
    status, _, err = add(capsys, *args)
    assert status == 1
    assert first.name in err
    assert "same URL" in err
    assert list(tmp_path.glob("*.txt")) == [first]


def test_the_same_text_under_another_address_is_refused(tmp_path, capsys):
    (tmp_path / "bridge.txt").write_text(
        '+++\ntitle = "Bridge"\n+++\n'
        + "\n".join(a.text for a in _bridge_articles(tmp_path, capsys))
    )
    status, _, err = add(
        capsys,
        "--html",
        str(BRIDGE),
        "--url",
        "https://mirror.example/copy",
        "--corpus",
        str(tmp_path),
    )
    assert status == 1
    assert "bridge.txt" in err
    assert "same text" in err


def _bridge_articles(tmp_path, capsys):
    # The text the importer would write, via a scratch corpus.
    scratch = tmp_path / "scratch"
    add(capsys, "--html", str(BRIDGE), "--url", BRIDGE_URL, "--corpus", str(scratch))
    articles, _ = load_articles(scratch)
    return articles


def test_a_page_with_no_article_writes_nothing(tmp_path, capsys):
    page = PAGES / "section-front.html"
    status, _, err = add(
        capsys, "--html", str(page), "--url", "https://x.example/news", "--corpus", str(tmp_path)
    )
    assert status == 1
    assert "no article text" in err
    assert list(tmp_path.iterdir()) == []


def test_titles_that_collide_get_their_own_files(tmp_path, capsys):
    for number in range(2):
        html = (
            BRIDGE.read_text()
            .replace("Engineers found", f"Inspectors ({number}) found")
            .replace("bridge-repairs", f"bridge-repairs-{number}")
        )
        saved = tmp_path / f"saved{number}.html"
        saved.write_text(html)
        url = f"https://site{number}.example/bridge"
        assert (
            add(capsys, "--html", str(saved), "--url", url, "--corpus", str(tmp_path / "c"))[0] == 0
        )
    names = sorted(p.name for p in (tmp_path / "c").glob("*.txt"))
    assert names == [
        "port-elwin-bridge-to-close-for-six-weeks-of-repairs-2.txt",
        "port-elwin-bridge-to-close-for-six-weeks-of-repairs.txt",
    ]


def test_download_from_a_loopback_site_needs_the_flag(tmp_path, capsys):
    with news_site() as (base, _):
        url = f"{base}/pages/lighthouse-keeper.html"
        status, _, err = add(capsys, url, "--corpus", str(tmp_path))
        assert status == 1
        assert "loopback" in err
        status, out, _ = add(capsys, url, "--corpus", str(tmp_path), "--allow-loopback")
    assert status == 0
    assert "Last lighthouse keeper of Skerra Point" in out
    assert "2024-09-09" in out
    [written] = tmp_path.glob("*.txt")
    assert url in written.read_text()


@pytest.mark.parametrize(
    "args",
    [(), ("--html", "page.html"), ("https://a.example/", "--html", "page.html", "--url", "x")],
)
def test_usage_mistakes_are_explained(tmp_path, capsys, args):
    status, _, err = add(capsys, *args, "--corpus", str(tmp_path))
    assert status == 2
    assert err


def test_canonical_urls_ignore_case_fragments_and_tracking():
    assert canonical_url("HTTPS://News.Example:443/a/b/?utm_source=x&id=3#top") == (
        "https://news.example/a/b?id=3"
    )


def test_file_problems_name_the_file(tmp_path, capsys):
    missing = tmp_path / "no-such-page.html"
    status, _, err = add(capsys, "--html", str(missing), "--url", BRIDGE_URL)
    assert status == 1
    assert str(missing) in err
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    status, _, err = add(
        capsys, "--html", str(BRIDGE), "--url", BRIDGE_URL, "--corpus", str(blocked)
    )
    assert status == 1
    assert str(blocked) in err

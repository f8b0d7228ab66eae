"""/add and /reload for admins, /sources with counts and dates, buttons across reloads."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from bot_harness import (
    ROOT,
    SEEDS,
    USER,
    bot_message,
    callback,
    make_settings,
    message,
    update,
    visible,
)

from bot import corpus_updates
from bot.handlers import set_commands
from retrieval.ingest.fetch import Page
from retrieval.library import Library
from retrieval.rank import engine as engine_module

PAGES = ROOT / "tests" / "retrieval" / "ingest" / "pages"
BRIDGE_URL = "https://coastal-ledger.example/news/2025/03/port-elwin-bridge-repairs"
BRIDGE_QUESTION = "How much will the bridge repairs cost?"
ADMIN = make_settings(admin_user_ids=str(USER["id"]))
STRANGER = {"id": 77, "is_bot": False, "first_name": "Eve"}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns(".index", "*.md"))
    return folder


@pytest.fixture
def saved_pages(monkeypatch) -> list[tuple[str, bool]]:
    """Serve /add from saved pages instead of the network; records what was fetched, how."""
    fetched: list[tuple[str, bool]] = []

    def fetch(url: str, *, allow_loopback: bool = False) -> Page:
        fetched.append((url, allow_loopback))
        return Page(BRIDGE_URL, (PAGES / "harbour-bridge.html").read_bytes())

    monkeypatch.setattr(corpus_updates, "fetch_page", fetch)
    return fetched


async def say(app, recorder, text: str, user=USER) -> str:
    await app.process_update(update(app, message=message(text, user=user)))
    return "\n".join(visible(sent["text"]) for sent in recorder.sent())


async def test_admin_commands_are_refused_to_everyone_else(make_app, corpus, saved_pages):
    app, recorder = await make_app(ADMIN, corpus=Library(corpus))
    for command in (f"/add {BRIDGE_URL}", "/reload"):
        assert "for the bot's admins" in await say(app, recorder, command, user=STRANGER)
        recorder.calls.clear()
    assert saved_pages == []
    assert len(list(corpus.glob("*.txt"))) == 2


async def test_no_admins_are_configured_by_default(make_app, corpus):
    app, recorder = await make_app(corpus=Library(corpus))
    assert "for the bot's admins" in await say(app, recorder, "/reload")


async def test_an_added_link_is_answered_at_once(make_app, corpus, saved_pages):
    app, recorder = await make_app(ADMIN, corpus=Library(corpus))
    assert "4.2 million" not in await say(app, recorder, BRIDGE_QUESTION)
    recorder.calls.clear()
    reply = await say(app, recorder, f"/add {BRIDGE_URL}")
    assert "Added Port Elwin bridge to close for six weeks of repairs (6 sentences)" in reply
    assert saved_pages == [(BRIDGE_URL, False)]
    recorder.calls.clear()
    assert "4.2 million euros" in await say(app, recorder, BRIDGE_QUESTION)
    recorder.calls.clear()
    listing = await say(app, recorder, "/sources")
    assert "I know 3 articles" in listing
    assert "6 sentences" in listing
    assert "added" not in listing
    recorder.calls.clear()
    again = await say(app, recorder, f"/add {BRIDGE_URL}")
    assert "Not added: already in the corpus as port-elwin-bridge" in again


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:9/story", "loopback"),
        ("http://localhost:9/story", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.1/story", "private"),
        ("file:///etc/passwd", "only http"),
    ],
)
async def test_links_inside_the_network_are_refused(make_app, corpus, url, reason):
    app, recorder = await make_app(ADMIN, corpus=Library(corpus))
    reply = await say(app, recorder, f"/add {url}")
    assert reply.startswith("Not added:")
    assert reason in reply
    assert len(list(corpus.glob("*.txt"))) == 2


async def test_add_without_a_link_explains_itself(make_app, corpus):
    app, recorder = await make_app(ADMIN, corpus=Library(corpus))
    assert "/add https://" in await say(app, recorder, "/add")


async def test_reload_picks_up_dropped_files_and_names_broken_ones(make_app, corpus):
    app, recorder = await make_app(ADMIN, corpus=Library(corpus))
    (corpus / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    (corpus / "lighthouse.txt").write_text(
        "Tormod Valeur kept the Skerra Point lighthouse for 41 years before he retired.\n"
    )
    reply = await say(app, recorder, "/reload")
    assert "Reloaded: 2 added, 0 changed, 0 removed, 1 skipped; now 3 articles" in reply
    assert "Skipped broken.txt: not UTF-8" in reply
    recorder.calls.clear()
    assert "Tormod Valeur" in await say(app, recorder, "Who kept the Skerra Point lighthouse?")


async def test_a_reload_readies_the_new_engine_before_the_event_loop_meets_it(
    make_app, corpus, monkeypatch
):
    app, recorder = await make_app(ADMIN, corpus=Library(corpus))
    (corpus / "lighthouse.txt").write_text("Tormod Valeur kept the Skerra Point lighthouse.\n")
    frozen = gc.get_freeze_count()
    await say(app, recorder, "/reload")
    assert gc.get_freeze_count() > frozen

    def on_the_loop(sentences, answered):
        raise AssertionError("the examples were worked out on the event loop")

    monkeypatch.setattr(engine_module, "example_questions", on_the_loop)
    recorder.calls.clear()
    assert "Try one of these" in await say(app, recorder, "/start")


async def test_a_context_button_still_shows_its_article_after_a_reload(make_app, corpus):
    library = Library(corpus)
    app, recorder = await make_app(ADMIN, corpus=library)
    asked = message("Where was Durov arrested?")
    await app.process_update(update(app, message=asked))
    [sent] = recorder.sent()
    answer = bot_message(visible(sent["text"]), reply_to=asked, reply_markup=sent["reply_markup"])
    buttons = {b["text"]: b for row in sent["reply_markup"]["inline_keyboard"] for b in row}
    quoted = library.engine.ask("Where was Durov arrested?").answers[0]
    # A new first file shifts every article's number.
    (corpus / "000_aaa.txt").write_text("An article that sorts first, about harbour bridges.\n")
    library.reload()
    recorder.calls.clear()
    await app.process_update(callback(app, buttons["Context"]["callback_data"], answer))
    [edit] = recorder.sent("editMessageText")
    assert quoted.text in visible(edit["text"])
    assert quoted.title in visible(edit["text"])


async def test_admins_see_their_commands_in_the_menu(make_app, corpus):
    app, recorder = await make_app(ADMIN, corpus=Library(corpus))
    await set_commands(app)
    everyone, admin = recorder.sent("setMyCommands")
    assert "add" not in {c["command"] for c in everyone["commands"]}
    assert {"add", "reload"} <= {c["command"] for c in admin["commands"]}
    assert admin["scope"] == {"type": "chat", "chat_id": USER["id"]}
    assert "scope" not in everyone

"""Per-user flood control: one "slow down", then silence until the window has passed."""

from __future__ import annotations

from bot_harness import (
    GROUP_CHAT,
    PRIVATE_CHAT,
    USER,
    bot_message,
    callback,
    make_settings,
    message,
    update,
    visible,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.flood import UserRateLimit, Verdict

QUESTION = "Who founded Telegram?"
ANSWER, WARN, IGNORE = Verdict.ANSWER, Verdict.WARN, Verdict.IGNORE


class Clock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def test_over_the_limit_a_user_is_told_once_then_ignored_until_the_window_passes():
    clock = Clock()
    flood = UserRateLimit(3, 60, clock)
    verdicts = []
    for _ in range(6):
        verdicts.append(flood.check(1))
        clock.now += 1
    assert verdicts == [ANSWER, ANSWER, ANSWER, WARN, IGNORE, IGNORE]
    assert flood.check(2) is ANSWER  # others are not affected
    clock.now += 53
    assert flood.check(1) is IGNORE  # 59 s after the first question
    clock.now += 1  # the first question has left the window: one more, and a fresh warning
    assert [flood.check(1) for _ in range(3)] == [ANSWER, WARN, IGNORE]


def test_zero_turns_the_limit_off_and_remembers_no_one():
    flood = UserRateLimit(0, 60)
    assert {flood.check(1) for _ in range(1000)} == {ANSWER}
    assert flood.tracked_users() == 0


def test_users_quiet_for_a_whole_window_are_forgotten():
    clock = Clock()
    flood = UserRateLimit(2, 10, clock)
    for user in range(500):
        flood.check(user)
    assert flood.tracked_users() == 500
    clock.now += 10
    flood.check(-1)
    assert flood.tracked_users() == 1


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=4),
    st.lists(
        st.tuples(st.sampled_from([1, 2]), st.floats(min_value=0, max_value=4)),
        max_size=60,
    ),
)
def test_no_window_ever_holds_more_answers_than_the_limit(limit, asks):
    clock = Clock()
    window = 10.0
    flood = UserRateLimit(limit, window, clock)
    answered: dict[int, list[float]] = {1: [], 2: []}
    verdicts: dict[int, list[Verdict]] = {1: [], 2: []}
    for user, gap in asks:
        clock.now += gap
        verdict = flood.check(user)
        verdicts[user].append(verdict)
        if verdict is ANSWER:
            answered[user].append(clock.now)
    for user, times in answered.items():
        for i, start in enumerate(times):
            assert sum(1 for t in times[i:] if t < start + window) <= limit
        # Between two answers a user is warned at most once.
        run = "".join(v.value[0] for v in verdicts[user])
        assert "ww" not in run.replace("i", "")


async def _limited_app(make_app, limit: int = 2):
    app, recorder = await make_app(make_settings(user_rate_limit=limit, user_rate_window=60))
    clock = Clock()
    app.bot_data["deps"].flood = UserRateLimit(limit, 60, clock)
    return app, recorder, clock


async def test_a_flooding_user_gets_answers_then_one_note_then_silence(make_app):
    app, recorder, clock = await _limited_app(make_app)
    for _ in range(5):
        await app.process_update(update(app, message=message(QUESTION)))
    texts = [visible(params["text"]) for params in recorder.sent()]
    assert len(texts) == 3
    assert all("Telegram" in text for text in texts[:2])
    assert "faster than I can keep up" in texts[2]
    assert "2 questions every 60 seconds" in texts[2]
    # Someone else is answered meanwhile; and the flooder again once the window has passed.
    other = {"id": 77, "is_bot": False, "first_name": "Bo"}
    chat = {**PRIVATE_CHAT, "id": 77}
    await app.process_update(update(app, message=message(QUESTION, chat=chat, user=other)))
    clock.now += 60
    await app.process_update(update(app, message=message(QUESTION)))
    assert [int(p["chat_id"]) for p in recorder.sent()[3:]] == [77, USER["id"]]
    assert "<blockquote>" in recorder.sent()[-1]["text"]


async def test_buttons_count_too_and_are_still_answered_so_they_stop_spinning(make_app):
    app, recorder, _ = await _limited_app(make_app, limit=1)
    answer = bot_message(chat=PRIVATE_CHAT, reply_to=message(QUESTION))
    for _ in range(4):
        await app.process_update(callback(app, "src:0", answer))
    answers = recorder.sent("answerCallbackQuery")
    assert len(answers) == 4
    assert "faster than I can keep up" in answers[1]["text"]
    assert [a.get("text") for a in answers[2:]] == [None, None]
    assert len(recorder.sent("editMessageText")) == 1


async def test_group_messages_not_meant_for_the_bot_do_not_count(make_app):
    app, recorder, _ = await _limited_app(make_app, limit=1)
    for _ in range(5):
        await app.process_update(update(app, message=message("chatting", chat=GROUP_CHAT)))
    await app.process_update(update(app, message=message(f"/ask {QUESTION}", chat=GROUP_CHAT)))
    [sent] = recorder.sent()
    assert "<blockquote>" in sent["text"]


async def test_inline_queries_do_not_count(make_app):
    app, recorder, _ = await _limited_app(make_app, limit=1)
    for _ in range(5):
        query = {"id": "9", "from": USER, "query": QUESTION, "offset": ""}
        await app.process_update(update(app, inline_query=query))
    await app.process_update(update(app, message=message(QUESTION)))
    assert all(params["results"] for params in recorder.sent("answerInlineQuery"))
    assert "<blockquote>" in recorder.sent()[0]["text"]


async def test_the_default_limit_is_on(make_app):
    app, _ = await make_app()
    flood = app.bot_data["deps"].flood
    assert (flood.limit, flood.window) == (10, 60)

"""Latency of the real bot under a steady load, against the fake Bot API (all on 127.0.0.1).

    python -m benchmarks.bot_load [--rate 30] [--seconds 60] [--users 200]
                                  [--sentences 1000000] [--no-reference] [--env NAME=VALUE]

The corpus is benchmarks.engine_bench's: --sentences synthetic sentences in articles of
20, plus the seed articles, written to a temporary folder; the bot builds its index at
start (about a minute and 1.3 GB at a million sentences). Then --users users ask
--rate questions a second for --seconds, in turn, half of them seed questions, half
5-8 words drawn like the corpus's. Each question is timed from the moment getUpdates
hands it out to the moment the first sendMessage answering it reaches the fake API;
questions never answered are counted as lost.

The bot runs with TELEGRAM_RATE_LIMITER=false. 30 questions a second is Telegram's own
overall limit, so with the limiter on the figures would hold its deliberate waits, not
the bot's own time; they are left out by turning it off, not subtracted. USER_RATE_LIMIT
is off as well, so a long run's users are never told to slow down; every other setting
is the default (CORPUS_WATCH_SECONDS=5 included) unless --env says. The bot logs its event
loop's longest stall every second (LOOP_LAG_LOG_SECONDS=1, to within 5 ms); the table
shows the longest while questions were asked.

For reference, PTB's echo bot (`benchmarks/echo_bot.py`) takes the same load: what
python-telegram-bot and httpx alone cost a message here. The fake API skips its HTML check
(the e2e tests exercise it) to stay cheap; its CPU is shown so a bottleneck there would
show. Targets (not asserted): p99 <= 50 ms, longest stall <= 50 ms, nothing lost.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.engine_bench import synthetic_questions, write_corpus
from tests.e2e.fake_bot_api import FakeBotAPI
from tests.e2e.harness import BotProcess, process_stat, start_bot

SEED_QUESTIONS = (
    "Where was Durov arrested?",
    "Who owns Telegram?",
    "What did Elon Musk tweet about Durov?",
    "Why did French police raid the X office in Paris?",
    "How many users does Telegram have?",
    "What is Durov accused of?",
    "What did Durov say about France?",
    "Which agency issued the arrest warrant?",
    "When was Pavel Durov arrested?",
    "Who interviewed Durov?",
    "Is France a free country?",
    "What is the capital of Australia?",
)
LAG_LOG_SECONDS = 1.0
BOT_ENV = {
    "TELEGRAM_RATE_LIMITER": "false",
    "USER_RATE_LIMIT": "0",
    "LOOP_LAG_LOG_SECONDS": str(LAG_LOG_SECONDS),
    "LOG_LEVEL": "INFO",
}
STALL = re.compile(r"Longest event loop stall in \S+ s: ([\d.]+) ms")
BUILD_TIMEOUT = 900.0  # seconds for the bot to build a large index before its first poll
DRAIN_TIMEOUT = 30.0  # seconds the last replies may take after the last question
TARGET_MS = 50.0
FIRST_USER = 7_000_000
WARM_UP = 20


@dataclass
class Outcome:
    """One configuration's run: a column of the table."""

    asked: int
    latencies_ms: list[float]
    longest_stall_ms: float | None
    bot_cpu: float | None  # share of one core
    fake_cpu: float  # share of one core (this process: fake API + driver)


def _cpu_seconds(bot: BotProcess) -> float | None:
    """User + system CPU time of the bot and its children (Linux /proc), or None."""
    total = 0.0
    for pid in (bot.proc.pid, *bot.children()):
        fields = process_stat(pid)
        if fields is None:
            return None
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _texts(count: int) -> list[str]:
    """Seed questions and questions drawn like the synthetic corpus, taking turns."""
    drawn = synthetic_questions(count)
    return [
        SEED_QUESTIONS[number // 2 % len(SEED_QUESTIONS)] if number % 2 else drawn[number]
        for number in range(count)
    ]


def _updates(fake: FakeBotAPI, texts: list[str], users: int, first_user: int) -> list[dict]:
    """One message update a question, from `users` users in turn, each in their own chat."""
    updates = []
    for number, text in enumerate(texts):
        user = fake.user(first_user + number % users, f"User{number % users}")
        message = fake.new_message(fake.private_chat(user), user, text)
        updates.append(fake.make_update({"message": message}))
    return updates


def _reply_times(fake: FakeBotAPI, since: int) -> dict[tuple[int, int], float]:
    """When the first reply to each (chat, message) reached the fake."""
    first: dict[tuple[int, int], float] = {}
    for call in fake.calls("sendMessage", since=since):
        replied = call.params.get("reply_parameters") or {}
        key = (call.params.get("chat_id"), replied.get("message_id"))
        if call.ok and key not in first:
            first[key] = call.time
    return first


def _key(update: dict) -> tuple[int, int]:
    return update["message"]["chat"]["id"], update["message"]["message_id"]


def _ask(fake: FakeBotAPI, updates: list[dict], rate: float, drain: float) -> None:
    """Push the updates at `rate` a second, then wait up to `drain` seconds for the replies."""
    since, start = fake.mark(), time.perf_counter()
    for number, update in enumerate(updates):
        time.sleep(max(0.0, start + number / rate - time.perf_counter()))
        fake.push_update(update)
    wanted, deadline = {_key(update) for update in updates}, time.monotonic() + drain
    while time.monotonic() < deadline and not wanted <= _reply_times(fake, since).keys():
        time.sleep(0.05)


def run(module: str, args: argparse.Namespace, corpus: Path, log: Path) -> Outcome:
    """Start `module` on the corpus, warm it up, then measure it under the load."""
    texts = _texts(WARM_UP + round(args.rate * args.seconds))
    with FakeBotAPI(validate_html=False) as fake:
        settings = dict(setting.split("=", 1) for setting in args.env)
        bot = start_bot(
            fake,
            log,
            module=module,
            timeout=BUILD_TIMEOUT,
            CORPUS_DIR=str(corpus),
            **{**BOT_ENV, **settings},
        )
        try:
            # The first answers pay for imports and caches; the stall they cause is logged
            # before the measured run starts.
            _ask(fake, _updates(fake, texts[:WARM_UP], WARM_UP, 1), args.rate, DRAIN_TIMEOUT)
            time.sleep(2 * LAG_LOG_SECONDS)
            updates = _updates(fake, texts[WARM_UP:], args.users, FIRST_USER)
            since, log_start = fake.mark(), len(bot.log())
            bot_start, self_start, wall_start = (
                _cpu_seconds(bot),
                time.process_time(),
                time.monotonic(),
            )
            _ask(fake, updates, args.rate, DRAIN_TIMEOUT)
            bot_end, self_end = _cpu_seconds(bot), time.process_time()
            wall = time.monotonic() - wall_start
            replies = _reply_times(fake, since)
            stalls = [float(ms) for ms in STALL.findall(bot.log()[log_start:])]
        finally:
            code = bot.stop()
            if code != 0:
                print(f"note: {module} exited with {code}:\n{bot.log_tail()}", file=sys.stderr)
    latencies = [
        (replies[_key(u)] - fake.handout_times[u["update_id"]]) * 1000
        for u in updates
        if _key(u) in replies
    ]
    bot_cpu = None if bot_start is None or bot_end is None else (bot_end - bot_start) / wall
    return Outcome(
        len(updates), latencies, max(stalls, default=None), bot_cpu, (self_end - self_start) / wall
    )


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def _cells(outcome: Outcome) -> list[str]:
    lost = outcome.asked - len(outcome.latencies_ms)
    stall = outcome.longest_stall_ms
    return [
        f"{len(outcome.latencies_ms)} of {outcome.asked} (**{lost} lost**)",
        f"{_percentile(outcome.latencies_ms, 0.50):.1f} ms",
        f"**{_percentile(outcome.latencies_ms, 0.99):.1f} ms**",
        f"{max(outcome.latencies_ms, default=float('nan')):.1f} ms",
        "—" if stall is None else f"**{stall:.1f} ms**",
        _share(outcome.bot_cpu),
        _share(outcome.fake_cpu),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=30.0, help="questions a second")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long they are asked")
    parser.add_argument("--users", type=int, default=200, help="distinct users asking")
    parser.add_argument(
        "--sentences", type=int, default=1_000_000, help="synthetic sentences in the corpus"
    )
    parser.add_argument("--no-reference", action="store_true", help="leave out PTB's echo bot")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the bot, e.g. CORPUS_WATCH_SECONDS=0 (repeatable)",
    )
    args = parser.parse_args(argv)
    modules = {"The bot": "bot"}
    if not args.no_reference:
        modules["PTB's echo bot"] = "benchmarks.echo_bot"
    with tempfile.TemporaryDirectory(prefix="bot_load_") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, args.sentences)
        results = {
            title: _cells(run(module, args, corpus, Path(tmp) / f"{module}.log"))
            for title, module in modules.items()
        }
    measures = [
        "Questions answered",
        "Latency p50",
        "Latency p99",
        "Latency max",
        "Longest event loop stall",
        "CPU of one core, bot",
        "CPU of one core, fake API + driver",
    ]
    targets = ["all", "", f"<= {TARGET_MS:.0f} ms", "", f"<= {TARGET_MS:.0f} ms", "", ""]
    print("| Measure | " + " | ".join(results) + " | Target |")
    print("|---|" + "---|" * len(results) + "---|")
    for row, (measure, target) in enumerate(zip(measures, targets, strict=True)):
        print(f"| {measure} | " + " | ".join(r[row] for r in results.values()) + f" | {target} |")
    print(
        f"{args.rate:g} questions/s for {args.seconds:g} s from {args.users} users, "
        f"{args.sentences:,} synthetic sentences plus the seeds; {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}. Latency: getUpdates hand-out to sendMessage "
        "arrival at the fake API, TELEGRAM_RATE_LIMITER=false"
        + "".join(f", {setting}" for setting in args.env)
        + "."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The loop-lag probe (LOOP_LAG_LOG_SECONDS) that the load benchmark reads."""

from __future__ import annotations

import asyncio
import logging
import re
import time

import pytest

from bot.app import log_loop_lag

STALL = 0.12


async def test_a_blocked_event_loop_is_logged_as_a_stall(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="bot.app")
    probe = asyncio.create_task(log_loop_lag(0.3))
    await asyncio.sleep(0.05)
    time.sleep(STALL)  # noqa: ASYNC251 - what slow work in a handler does to the loop
    for _ in range(100):
        if caplog.records:
            break
        await asyncio.sleep(0.05)
    probe.cancel()
    stalls = [re.search(r"([\d.]+) ms$", r.getMessage()) for r in caplog.records]
    assert stalls, "the probe logged nothing"
    # The probe can only report a stall late, never shorter than it was.
    assert float(stalls[0][1]) >= (STALL - 0.01) * 1000

"""Per-user flood control: at most so many questions per user in a sliding time window.

Only user ids and the times of their recent questions are kept, never what they asked,
and users quiet for a whole window are forgotten, so memory follows active users only.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class Verdict(Enum):
    """What to do with a user's next question."""

    ANSWER = "answer"
    WARN = "warn"  # over the limit for the first time in this stretch: say so once
    IGNORE = "ignore"  # over the limit and already told


@dataclass(slots=True)
class _Recent:
    times: deque[float] = field(default_factory=deque)
    warned: bool = False


class UserRateLimit:
    """Allow `limit` questions per user in any `window` seconds; `limit` 0 allows everything."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        # Least recently active first, so idle users can be dropped from the front.
        self._users: OrderedDict[int, _Recent] = OrderedDict()

    def check(self, user_id: int) -> Verdict:
        """Count a question from user_id (only if it is answered) and say what to do with it."""
        if not self.limit:
            return Verdict.ANSWER
        now = self._clock()
        self._forget_idle(now)
        recent = self._users.setdefault(user_id, _Recent())
        self._users.move_to_end(user_id)
        while recent.times and recent.times[0] <= now - self.window:
            recent.times.popleft()
        if len(recent.times) < self.limit:
            recent.times.append(now)
            recent.warned = False
            return Verdict.ANSWER
        if recent.warned:
            return Verdict.IGNORE
        recent.warned = True
        return Verdict.WARN

    def tracked_users(self) -> int:
        """How many users are remembered right now."""
        return len(self._users)

    def _forget_idle(self, now: float) -> None:
        while self._users:
            user_id, recent = next(iter(self._users.items()))
            if recent.times and recent.times[-1] > now - self.window:
                return
            del self._users[user_id]

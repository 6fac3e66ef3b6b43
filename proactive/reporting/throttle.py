"""Abuse control that identifies nobody (SECURITY.md REP-03): counters kept only in this process's memory.

Nothing about the requester is a key: not the address, not a cookie. A window counts events of one kind across
everyone; when it is full, further attempts are refused (429) until the oldest event leaves the window. A reporter
is never locked out of their own receipt for good: the window moves on.

Limits per process (gunicorn runs a few): wrong receipts ``RECEIPT_FAILURES`` a minute; anonymous reports
``ANONYMOUS_REPORTS`` in ten minutes. Settings ``PROACTIVE_REPORT_THROTTLE`` may change them.
"""

import threading
import time
from collections import deque
from dataclasses import dataclass, field

from django.conf import settings

DEFAULTS = {
    "receipt_failures": (30, 60),  # (events, seconds)
    "anonymous_reports": (20, 600),
    "reporter_messages": (60, 600),
}


@dataclass
class Window:
    limit: int
    seconds: float
    events: deque = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _trim(self, now: float) -> None:
        while self.events and self.events[0] <= now - self.seconds:
            self.events.popleft()

    def retry_after(self, now: float | None = None) -> int:
        """0 when another event is allowed now, else the seconds until it is."""
        now = time.monotonic() if now is None else now
        with self.lock:
            self._trim(now)
            if len(self.events) < self.limit:
                return 0
            return max(1, int(self.events[0] + self.seconds - now + 0.999))

    def hit(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self.lock:
            self._trim(now)
            self.events.append(now)

    def clear(self) -> None:
        with self.lock:
            self.events.clear()


_windows: dict[str, Window] = {}
_lock = threading.Lock()


def window(name: str) -> Window:
    with _lock:
        if name not in _windows:
            limit, seconds = {**DEFAULTS, **getattr(settings, "PROACTIVE_REPORT_THROTTLE", {})}[name]
            _windows[name] = Window(limit=limit, seconds=seconds)
        return _windows[name]


def reset_all() -> None:
    """Forget every counter (tests)."""
    with _lock:
        _windows.clear()

"""Child processes that never outlive the stage that started them.

A render worker (forked by multiprocessing) or an outside program (pandoc) asks the kernel to
kill it when the stage that started it dies (Linux's PR_SET_PDEATHSIG), so a stage killed by
Ctrl-C, a timeout or `kill -9` leaves no worker behind still rendering, holding memory or
writing into build/. Elsewhere than Linux this does nothing.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_state = {"forking": 0, "hooked": False}


def die_with_parent(parent: int | None = None) -> None:
    """In a new child (after fork, before exec): be killed when the parent dies, or exit now if it
    already has (it may have died between the fork and this call). The signal survives exec."""
    if _LIBC is None:
        return
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    expected = parent or _state["forking"]
    if expected and os.getppid() != expected:
        os._exit(1)


def _note_parent() -> None:
    _state["forking"] = os.getpid()


def forks_die_with_parent() -> None:
    """From now on every forked child of this process (multiprocessing workers included) dies with it."""
    if _LIBC is not None and not _state["hooked"]:
        os.register_at_fork(before=_note_parent, after_in_child=die_with_parent)
        _state["hooked"] = True

"""Shared test helpers."""

from __future__ import annotations

import signal
import subprocess

import pytest


@pytest.fixture
def sigkill_after():
    """``kill(command, line)``: start ``command``, wait until it prints ``line`` (it has written
    something), kill it with SIGKILL; returns its exit status (``-SIGKILL`` when the kill landed)."""

    def kill(command: list[str], line: str) -> int:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout.readline().strip() == line
            proc.send_signal(signal.SIGKILL)
            return proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    return kill

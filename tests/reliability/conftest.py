"""Reliability suite: the counts each suite reaches are printed at the end of the run.

A test adds figures with the `record` fixture — record(suite, name=value, …) — and
pytest_terminal_summary prints them, so CI output shows how many trials ran and how many were
detected without needing -s.
"""

from __future__ import annotations

import pytest

from tests.reliability.fuzz_support import SCRATCH

_COUNTS = pytest.StashKey[dict]()


@pytest.fixture(scope="module", autouse=True)
def _scratch_folder(tmp_path_factory):
    """A scratch folder per test module, for fuzz_support.scratch_file."""
    SCRATCH.append(tmp_path_factory.mktemp("scratch"))
    yield
    SCRATCH.pop()


def counts_of(config: pytest.Config) -> dict[str, dict[str, int]]:
    if _COUNTS not in config.stash:
        config.stash[_COUNTS] = {}
    return config.stash[_COUNTS]


@pytest.fixture
def record(request: pytest.FixtureRequest):
    """record(suite, name=value, …): adds the figures to the end-of-run summary."""
    def add(suite: str, **figures: int) -> None:
        entry = counts_of(request.config).setdefault(suite, {})
        for name, value in figures.items():
            entry[name] = entry.get(name, 0) + value
    return add


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    counts = counts_of(config)
    if not counts:
        return
    terminalreporter.section("reliability counts")
    for suite, figures in counts.items():
        text = ", ".join(f"{name}={value}" for name, value in figures.items())
        terminalreporter.write_line(f"{suite}: {text}")

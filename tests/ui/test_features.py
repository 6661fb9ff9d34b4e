"""The menu actions that other modules provide: called with the window, or announced as coming."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types

import pytest

from desktop.ui import main_window
from desktop.ui.main_window import COMING_SOON, FEATURES


@pytest.mark.parametrize("slot", sorted(FEATURES))
def test_provided_modules_offer_the_function_the_menu_calls(slot):
    module, function = FEATURES[slot]
    name = f"desktop.ui.{module}"
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not written yet; the menu says {COMING_SOON}")
    assert callable(getattr(importlib.import_module(name), function, None)), \
        f"{name} must define {function}(window) for 文件 menu → {slot}"


def test_missing_feature_says_it_is_coming(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(main_window, "show_info", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    window.actions_by_name["report"].trigger()
    assert shown == [COMING_SOON]


def test_feature_is_called_with_the_window(qtbot, window, monkeypatch):
    calls = []
    fake = types.ModuleType("desktop.ui.export_dialog")
    fake.__spec__ = importlib.machinery.ModuleSpec("desktop.ui.export_dialog", None)
    fake.export_excel = calls.append
    fake.export_package = calls.append
    monkeypatch.setitem(sys.modules, "desktop.ui.export_dialog", fake)
    window.actions_by_name["export_excel"].trigger()
    assert calls == [window]
    assert window.session is not None and window.tasks is not None  # what features rely on

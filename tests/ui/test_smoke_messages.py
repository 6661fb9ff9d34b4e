"""The smoke test lets through Qt's font-folder note on Windows only, and only word for word."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QLibraryInfo

from desktop import smoke

QT_FONTS = QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath) + "/fonts"
NOTE = smoke.FONT_DIRECTORY_NOTE.format(folder=QT_FONTS)


def reported(message: str, capsys) -> str:
    smoke._qt_message(None, None, message)
    return capsys.readouterr().err


def test_the_note_is_tolerated_on_windows(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "win32")
    assert reported(NOTE, capsys) == ""


@pytest.mark.parametrize("message", [
    NOTE.replace(QT_FONTS, "C:/Users/someone/fonts"),  # another folder: something else is wrong
    NOTE + " And something else.",
    "QFontDatabase: Cannot find font directory",
    "qt.qpa.fonts: Unable to open default EUDC font",
])
def test_anything_else_on_windows_is_reported(monkeypatch, capsys, message):
    monkeypatch.setattr(sys, "platform", "win32")
    assert reported(message, capsys) == f"Qt：{message}\n"


def test_the_note_is_reported_elsewhere(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    assert reported(NOTE, capsys) == f"Qt：{NOTE}\n"

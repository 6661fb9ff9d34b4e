"""Evidence file names from a package: only evidence types, no traversal, hidden extensions or
device names; stored under safe names; the GUI's 打开 warns before opening anything else.

The attack as made: a package whose evidence is named ../../Startup/run.bat, 照片\\u202egpj.exe,
扫描.pdf.exe or CON was accepted, stored as .bat/.exe, and 打开 passed it to the system.
"""

from __future__ import annotations

import os

from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.assessment import School
from desktop.core.errors import ImportFileError, StoreError
from desktop.core.evidence_names import name_problem
from desktop.core.store import AnswerStore
from desktop.core.store.evidence import extension
from desktop.exchange import package
from tests.exchange.exchange_fixtures import evidence_blobs, sample_snapshot

HOSTILE = ["../../Startup/run.bat", "..\\..\\Startup\\run.bat", "照片\u202egpj.exe", "扫描.pdf.exe",
           "CON", "con.pdf", "LPT1.jpg", "说明.lnk", "宏.xlsm", "run.bat", "图片.jpg ", "a\u200b.pdf"]
GOOD = ["照片.jpg", "校园平面图.PNG", "自评报告.pdf", "台账.xlsx", "说明.txt", "会议纪要.docx"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_refused(name):
    assert name_problem(name), name


@pytest.mark.parametrize("name", GOOD)
def test_evidence_names_are_accepted(name):
    assert name_problem(name) is None


def _package_with_names(tmp_path: Path, monkeypatch, names: list[str]) -> Path:
    """A consistent package (hashes, digests) as anyone with the program could write it."""
    blobs = evidence_blobs(len(names))
    snapshot = sample_snapshot(blobs)
    import dataclasses
    renamed = tuple(dataclasses.replace(e, name=names[n % len(names)])
                    for n, e in enumerate(snapshot.evidence))
    snapshot = dataclasses.replace(snapshot, evidence=renamed)
    out = tmp_path / "hostile.zpkg"
    with monkeypatch.context() as m:
        m.setattr(package, "name_problem", lambda name: None)
        package.write_package(snapshot, out, blobs.__getitem__, catalog.shipped())
    return out


@pytest.mark.parametrize("name", ["../../Startup/run.bat", "照片\u202egpj.exe", "扫描.pdf.exe", "CON"])
def test_a_package_with_a_hostile_evidence_name_is_refused_whole(tmp_path, monkeypatch, name, record):
    path = _package_with_names(tmp_path, monkeypatch, [name])
    with pytest.raises(ImportFileError) as caught:
        package.read_package(path, catalog.shipped())
    message = str(caught.value)
    assert "佐证材料" in message and "未导入" in message and "\u202e" not in message, message
    record("evidence names", packages_refused=1)


def test_the_store_refuses_hostile_names_and_never_stores_an_executable(tmp_path, record):
    with AnswerStore.open(tmp_path / "data") as store:
        school = store.add_school(School("测试学校", "小学", code="1000000001"))
        aid = store.create_assessment(school, "2025年度", [("yzjh", "1")])
        # Windows cannot hold a file named CON.pdf; there the name can only come from a package.
        for name in ["run.bat", "照片\u202egpj.exe"] + ([] if os.name == "nt" else ["CON.pdf"]):
            source = tmp_path / "in" / name.replace("\u202e", "_")
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(b"MZ not really a program")
            if "\u202e" in name:  # the file system name itself carries the override
                source = source.rename(source.with_name(name))
            with pytest.raises(StoreError, match="不能添加"):
                store.add_evidence(aid, "yzjh", "1.1", source)
        assert not (store.data_dir / "evidence").exists() or not list((store.data_dir / "evidence").iterdir())
    assert extension("x.exe") == extension("a.pdf.bat") == extension("CON") == ""
    assert extension("扫描.PDF") == "pdf"
    record("evidence names", store_refusals=3)


@pytest.mark.gui
def test_opening_a_non_evidence_file_asks_first(qapp, tmp_path, monkeypatch, record):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox
    from desktop.ui import open_evidence
    opened, asked = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)

    def answer(reply):
        def warning(parent, title, text, *args):
            asked.append(text)
            return reply
        return warning
    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Cancel))
    assert not open_evidence.open_evidence_file(None, tmp_path / "abc", "run.bat")
    assert opened == [] and "不是常见的佐证材料类型" in asked[-1]
    assert open_evidence.open_evidence_file(None, tmp_path / "abc.pdf", "报告.pdf")
    assert len(asked) == 1 and len(opened) == 1  # a PDF opens without a question
    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Open))
    assert open_evidence.open_evidence_file(None, tmp_path / "abc", "旧文件.zip")
    record("evidence names", gui_warnings=2)

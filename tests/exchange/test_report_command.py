"""`python -m desktop report`: the demo school's report from the store, options, and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import cli
from desktop.core.demo import create_demo
from desktop.core.snapshot_json import digest
from desktop.core.store import AnswerStore
from tests.exchange.conftest import pdf_text


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("demo") / "data"
    with AnswerStore.open(folder) as store:
        result = create_demo(store)
    return folder, result.assessment_id


def run(*args: str) -> int:
    return cli.main(["report", *args])


def test_report_of_the_latest_assessment(demo_dir, tmp_path, capsys):
    folder, assessment_id = demo_dir
    out = tmp_path / "自评报告.pdf"
    assert run("--data-dir", str(folder), "--out", str(out)) == 0
    printed = capsys.readouterr().out
    pages = len(PdfReader(out).pages)
    assert f"已生成报告：{out}，共 {pages} 页" in printed
    with AnswerStore.open_reader(folder) as store:
        snapshot = store.snapshot(assessment_id)
    assert f"数据指纹：{digest(snapshot)}" in printed
    text = "".join(pdf_text(out).split())
    assert "城关镇第一学校2025年度学校督导自评报告" in text and "地方标准：广东省" in text
    assert "照片资料" in text


def test_one_checklist_without_photos(demo_dir, tmp_path):
    folder, _ = demo_dir
    out = tmp_path / "yzjh.pdf"
    assert run("--data-dir", str(folder), "--out", str(out), "--checklists", "yzjh", "--no-photos") == 0
    text = "".join(pdf_text(out).split())
    assert "义务教育优质均衡发展自评报告" in text and "照片资料" not in text
    assert not any(page.images for page in PdfReader(out).pages)


def test_earlier_period_by_id(demo_dir, tmp_path):
    folder, assessment_id = demo_dir
    out = tmp_path / "2024.pdf"
    assert run("--data-dir", str(folder), "--assessment", str(assessment_id - 1), "--out", str(out)) == 0
    assert "2024年度" in pdf_text(out)


@pytest.mark.parametrize("extra, message", [
    (["--checklists", "xqph"], "本次评估不含检查表「xqph」"),
    (["--assessment", "999"], "999"),
    (["--font", "/nonexistent/font.ttf"], "指定的字体文件"),
])
def test_errors_are_chinese_sentences_and_write_nothing(demo_dir, tmp_path, capsys, extra, message):
    folder, _ = demo_dir
    target = tmp_path / "out"
    target.mkdir()
    assert run("--data-dir", str(folder), "--out", str(target / "bad.pdf"), *extra) == cli.EXIT_USAGE
    assert message in capsys.readouterr().err
    assert list(target.iterdir()) == []  # neither the report nor a temporary file


def test_output_must_be_a_pdf(demo_dir, tmp_path, capsys):
    folder, _ = demo_dir
    assert run("--data-dir", str(folder), "--out", str(tmp_path / "r.docx")) == cli.EXIT_USAGE
    assert ".pdf" in capsys.readouterr().err


def test_empty_data_directory_says_what_to_do(tmp_path, capsys):
    assert run("--data-dir", str(tmp_path / "empty"), "--out", str(tmp_path / "r.pdf")) == cli.EXIT_USAGE
    assert "demo" in capsys.readouterr().err

"""Every printed document of a 九年一贯制 school and a 幼儿园, and the county summary from their
packages, read back with pypdf (so the checks run on Windows too): 避头尾, counts that agree,
kindergarten wording, the period named, fonts by level found and embedded."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop import cli
from desktop.core.catalog import shipped
from desktop.core.demo import create_demo
from desktop.core.store import AnswerStore
from desktop.exchange import fonts
from tests.pdf_lines import badly_broken

SCHOOLS = {"九年一贯制": "2144190001", "幼儿园": "2144190005"}
ISSUER = "示范县人民政府教育督导室"


def run(*args: str) -> None:
    assert cli.main(list(args)) == 0, args


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """Reports, packages, notices, visit records and the county summary, made as a user would."""
    root = tmp_path_factory.mktemp("printed")
    inbox, workspace = root / "收件箱", root / "督学"
    inbox.mkdir()
    out: dict[str, Path] = {}
    for school_type, code in SCHOOLS.items():
        data = root / school_type
        with AnswerStore.open(data) as store:
            create_demo(store, school_type=school_type)
        out[f"report {school_type}"] = root / f"{school_type}自评报告.pdf"
        run("--data-dir", str(data), "report", "--out", str(out[f"report {school_type}"]))
        out[f"workbook {school_type}"] = root / f"{school_type}.xlsx"
        run("--data-dir", str(data), "export", "--format", "xlsx", "--out",
            str(out[f"workbook {school_type}"]))
        run("--data-dir", str(data), "export", "--format", "package", "--out",
            str(inbox / f"{school_type}.zpkg"))
    run("supervisor", "import", str(inbox), "--data-dir", str(workspace))
    for school_type, code in SCHOOLS.items():
        out[f"notice {school_type}"] = root / f"{school_type}整改通知书.pdf"
        run("supervisor", "notice", code, "--out", str(out[f"notice {school_type}"]),
            "--issuer", ISSUER, "--date", "2025-12-01", "--data-dir", str(workspace))
        out[f"visit {school_type}"] = root / f"{school_type}督导记录表.pdf"
        run("supervisor", "visit", code, "--out", str(out[f"visit {school_type}"]), "--date",
            "2025-12-03", "--inspector", "张督学", "--problems", "班额超标", "--data-dir",
            str(workspace))
    out["county"], out["county workbook"] = root / "县域统计.pdf", root / "县域统计.xlsx"
    run("district-stats", str(inbox), "--pdf", str(out["county"]), "--xlsx",
        str(out["county workbook"]), "--county", "示范县", "--data-dir", str(workspace))
    return out


def text_of(path: Path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


def pdfs(printed: dict[str, Path]) -> list[Path]:
    return [p for p in printed.values() if p.suffix == ".pdf"]


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(printed):
    for path in pdfs(printed):
        assert badly_broken(path) == [], path.name


def test_summary_counts_lists_and_ledger_agree(printed):
    for school_type in SCHOOLS:
        text = text_of(printed[f"report {school_type}"])
        ledger = re.split(r"[一二三四五六七八九十]、整改台账", text)[1].split("佐证材料目录")[0]
        rows = ledger.count("自查自评")
        listed = [int(n) for n in re.findall(r"未达标的条目和指标（(\d+)项）", text)]
        assert rows >= 1 and sum(listed) == rows, (school_type, listed, rows)
        # The overview's 未达标 column holds the same numbers, checklist by checklist.
        summary = text.split("自评结果汇总")[1]
        for n in listed:
            assert f"合计未达标{n}项" in summary or f"（{n}项）" in summary


def test_the_failed_indicators_are_counted_and_listed(printed):
    text = text_of(printed["report 九年一贯制"])
    summary = text.split("自评结果汇总")[1].split("条目自评明细")[0]
    assert "另有资源配置指标未达标3项" in summary
    for label in ("R7每百名学生拥有网络多媒体教室数（小学部）", "R4生均教学及辅助用房面积（初中部）"):
        assert label in summary and label in re.split(r"[一二三四五六七八九十]、整改台账", text)[1]


def test_kindergarten_documents_say_yuan(printed):
    report = text_of(printed["report 幼儿园"])
    for words in ("幼儿园名称（公章）", "园长", "幼儿园（盖章）", "园长（签名）", "一、幼儿园概况",
                  "本园"):
        assert words in report, words
    for words in ("学校名称（公章）", "校长（签名）", "学校（盖章）", "学校概况"):
        assert words not in report, words
    notice = text_of(printed["notice 幼儿园"])
    assert "你园" in notice and "园长（签收）" in notice and "幼儿园（盖章）" in notice
    assert "你校" not in notice and "学校负责人" not in notice
    visit = text_of(printed["visit 幼儿园"])
    assert "幼儿园名称" in visit and "园长（签名）" in visit and "学校负责人" not in visit
    school = text_of(printed["notice 九年一贯制"])
    assert "你校" in school and "你园" not in school


def test_the_period_and_the_counted_schools_are_named(printed):
    county = text_of(printed["county"])
    assert "评估周期：2025年度" in county and "统计范围" in county
    assert "城关镇第一学校" in county and "九年一贯制.zpkg" in county
    assert "幼儿园.zpkg" not in county.split("统计范围")[1].split("校际差异系数")[0]
    assert "均值对标准" in county and "差异系数判定" in county
    assert "广东（地方目标）" not in county
    assert "制表单位" in county and "审核人" in county
    book = load_workbook(printed["county workbook"])
    scope = [str(c) for row in book["统计范围"].iter_rows(values_only=True) for c in row if c]
    assert any("2025年度" in c for c in scope) and "城关镇第一学校" in scope
    for sheet in book.worksheets:
        assert "2025年度" in sheet.oddHeader.center.text and "&N" in sheet.oddFooter.center.text
    for school_type in SCHOOLS:
        assert "评估周期：2025年度" in text_of(printed[f"report {school_type}"])


def test_unfinished_assessments_say_so(printed):
    report = text_of(printed["report 九年一贯制"])
    cover = "".join(PdfReader(printed["report 九年一贯制"]).pages[0].extract_text().split())
    assert "填报状态：填报中；待复核5项" in cover
    assert "本次评估仍在填报中" in report and "草稿（未完成）" not in cover


def test_notices_carry_the_office_and_its_abbreviation(printed):
    text = text_of(printed["notice 九年一贯制"])
    assert ISSUER in text and "示范督整〔2025〕第1号" in text


def test_documents_embed_their_fonts(printed):
    for path in pdfs(printed):
        names = set()
        for page in PdfReader(path).pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None, (path.name, font["/BaseFont"])  # not a base-14 font
                assert "/FontFile2" in descriptor.get_object(), (path.name, font["/BaseFont"])
                names.add(str(font["/BaseFont"]).split("+")[-1])
        assert not any("Helvetica" in n for n in names), (path.name, names)


DEBIAN = Path("/usr/share/fonts/truetype")


@pytest.mark.skipif(not sys.platform.startswith("linux")
                    or not (DEBIAN / "arphic/ukai.ttc").is_file()
                    or not (DEBIAN / "wqy/wqy-zenhei.ttc").is_file(),
                    reason="Debian fonts-arphic-ukai / fonts-wqy-zenhei not installed")
def test_fonts_by_level_are_found_on_debian(printed):
    found = fonts.find_font_set()
    assert not found.single and found.title_needs_bold
    assert (found.heading.family, found.subheading.family) == ("WenQuanYi Zen Hei", "AR PL UKai CN")
    assert found.body.family == found.table.family == "AR PL UMing CN"
    embedded = {str(f.get_object()["/BaseFont"]) for page in PdfReader(printed["report 幼儿园"]).pages
                for f in (page["/Resources"].get("/Font") or {}).values()}
    for family in ("UMingCN", "UKaiCN", "WenQuanYiZenHei"):
        assert any(family in name for name in embedded), (family, embedded)


def test_one_font_serves_every_level_when_only_one_is_found(tmp_path):
    only = fonts.find_cjk_font()  # whatever this machine has
    found = fonts.find_font_set(candidates={role: [] for role in fonts.ROLES}
                                | {"fallback": [(only.path, only.subfont_index)]})
    assert found.single and found.describe() == only.describe()


def test_a_configured_font_file_per_level_is_used(tmp_path):
    only = fonts.find_cjk_font()
    found = fonts.find_font_set(configured={"heading": str(only.path)},
                                candidates={role: [] for role in fonts.ROLES})
    assert found.heading.path == only.path


soffice = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice is None, reason="LibreOffice (soffice) not installed: workbooks are "
                                            "printed to PDF with it to check their page setup")
def test_workbooks_print_on_a4_with_page_numbers(printed, tmp_path):
    for key in ("workbook 九年一贯制", "workbook 幼儿园", "county workbook"):
        source = printed[key]
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(source)], check=True, capture_output=True, timeout=180)
        pdf = tmp_path / (source.stem + ".pdf")
        reader = PdfReader(pdf)
        sheets = len(load_workbook(source).sheetnames)
        assert sheets <= len(reader.pages) <= sheets * 3, (key, len(reader.pages))
        for page in reader.pages:
            box = sorted(float(v) for v in page.mediabox.upper_right)
            assert abs(box[0] - 595) < 3 and abs(box[1] - 842) < 3  # A4, either way round
        text = "".join(p.extract_text() for p in reader.pages)
        assert f"共 {len(reader.pages)} 页" in text or f"共{len(reader.pages)}页" in text
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "幼儿园.pdf").pages)
    assert "1.1" in text and "2.1" in text  # the report's item codes
    assert shipped()  # the catalogue the demo used is still loadable

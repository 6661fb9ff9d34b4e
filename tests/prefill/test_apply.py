"""Writing a prefill: the CLI's preview, JSON and refusals, one transaction, sources kept with the
answers, and the round trip to the R1–R7 indicators."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.errors import StoreError
from desktop.core.store import AnswerStore
from desktop.prefill.mapping import MappingFileError, load_mapping
from desktop.prefill.plan import plan_file
from tests.prefill.conftest import COMBINED, PRIMARY, open_assessment
from tests.prefill.returns import combined_return, primary_return, write_return
from tests.prefill.test_plan import PRIMARY_EXPECTED


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "prefill", *args],
                          capture_output=True, encoding="utf-8", cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root), "PYTHONIOENCODING": "utf-8"})


def test_cli_preview_json_and_apply(tmp_path: Path):
    data = tmp_path / "data"
    store, assessment = open_assessment(data, PRIMARY, ("yzjh",))
    store.set_answer(assessment, "yzjh", "students_primary", Fraction(1100))
    store.close()
    path = write_return(primary_return(), tmp_path / "小学.xlsx", shifted=True)

    out = cli(data, str(path), "--dry-run", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["school"] == {"code": "2144010001", "name": "广州市示范小学", "type": "小学",
                             "locale": "城区", "ownership": "公办", "year": "2020/2021"}
    got = {v["item"]: v["value"] for v in doc["values"]}
    assert got == {k: (int(v) if Fraction(v).denominator == 1 else float(v)) for k, v in PRIMARY_EXPECTED.items()}
    assert all(isinstance(v["value"], (int, float)) for v in doc["values"])
    first = next(v for v in doc["values"] if v["item"] == "students_primary")
    assert first == {"checklist": "yzjh", "item": "students_primary", "value": 1124, "sheet": "基础基312",
                     "cell": "F7", "label": "2020/2021学年初 基层表 基础基312 在校生数 合计"}
    assert {"sheet", "cell", "why"} == set(doc["unused"][0])

    text = cli(data, str(path), "--dry-run")
    line = next(x for x in text.stdout.splitlines() if "小学在校生数" in x)
    assert "1100" in line and "→ 1124" in line and "【与现有答案不同】" in line
    assert "（仅预览，未写入）" in text.stdout
    with AnswerStore.open(data) as store:
        assert store.answers(assessment, "yzjh") == {"students_primary": Fraction(1100)}

    applied = cli(data, str(path))
    assert applied.returncode == 0, applied.stderr
    assert f"已从基层表填入 {len(PRIMARY_EXPECTED)} 项" in applied.stdout
    with AnswerStore.open(data) as store:
        assert store.answers(assessment, "yzjh") == PRIMARY_EXPECTED
        sources = store.snapshot(assessment).answer_sources
        assert sources[("yzjh", "students_primary")] == "2020/2021学年初 基层表 基础基312 在校生数 合计"
        assert any(re.search(r"-before-prefill(-n\d+)?\.db$", b.name) for b in store.backups())
        # A value typed afterwards no longer claims to come from the return.
        store.set_answer(assessment, "yzjh", "students_primary", Fraction(1130))
        assert ("yzjh", "students_primary") not in store.answer_sources(assessment)
        assert ("yzjh", "classes_primary") in store.answer_sources(assessment)


def test_cli_kindergarten_xls_into_a_named_assessment(tmp_path: Path):
    pytest.importorskip("xlwt", reason="xlwt (test dependency) writes the .xls fixture")
    from tests.prefill.conftest import KINDERGARTEN
    from tests.prefill.returns import kindergarten_return
    data = tmp_path / "data"
    store, assessment = open_assessment(data, KINDERGARTEN, ("xqph", "xyaq"))
    store.close()
    path = write_return(kindergarten_return(), tmp_path / "幼儿园.xls", shifted=True)
    out = cli(data, str(path), "--assessment", str(assessment))
    assert out.returncode == 0, out.stderr
    assert "未使用的内容" in out.stdout and "托班" in out.stdout
    with AnswerStore.open(data) as store:
        answers = store.answers(assessment, "xqph")
        assert answers["children_enrolled"] == 305 and answers["activity_rooms_m2"] == Fraction("1450.5")
    wrong = cli(data, str(path), "--assessment", "99")
    assert wrong.returncode == 2 and "找不到编号为 99 的评估" in wrong.stderr


def test_cli_refusal_changes_nothing(tmp_path: Path):
    data = tmp_path / "data"
    store, assessment = open_assessment(data, PRIMARY, ("yzjh",))
    store.close()
    path = write_return(primary_return(students="很多"), tmp_path / "小学.xlsx")
    out = cli(data, str(path))
    assert out.returncode == 2
    assert "错误：文件 小学.xlsx，工作表「基础基312」，第 6 行，E 列" in out.stderr
    with AnswerStore.open(data) as store:
        assert store.answers(assessment, "yzjh") == {}
        assert not any(b.name.endswith("-before-prefill.db") for b in store.backups())


def test_writes_are_all_or_nothing(primary_store):
    store, assessment = primary_store
    with pytest.raises(StoreError):
        store.set_answers_with_sources(assessment, [
            ("yzjh", "students_primary", Fraction(1124), "来源"),
            ("xqph", "children_enrolled", Fraction(300), "来源"),  # not in this assessment
        ])
    assert store.answers(assessment, "yzjh") == {}
    assert store.answer_sources(assessment) == {}


def test_undo_entries_restore_answers_and_sources(primary_store):
    store, assessment = primary_store
    store.set_answer(assessment, "yzjh", "students_primary", Fraction(1000))
    store.set_answers_with_sources(assessment, [("yzjh", "students_primary", Fraction(1124), "甲"),
                                                ("yzjh", "multimedia_rooms", Fraction(30), "乙")])
    assert store.answer_sources(assessment) == {("yzjh", "students_primary"): "甲",
                                                ("yzjh", "multimedia_rooms"): "乙"}
    store.set_answers_with_sources(assessment, [("yzjh", "students_primary", Fraction(1000), None),
                                                ("yzjh", "multimedia_rooms", None, None)])
    assert store.answers(assessment, "yzjh") == {"students_primary": Fraction(1000)}
    assert store.answer_sources(assessment) == {}


@pytest.mark.parametrize("kind", ["primary", "combined"])
def test_round_trip_to_the_resource_indicators(tmp_path: Path, kind: str):
    """After the prefill, R1–R7 are the indicators computed by hand from the return's numbers."""
    school, spec = (PRIMARY, primary_return()) if kind == "primary" else (COMBINED, combined_return())
    store, assessment = open_assessment(tmp_path / "data", school, ("yzjh",))
    try:
        plan = plan_file(write_return(spec, tmp_path / "r.xlsx"), catalog.shipped(), store.snapshot(assessment))
        store.set_answers_with_sources(assessment, [(v.checklist, v.item.id, v.value, v.source)
                                                    for v in plan.changes])
        result = store.snapshot(assessment).evaluate(catalog.shipped())["yzjh"]
    finally:
        store.close()
    v = {p.item.id: p.value for p in plan.values}
    stages = ["primary"] if kind == "primary" else ["primary", "junior"]
    students = {s: v[f"students_{s}"] for s in stages}
    weights = {"primary": Fraction(1), "junior": Fraction(11, 10)}
    weighted = sum(weights[s] * students[s] for s in stages)
    for stage in stages:
        n, share = students[stage], weights[stage] * students[stage] / weighted
        expected = {
            "R1": v[f"teachers_above_degree_{stage}"] * 100 / n,
            "R2": v[f"backbone_teachers_{stage}"] * 100 / n,
            "R3": v[f"pe_art_teachers_{stage}"] * 100 / n,
            "R4": v["teaching_rooms_m2"] * share / n,
            "R5": v["sports_area_m2"] * share / n,
            "R6": v["equipment_value_yuan"] * share / n,
            "R7": v["multimedia_rooms"] * share * 100 / n,
        }
        got = {k: r.value for k, r in result.stages[stage].indicators.items()}
        assert got == expected, stage


def test_mapping_problems_are_reported_in_chinese(tmp_path: Path):
    folder = tmp_path / "prefill"
    folder.mkdir()
    source = Path(__file__).resolve().parents[2] / "checklists" / "prefill" / "identity.toml"
    (folder / "identity.toml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "yzjh.toml").write_text('''
checklist = "yzjh"
[[values]]
item = "no_such_item"
sum = [{ table = "基础基312", row = "总计", column = ["在校生数"] }]
basis = "x"
[[values]]
item = "students_primary"
sum = [{ table = "基础基312", row = "总计", column = ["在校生数"], scale = -3, colour = "红" }]
[[values]]
item = "veto_falsification"
typs = ["小学"]
sum = [{ table = "基础基312", row = "总计", column = ["在校生数"] }]
basis = "x"
''', encoding="utf-8")
    (folder / "broken.toml").write_text("checklist = ", encoding="utf-8")
    with pytest.raises(MappingFileError) as caught:
        load_mapping(catalog.shipped(), folder)
    text = str(caught.value)
    assert text.startswith("基层表对照表有 7 处问题")
    for part in ("没有条目「no_such_item」", "scale 应为正数", "不认识的键 colour", "不是数字条目",
                 "缺少 basis", "不认识的键 typs", "broken.toml：不是有效的 TOML，文件末尾有语法错误"):
        assert part in text, part


def test_the_shipped_mapping_loads():
    mapping = load_mapping(catalog.shipped())
    assert {r.item for r in mapping.values} >= {"students_primary", "teaching_rooms_m2", "children_enrolled"}

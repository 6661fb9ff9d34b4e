"""`district-stats` and `preschool-stats` on the command line: JSON, text, templates, errors."""

import json

from openpyxl import load_workbook

from desktop.cli import main
from desktop.district.resource_table import read_resource_table
from tests.district.factories import junior, primary, table_row, write_csv, write_xlsx


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _table(tmp_path):
    rows = [table_row(primary("甲小学", 1000, teaching_rooms_m2=3000)),
            table_row(primary("乙小学", 1000, teaching_rooms_m2=999)),
            table_row(junior("丙中学", 500))]
    return write_xlsx(tmp_path / "统计表.xlsx", rows)


def test_json_shape(tmp_path, capsys):
    code, out, _ = _run(capsys, "--data-dir", str(tmp_path / "d"), "district-stats", str(_table(tmp_path)), "--json")
    assert code == 0
    data = json.loads(out)
    primary_stage = data["stages"]["primary"]
    assert set(primary_stage["cv"]) == {"R1", "R2", "R3", "R4", "R5", "R6", "R7"}
    assert primary_stage["limit"] == 0.5 and primary_stage["passed"] is False
    assert primary_stage["cv_text"]["R4"] == "0.5004" and primary_stage["within_limit"]["R4"] is False
    assert primary_stage["mean"]["R4"] == 1.9995
    assert primary_stage["schools"] == 2 and primary_stage["schools_met"] == 0  # R4 below 85 %
    assert isinstance(primary_stage["composite"], float)
    assert data["stages"]["junior"]["limit"] == 0.45
    school = data["schools"][1]
    assert school["name"] == "乙小学" and school["type"] == "小学"
    assert school["stages"]["primary"]["R4"] == 0.999 and school["stages"]["primary"]["verdict"] == "未达标"


def test_text_output_and_outputs(tmp_path, capsys):
    xlsx, pdf = tmp_path / "汇总.xlsx", tmp_path / "报告.pdf"
    code, out, _ = _run(capsys, "--data-dir", str(tmp_path / "d"), "district-stats", str(_table(tmp_path)),
                        "--whatif", "2", "--xlsx", str(xlsx))
    assert code == 0
    assert "【小学】参与统计 2 所" in out and "差异系数限值 ≤ 0.50：未达标（R4）" in out
    assert "0.5004" in out and "超出限值" in out
    assert "小学 R4（现为 0.5004）：乙小学" in out
    assert load_workbook(xlsx).sheetnames == ["汇总表", "差异系数", "统计范围"]


def test_template_round_trip(tmp_path, capsys):
    template = tmp_path / "模板.xlsx"
    code, out, _ = _run(capsys, "--data-dir", str(tmp_path / "d"), "district-stats", "--template", str(template))
    assert code == 0 and "已导出" in out
    book = load_workbook(template)
    assert book.sheetnames == ["资源配置统计表", "填写说明"]
    sheet = book["资源配置统计表"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["学校名称", "学校标识码", "学校类型"] and "教学仪器设备值（元）" in headers
    row = table_row(primary("甲小学"))
    sheet.append([row.get(h) for h in headers])
    book.save(template)
    assert [r.name for r in read_resource_table(template)] == ["甲小学"]


def test_kindergarten_template_and_preschool_stats(tmp_path, capsys):
    template = tmp_path / "幼儿园.xlsx"
    assert _run(capsys, "preschool-stats", "--template", str(template))[0] == 0
    headers = [c.value for c in load_workbook(template)["幼儿园统计表"][1]]
    assert headers == ["园名", "办园性质", "在园幼儿数", "班级数", "超额班级数", "专任教师数",
                       "持证专任教师数", "保育员数"]
    rows = [dict(zip(headers, ["甲园", "公办", 300, 10, 0, 20, 20, 10])),
            dict(zip(headers, ["乙园", "普惠性民办", 200, 8, 2, 12, 12, 8]))]
    csv = write_csv(tmp_path / "k.csv", rows, headers, encoding="gbk")
    code, out, _ = _run(capsys, "preschool-stats", str(csv), "--population", "600", "--json")
    data = json.loads(out)
    assert code == 0 and data["public_share"] == 0.6 and data["inclusive_coverage"] == 1
    assert data["checks"]["gross_enrolment"]["national"]["passed"] is False  # 500/600 = 83.3 %
    code, out, _ = _run(capsys, "preschool-stats", str(csv), "--population", "600")
    assert "公办园在园幼儿占比" in out and "县区地方目标" in out


def test_errors_exit_2_with_a_chinese_message(tmp_path, capsys):
    rows = [table_row(primary("甲小学"))]
    rows[0]["学校类型"] = "幼儿园"
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    code, _, err = _run(capsys, "district-stats", str(path))
    assert code == 2 and "第 2 行" in err and "C 列" in err and "「幼儿园」不是可统计的学校类型" in err
    code, _, err = _run(capsys, "district-stats")
    assert code == 2 and "--template" in err
    code, _, err = _run(capsys, "preschool-stats", str(path))
    assert code == 2 and "--population" in err
    code, _, err = _run(capsys, "district-stats", str(_table(tmp_path)), "--population", "100")
    assert code == 2 and "同时给出" in err

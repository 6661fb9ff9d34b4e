"""普及普惠 county metrics from a small kindergarten table, computed by hand."""

from fractions import Fraction

import pytest

from desktop.core.errors import ImportFileError, InputError
from desktop.district.kindergarten_table import COLUMNS, read_kindergartens
from desktop.district.preschool import preschool_summary
from desktop.district.report_json import preschool_to_json
from tests.district.factories import write_csv, write_xlsx

HEADERS = [c.name for c in COLUMNS]
# 园名, 办园性质, 在园幼儿数, 班级数, 超额班级数, 专任教师数, 持证专任教师数, 保育员数
ROWS = [
    ["城关中心幼儿园", "公办", 360, 12, 1, 24, 24, 12],
    ["阳光幼儿园", "普惠性民办", 270, 9, 2, 18, 16, 9],
    ["蓝天幼儿园", "非普惠性民办", 150, 6, 3, 8, 6, 5],
    ["村级幼儿园", "公办", 20, 1, 0, 1, 1, 1],
]


def _table(tmp_path, rows=ROWS, name="k.xlsx"):
    return write_xlsx(tmp_path / name, [dict(zip(HEADERS, r)) for r in rows], HEADERS, sheet="幼儿园统计表")


def test_metrics_computed_by_hand(tmp_path):
    summary = preschool_summary(read_kindergartens(_table(tmp_path)), population=1000)
    m = {k: v.value for k, v in summary.metrics.items()}
    # 在园 800: 公办 380, 普惠性民办 270, 非普惠 150; 班级 28, 超额 6; 专任 51, 持证 47.
    assert m["public_share"] == Fraction(380, 800)  # 47.5 %
    assert m["inclusive_coverage"] == Fraction(650, 800)  # 81.25 %
    assert m["gross_enrolment"] == Fraction(800, 1000)  # 80 %
    assert m["certified_rate"] == Fraction(47, 51)
    assert m["class_size_ok_rate"] == Fraction(22, 28)
    assert m["children_per_teacher"] == Fraction(800, 51)  # 15.69
    assert summary.totals["caregivers"] == 27


def test_national_and_guangdong_verdicts(tmp_path):
    summary = preschool_summary(read_kindergartens(_table(tmp_path)), population=1000)
    checks = {k: {r: c.passed for r, c in v.checks.items()} for k, v in summary.metrics.items()}
    assert checks["public_share"] == {"national": False}  # 47.5 % < 50 %; 广东 also 50 %: not repeated
    assert checks["inclusive_coverage"] == {"national": True, "gd": False}  # 81.25 %: ≥ 80, < 85
    assert checks["gross_enrolment"] == {"national": False, "gd": False}  # 80 % < 85 % and < 100 %
    assert checks["certified_rate"] == {"national": False}
    assert checks["class_size_ok_rate"] == {"national": False}  # 78.6 % < 85 %
    assert checks["children_per_teacher"] == {"national": False}  # 15.69 > 15


def test_boundaries_are_met_exactly():
    from desktop.district.kindergarten_table import Kindergarten
    kgs = [Kindergarten("甲", "公办", 850, 20, 3, 57, 57, 20), Kindergarten("乙", "普惠性民办", 0, 0, 0, 0, 0, 0),
           Kindergarten("丙", "非普惠性民办", 0, 0, 0, 0, 0, 0)]
    summary = preschool_summary(kgs, population=1000)
    assert summary.metrics["gross_enrolment"].checks["national"].passed is True  # 850/1000 = 85 %
    assert summary.metrics["class_size_ok_rate"].checks["national"].passed is True  # 17/20 = 85 %
    assert summary.metrics["children_per_teacher"].value == Fraction(850, 57)
    exact = preschool_summary([Kindergarten("甲", "公办", 150, 5, 0, 10, 10, 5)], population=150)
    assert exact.metrics["children_per_teacher"].checks["national"].passed is True  # 15 ≤ 15


def test_json_has_fractions_thresholds_and_verdicts(tmp_path):
    data = preschool_to_json(preschool_summary(read_kindergartens(_table(tmp_path)), population=1000))
    assert data["public_share"] == 0.475 and data["inclusive_coverage"] == 0.8125
    assert data["gross_enrolment"] == 0.8
    assert abs(data["children_per_teacher"] - 15.686) < 0.001
    assert data["checks"]["inclusive_coverage"]["national"] == {
        "threshold": 0.8, "passed": True, "source": data["checks"]["inclusive_coverage"]["national"]["source"],
        "confidence": "V"}
    assert data["checks"]["inclusive_coverage"]["guangdong"]["threshold"] == 0.85
    assert "guangdong" not in data["checks"]["public_share"]
    assert data["checks"]["children_per_teacher"]["compare"] == "<="


def test_gbk_csv_kindergarten_table(tmp_path):
    path = write_csv(tmp_path / "k.csv", [dict(zip(HEADERS, r)) for r in ROWS], HEADERS, encoding="gbk")
    assert [k.name for k in read_kindergartens(path)][0] == "城关中心幼儿园"


@pytest.mark.parametrize("row, column, text", [
    (["甲园", "民办", 10, 1, 0, 2, 2, 1], "B 列", "「办园性质」「民办」无效"),
    (["甲园", "公办", 10, 1, 2, 2, 2, 1], "E 列", "多于班级数"),
    (["甲园", "公办", 10, 1, 0, 2, 3, 1], "G 列", "多于专任教师数"),
    (["甲园", "公办", "十", 1, 0, 2, 2, 1], "C 列", "应填数字"),
    (["甲园", "公办", -1, 1, 0, 2, 2, 1], "C 列", "不能为负数"),
    (["甲园", "公办", 10, None, 0, 2, 2, 1], "D 列", "未填写"),
])
def test_bad_kindergarten_rows(tmp_path, row, column, text):
    with pytest.raises(ImportFileError) as caught:
        read_kindergartens(_table(tmp_path, [ROWS[0], row]))
    message = str(caught.value)
    assert "工作表「幼儿园统计表」" in message and "第 3 行" in message and column in message
    assert text in message


def test_duplicate_kindergarten_and_bad_population(tmp_path):
    with pytest.raises(ImportFileError, match="与第 2 行重复"):
        read_kindergartens(_table(tmp_path, [ROWS[0], ROWS[0]]))
    kgs = read_kindergartens(_table(tmp_path, name="k2.xlsx"))
    for bad in (0, -5, True):
        with pytest.raises(InputError, match="3–5 岁常住人口应为正整数"):
            preschool_summary(kgs, population=bad)

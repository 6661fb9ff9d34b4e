"""Reading the 资源配置统计表: good files in every encoding, and each refusal naming its cell."""

from fractions import Fraction

import pytest

from desktop.core.errors import ImportFileError
from desktop.district.resource_table import read_resource_table
from desktop.district.summary import summarise
from tests.district.factories import HEADERS, junior, primary, record, table_row, write_csv, write_xlsx

NINE = record("九年一贯制学校", "九年一贯制", students_primary=1000, students_junior=800,
              teachers_above_degree_primary=45, backbone_teachers_primary=12,
              pe_art_teachers_primary=10, teachers_above_degree_junior=48,
              backbone_teachers_junior=9, pe_art_teachers_junior=8, teaching_rooms_m2="9400.5",
              sports_area_m2=18800, equipment_value_yuan=4700000, multimedia_rooms=47)


def _rows():
    return [table_row(primary("甲小学")), table_row(junior("乙中学", 500)), table_row(NINE)]


def _refused(path, *parts):
    with pytest.raises(ImportFileError) as caught:
        read_resource_table(path)
    message = str(caught.value)
    for part in parts:
        assert part in message, message
    return caught.value


def test_xlsx_round_trip_gives_the_same_statistics_as_the_records(tmp_path):
    records = read_resource_table(write_xlsx(tmp_path / "t.xlsx", _rows()))
    assert [r.name for r in records] == ["甲小学", "乙中学", "九年一贯制学校"]
    assert records[2].answers["teaching_rooms_m2"] == Fraction("9400.5")
    assert records[0].origin == "第 2 行"
    from_table = summarise(records).stages["primary"].spreads["R4"].dispersion
    direct = summarise([primary("甲小学"), junior("乙中学", 500), NINE]).stages["primary"].spreads["R4"].dispersion
    assert from_table.variance == direct.variance


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_in_gbk(tmp_path, encoding):
    path = write_csv(tmp_path / "t.csv", _rows(), encoding=encoding)
    if encoding == "gbk":
        raw = path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")  # really GBK bytes, as Excel on Chinese Windows saves them
    records = read_resource_table(path)
    assert [r.name for r in records] == ["甲小学", "乙中学", "九年一贯制学校"]
    assert records[2].type == "九年一贯制"


def test_wan_yuan_header_is_converted_exactly(tmp_path):
    headers = [h.replace("教学仪器设备值（元）", "教学仪器设备值（万元）") for h in HEADERS]
    row = table_row(primary("甲小学"))
    row["教学仪器设备值（万元）"] = 210.12345  # 万元 → 2101234.5 元
    records = read_resource_table(write_xlsx(tmp_path / "t.xlsx", [row], headers))
    assert records[0].answers["equipment_value_yuan"] == Fraction("2101234.5")


def test_units_in_half_width_brackets_and_plain_headers_are_accepted(tmp_path):
    headers = [h.split("（")[0] for h in HEADERS]
    headers[headers.index("教学仪器设备值")] = "教学仪器设备值(元)"
    headers[headers.index("体育运动场馆面积")] = "体育运动场馆面积(m2)"
    rows = [{h2: table_row(primary("甲小学")).get(h1) for h1, h2 in zip(HEADERS, headers)}]
    records = read_resource_table(write_xlsx(tmp_path / "t.xlsx", rows, headers))
    assert records[0].answers["sports_area_m2"] == 8000


def test_title_rows_above_the_header_and_extra_columns_are_tolerated(tmp_path):
    headers = ["序号", *HEADERS, "备注"]
    rows = [dict(table_row(primary("甲小学")), 序号=1, 备注="新建校区")]
    path = write_xlsx(tmp_path / "t.xlsx", rows, headers, title_rows=[["某县资源配置统计表"], []])
    records = read_resource_table(path)
    assert records[0].origin == "第 4 行"


def test_excluded_schools_need_only_a_name_and_a_reason(tmp_path):
    rows = _rows() + [{"学校名称": "县特殊教育学校", "学校类型": "特殊教育学校", "不纳入统计": "特殊教育学校"},
                      {"学校名称": "某村教学点", "学校类型": "小学", "不纳入统计": "是"}]
    records = read_resource_table(write_xlsx(tmp_path / "t.xlsx", rows))
    assert [(r.name, r.excluded) for r in records if r.excluded] == [
        ("县特殊教育学校", "特殊教育学校"), ("某村教学点", "不纳入统计")]
    assert len(summarise(records).schools) == 3


# --- refusals: each names the sheet, the row and the column -----------------------------------


def test_missing_column(tmp_path):
    headers = [h for h in HEADERS if not h.startswith("网络多媒体")]
    path = write_xlsx(tmp_path / "t.xlsx", _rows(), headers)
    _refused(path, "工作表「资源配置统计表」", "第 1 行", "缺少列「网络多媒体教室数」")


def test_text_in_a_number_cell(tmp_path):
    rows = _rows()
    rows[1]["初中在校生数"] = "六百"
    col = chr(ord("A") + HEADERS.index("初中在校生数"))
    error = _refused(write_xlsx(tmp_path / "t.xlsx", rows), "工作表「资源配置统计表」", "第 3 行",
                     f"{col} 列", "「初中在校生数」应填数字，现为「六百」")
    assert (error.sheet, error.row, error.column) == ("资源配置统计表", 3, col)


def test_negative_number(tmp_path):
    rows = _rows()
    rows[0]["体育运动场馆面积（㎡）"] = -5
    col = chr(ord("A") + HEADERS.index("体育运动场馆面积（㎡）"))
    _refused(write_xlsx(tmp_path / "t.xlsx", rows), "第 2 行", f"{col} 列", "不能为负数")


def test_zero_students_in_a_stage_the_school_type_has(tmp_path):
    rows = _rows()
    rows[2]["初中在校生数"] = 0
    _refused(write_xlsx(tmp_path / "t.xlsx", rows), "第 4 行", "E 列",
             "「初中在校生数」为 0，但九年一贯制有初中学段")


def test_students_in_a_stage_the_school_type_lacks(tmp_path):
    rows = _rows()
    rows[0]["初中在校生数"] = 120
    _refused(write_xlsx(tmp_path / "t.xlsx", rows), "第 2 行", "E 列", "小学没有初中学段")


def test_blank_required_cell(tmp_path):
    rows = _rows()
    del rows[0]["小学县级及以上骨干教师数"]
    _refused(write_xlsx(tmp_path / "t.xlsx", rows), "第 2 行", "「小学县级及以上骨干教师数」未填写")


def test_fractional_teacher_count(tmp_path):
    rows = _rows()
    rows[0]["小学高于规定学历教师数"] = 4.5
    _refused(write_xlsx(tmp_path / "t.xlsx", rows), "第 2 行", "G 列", "应为整数")


def test_unknown_school_type(tmp_path):
    rows = _rows()
    rows[1]["学校类型"] = "职业高中"
    _refused(write_xlsx(tmp_path / "t.xlsx", rows), "第 3 行", "C 列",
             "「职业高中」不是可统计的学校类型", "不纳入统计")


def test_duplicate_school_name_and_code(tmp_path):
    rows = _rows() + [table_row(primary("甲小学", 300))]
    _refused(write_xlsx(tmp_path / "t.xlsx", rows), "第 5 行", "A 列", "「甲小学」与第 2 行重复")
    rows = [table_row(primary("甲小学"), code="4401000001"), table_row(primary("丙小学"), code="4401000001")]
    _refused(write_xlsx(tmp_path / "t2.xlsx", rows), "第 3 行", "B 列", "与第 2 行重复")


def test_unknown_unit_and_duplicate_column(tmp_path):
    headers = [h.replace("体育运动场馆面积（㎡）", "体育运动场馆面积（亩）") for h in HEADERS]
    _refused(write_xlsx(tmp_path / "t.xlsx", _rows(), headers), "第 1 行", "单位「亩」无法识别")
    headers = HEADERS + ["小学在校生数"]
    _refused(write_xlsx(tmp_path / "t2.xlsx", _rows(), headers), "第 1 行", "「小学在校生数」列重复")


def test_value_above_the_checklist_maximum(tmp_path):
    rows = _rows()
    rows[0]["小学在校生数"] = 25000
    _refused(write_xlsx(tmp_path / "t.xlsx", rows), "第 2 行", "超过允许的最大值 20000")


def test_csv_errors_name_the_row_and_column_without_a_sheet(tmp_path):
    rows = _rows()
    rows[2]["网络多媒体教室数"] = "四十七"
    error = _refused(write_csv(tmp_path / "t.csv", rows, encoding="gbk"), "文件 t.csv", "第 4 行", "P 列")
    assert error.sheet == ""


def test_files_that_are_not_tables(tmp_path):
    _refused(tmp_path / "none.xlsx", "找不到文件")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    _refused(tmp_path / "old.xls", "另存为 .xlsx")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    _refused(tmp_path / "bad.xlsx", "文件已损坏")
    write_xlsx(tmp_path / "nohead.xlsx", [], ["名称", "类型"])
    _refused(tmp_path / "nohead.xlsx", "找不到表头")
    write_xlsx(tmp_path / "empty.xlsx", [])
    _refused(tmp_path / "empty.xlsx", "表中没有学校数据")

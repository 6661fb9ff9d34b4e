"""Fixture statistical returns (基层表) written the way real copies look (JICHUBIAO.md).

A table is a title row, a 「基础基xxx … 单位：…」 row, header rows with merged group headers, the code
row 甲/乙/1/2/3 … and data rows with spaced labels and 编号. `shifted` adds the extra first row of
column letters and first column of row numbers some copies carry; `as_text` stores numbers as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Header = list[list[tuple[str, int, int]]]  # rows of (text, colspan, rowspan) over the data columns


@dataclass
class TableSpec:
    code: str
    title: str
    unit: str
    header: Header
    rows: list[tuple[str, Any, list[Any]]]  # (label, 编号, values per data column)
    label_header: str = "项目"


@dataclass
class ReturnSpec:
    school: dict[str, str]
    tables: list[TableSpec] = field(default_factory=list)
    year: str = "2020/2021"


def h(*cells: tuple[str, int, int] | str) -> list[tuple[str, int, int]]:
    return [(c, 1, 1) if isinstance(c, str) else c for c in cells]


# --- the tables ------------------------------------------------------------------------------------

def students(code: str, title: str, grades: list[str], total: int, girls: int) -> TableSpec:
    n = len(grades)
    count = total if isinstance(total, int) else 600
    per = [count // n + (1 if i < count % n else 0) for i in range(n)]
    header = [h(("毕业生数", 1, 2), ("招生数", 1, 2), ("在校生数", n + 1, 1)),
              h("合计", *grades)]
    return TableSpec(code, title, "人", header, [
        ("总    计", 1, [per[-1], per[0], total, *per]),
        ("其中：女", 2, [None, None, girls, *(["*"] * n)]),
    ])


def classes(code: str, title: str, rows: list[tuple[str, int]]) -> TableSpec:
    bands = ["25人及以下", "26-30人", "31-35人", "36-40人", "41-45人", "46-50人", "51-55人", "56人以上"]
    header = [h(("合计", 1, 2), ("按班额分", len(bands), 1)), h(*bands)]
    body = []
    for n, (label, count) in enumerate(rows, 1):
        body.append((label, n, [count, 0, 0, 0, count - 2, 2, 0, 0, 0]))
    return TableSpec(code, title, "个", header, body)


def staff_412(total: int, teachers: int) -> TableSpec:
    header = [h(("教职工数", 5, 1), ("代课教师", 1, 2), ("兼任教师", 1, 2)),
              h("合计", "专任教师", "行政人员", "教辅人员", "工勤人员")]
    rest = total - teachers
    return TableSpec("基础基412", "中小学教职工", "人", header, [
        ("总  计", 1, [total, teachers, rest - 2, 1, 1, 0, 0]),
        ("女", 2, [total - 10, teachers - 9, None, None, None, "*", "*"]),
    ])


DEGREES = ["研究生毕业", "本科毕业", "专科毕业", "高中阶段毕业", "高中阶段以下毕业"]


def teachers_by_course(code: str, title: str, rows: list[tuple[str, list[int]]]) -> TableSpec:
    """rows: (label, [研究生, 本科, 专科, 高中阶段, 高中以下]); 合计 is their sum."""
    header = [h(("合计", 1, 2), ("其中：女", 1, 2), ("按学历分", 5, 1)), h(*DEGREES)]
    body = []
    for n, (label, degrees) in enumerate(rows, 1):
        body.append((label, n, [sum(degrees), max(sum(degrees) - 3, 0), *degrees]))
    return TableSpec(code, title, "人", header, body, label_header="课程")


def buildings_512(teaching: float, gym: float, other: float, old_names: bool = False) -> TableSpec:
    header = [h(("校舍建筑面积", 4, 1), ("租借面积", 1, 2)), h("合计", "钢筋混凝土结构", "砖混结构", "其他")]
    classroom = teaching - gym - 300
    gym_label = "体育馆" if old_names else "室内体育用房"

    def row(label: str, n: int, area: float) -> tuple[str, int, list[Any]]:
        return (label, n, [area, area, 0, 0, None])
    return TableSpec("基础基512", "中小学校舍情况", "平方米", header, [
        row("总    计", 1, teaching + other),
        ("其中：危房", 2, [0, 0, 0, 0, "*"]),
        row("一、教 学 及 辅 助 用 房", 3, teaching),
        row("教室", 4, classroom),
        row("图书阅览室", 5, 300),
        row(gym_label, 6, gym),
        row("二、行政办公用房", 7, other),
    ])


def conditions_522(sports: float, equipment_wan: Any) -> TableSpec:
    header = [h(("占地面积（平方米）", 3, 1), ("图书（册）", 1, 2), ("固定资产总值（万元）", 2, 1)),
              h("计", "其中：绿化用地面积", "运动场地面积", "计", "其中：教学仪器设备资产值")]
    return TableSpec("基础基522", "中小学占地面积及其他办学条件", "", header, [
        ("总  计", 1, [sports * 3, 2000, sports, 30000, 1500, equipment_wan]),
    ])


def ict_531(rooms: int) -> TableSpec:
    header = [h(("网络多媒体教室（间）", 1, 2), ("数字终端数（台）", 2, 1)), h("计", "其中：教学用终端")]
    return TableSpec("基础基531", "中小学信息化建设情况", "", header, [("总计", 1, [rooms, 120, 100])])


def basics_112(backbone: dict[str, int]) -> TableSpec:
    rows = [("乡镇中心小学", 1, ["否", None, None])]
    n = 2
    for stage in ("小学", "初中", "高中"):
        rows.append((f"县级及以上骨干教师（{stage}）", n, [backbone.get(stage, "*"), "人", None]))
        n += 1
    rows.append(("安全保卫人员", n, [4, "人", None]))
    rows.append(("心理健康教育教师", n + 1, [2, "人", None]))
    return TableSpec("基础基112", "学校（机构）基本情况续表", "", [h("内容", "单位", "备注")], rows)


# --- whole returns ---------------------------------------------------------------------------------

PRIMARY_NUMBERS = dict(students=1124, girls=540, classes=24, staff=70, teachers=62,
                       degrees=(2, 40, 15, 5, 0), pe=4, music=2, art=2, backbone=12,
                       teaching=5200.5, gym=600, other=900, sports=9000, equipment="260.5", rooms=30)


def primary_return(**changes: Any) -> ReturnSpec:
    n = {**PRIMARY_NUMBERS, **changes}
    courses = [("总    计", list(n["degrees"])), ("语文", [1, 15, 5, 1, 0]),
               ("体育", [0, n["pe"], 0, 0, 0]), ("音乐", [0, n["music"], 0, 0, 0]),
               ("美术", [0, 0, n["art"], 0, 0])]
    return ReturnSpec(
        school={"code": "2144010001", "name": "广州市示范小学", "type": "小学", "type_code": "211",
                "locale": "主城区", "locale_code": "111", "owner": "地方教育部门"},
        tables=[basics_112({"小学": n["backbone"]}),
                classes("基础基212", "小学教学班数、班额情况", [("总    计", n["classes"])]),
                students("基础基312", "小学学生数", [f"{g}年级" for g in "一二三四五六"],
                         n["students"], n["girls"]),
                staff_412(n["staff"], n["teachers"]),
                teachers_by_course("基础基423", "小学专任教师分课程、分学历", courses),
                buildings_512(n["teaching"], n["gym"], n["other"]),
                conditions_522(n["sports"], n["equipment"]),
                ict_531(n["rooms"])])


COMBINED_NUMBERS = dict(primary=900, junior=600, classes_p=20, classes_j=12, staff=110, teachers=100,
                        deg_p=(1, 30, 20, 3, 0), deg_j=(3, 35, 8, 0, 0), pe_p=3, music_p=2, art_p=1,
                        pe_j=3, music_j=1, art_j=1, arts_j=1, backbone_p=8, backbone_j=6,
                        teaching=9800, gym=800, other=1500, sports=14000, equipment=480, rooms=35)


def combined_return(**changes: Any) -> ReturnSpec:
    n = {**COMBINED_NUMBERS, **changes}
    primary_courses = [("总计", list(n["deg_p"])), ("语文", [0, 10, 8, 1, 0]),
                       ("体育与健康", [0, n["pe_p"], 0, 0, 0]), ("音乐", [0, n["music_p"], 0, 0, 0]),
                       ("美术", [0, n["art_p"], 0, 0, 0])]
    junior = [("总    计", list(n["deg_j"])), ("初中", list(n["deg_j"])), ("语文", [1, 8, 1, 0, 0]),
              ("体育与健康", [0, n["pe_j"], 0, 0, 0]), ("音乐", [0, n["music_j"], 0, 0, 0]),
              ("美术", [0, n["art_j"], 0, 0, 0]), ("艺术", [0, n["arts_j"], 0, 0, 0]),
              ("高中", [0, 0, 0, 0, 0]), ("体育与健康", [0, 0, 0, 0, 0])]
    return ReturnSpec(
        school={"code": "4401990002", "name": "某某九年一贯制学校", "type": "九年一贯制学校",
                "type_code": "312", "locale": "村庄", "locale_code": "220", "owner": "地方教育部门"},
        tables=[basics_112({"小学": n["backbone_p"], "初中": n["backbone_j"]}),
                classes("基础基212", "小学教学班数、班额情况", [("总计", n["classes_p"])]),
                classes("基础基213", "中学教学班数、班额情况",
                        [("总计", n["classes_j"]), ("初 中", n["classes_j"]), ("高中", 0)]),
                students("基础基312", "小学学生数", [f"{g}年级" for g in "一二三四五六"], n["primary"], 430),
                students("基础基313", "初中学生数", ["一年级", "二年级", "三年级"], n["junior"], 280),
                staff_412(n["staff"], n["teachers"]),
                teachers_by_course("基础基423", "小学专任教师分课程、分学历", primary_courses),
                teachers_by_course("基础基424", "中学专任教师分课程、分学历", junior),
                buildings_512(n["teaching"], n["gym"], n["other"], old_names=True),
                conditions_522(n["sports"], n["equipment"]),
                ict_531(n["rooms"])])


KINDERGARTEN_NUMBERS = dict(children=305, small=3, middle=3, large=3, nursery=1, staff=40, teachers=20,
                            caregivers=9, health=2, principal=2, activity=900.5, sleep=400, toilet=150,
                            building=2600, play=1500)


def kindergarten_return(**changes: Any) -> ReturnSpec:
    n = {**KINDERGARTEN_NUMBERS, **changes}
    classes_total = n["small"] + n["middle"] + n["large"] + n["nursery"]
    other = n["staff"] - n["teachers"] - n["caregivers"] - n["health"] - n["principal"]
    per = n["children"] // 3
    kids_header = [h(("入园人数", 2, 1), ("在园人数", 6, 1), ("离园人数", 1, 2)),
                   h("合计", "其中：女", "合计", "其中：女", "托班", "小班", "中班", "大班")]
    staff_header = [h(("教职工数", 6, 1), ("代课教师", 1, 2), ("兼任教师", 1, 2)),
                    h("合  计", "园    长", "专任教师", "卫生保健\n人员", "保育员", "其他")]
    room_header = [h(("校舍建筑面积", 2, 1), ("租借面积", 1, 2)), h("合计", "其中：钢筋混凝土结构")]

    def room(label: str, k: int, area: Any) -> tuple[str, int, list[Any]]:
        return (label, k, [area, area, None])
    rooms_total = n["building"]
    return ReturnSpec(
        school={"code": "3144000003", "name": "阳光幼儿园", "type": "幼儿园", "type_code": "111",
                "locale": "镇中心区", "locale_code": "121", "owner": "民办"},
        tables=[
            TableSpec("基础基211", "幼儿园、幼儿班班数", "个", [h("合计", "托班", "小班", "中班", "大班")],
                      [("总    计", 1, [classes_total, n["nursery"], n["small"], n["middle"], n["large"]])]),
            TableSpec("基础基311", "幼儿园分年龄幼儿数", "人", kids_header, [
                ("总    计", 1, [110, 52, n["children"], 150, 0, per, per, n["children"] - 2 * per, 98]),
                ("女", 2, [52, "*", 150, "*", 0, 50, 50, 50, 47]),
                ("3岁", 3, [100, 50, 100, 49, 0, 100, 0, 0, "*"])]),
            TableSpec("基础基411", "幼儿园教职工", "人", staff_header, [
                ("总    计", 1, [n["staff"], n["principal"], n["teachers"], n["health"], n["caregivers"],
                             other, 0, 1]),
                ("女", 2, [38, 2, 20, 2, 9, 5, "*", "*"]),
                ("学前教育_x000D_\n专业毕业", 3, ["*", 1, 15, "*", "*", "*", "*", "*"])]),
            TableSpec("基础基511", "幼儿园校舍情况", "平方米", room_header, [
                room("总    计", 1, rooms_total),
                room("其中：危房", 2, 0),
                room("一、教 学 及 辅 助 用 房", 3, n["activity"] + n["sleep"] + n["toilet"] + 120),
                room("活 动 室", 4, n["activity"]), room("卫生间", 5, n["toilet"]),
                room("睡眠室", 6, n["sleep"]), room("保健室", 7, 60), room("图书室", 8, 60),
                room("二、行政办公用房", 9, 300)]),
            TableSpec("基础基521", "幼儿园占地面积及其他办学条件", "平方米",
                      [h(("占地面积", 3, 1), ("图书（册）", 1, 2)), h("计", "其中：绿化用地面积", "运动场地面积")],
                      [("总  计", 1, [5000, 1200, n["play"], 3000])]),
        ])


# --- writing -----------------------------------------------------------------------------------------

def write_return(spec: ReturnSpec, path: Path, shifted: bool = False, as_text: bool = True,
                 drop: tuple[str, ...] = (), numbered_identity: bool = False) -> Path:
    """Writes the return as .xlsx (openpyxl) or .xls (xlwt) according to path's suffix."""
    writer = _XlsWriter() if path.suffix == ".xls" else _XlsxWriter()
    origin = (1, 1) if shifted else (0, 0)
    writer.sheet("封面")
    writer.put(origin[0] + 2, origin[1] + 1, f"{spec.year}学年初 基础教育基层统计报表")
    writer.put(origin[0] + 3, origin[1] + 1, "制定机关：教育部　批准机关：国家统计局")
    if "基础基111" not in drop:
        _identity_sheet(writer, spec, origin, shifted, numbered_identity)
    for table in spec.tables:
        if table.code not in drop:
            _table_sheet(writer, table, origin, shifted, as_text)
    writer.save(path)
    return path


def _identity_sheet(writer: Any, spec: ReturnSpec, origin: tuple[int, int], shifted: bool,
                    numbered: bool) -> None:
    """111 as label | value pairs, or (numbered) as a 项目 | 编号 | 内容 table."""
    writer.sheet("基础基111")
    r0, c0 = origin
    s = spec.school
    lines = [("学校（机构）统计调查表",), ("基础基111", "", "", "单位：—"),
             ("学校（机构）标识码", s["code"]), ("学校（机构）名称", s["name"]),
             ("地址", "某省某市某路 1 号"),
             ("城乡类型", s["locale"], "代码", s["locale_code"]),
             ("办学类型", s["type"], s["type_code"]),
             ("举办者", s["owner"])]
    for r, line in enumerate(lines):
        if numbered and r >= 2:
            line = (line[0], r - 1, *line[1:])
        for c, text in enumerate(line):
            writer.put(r0 + r, c0 + c, text)
    if shifted:
        _letters(writer, len(lines) + 1, 5)


def _table_sheet(writer: Any, table: TableSpec, origin: tuple[int, int], shifted: bool,
                 as_text: bool) -> None:
    writer.sheet(table.code)
    r0, c0 = origin
    width = 2 + len(table.rows[0][2])
    writer.merge(r0, c0, r0, c0 + width - 1, table.title)
    writer.put(r0 + 1, c0, f"{table.code}")
    writer.put(r0 + 1, c0 + width - 1, f"单位：{table.unit}" if table.unit else "")
    top, depth = r0 + 2, len(table.header)
    writer.merge(top, c0, top + depth - 1, c0, table.label_header)
    writer.merge(top, c0 + 1, top + depth - 1, c0 + 1, "编号")
    taken: set[tuple[int, int]] = set()
    for i, cells in enumerate(table.header):
        c = c0 + 2
        for text, colspan, rowspan in cells:
            while (top + i, c) in taken:
                c += 1
            writer.merge(top + i, c, top + i + rowspan - 1, c + colspan - 1, text)
            taken.update((top + i + a, c + b) for a in range(rowspan) for b in range(colspan))
            c += colspan
    code_row = top + depth
    for c, text in enumerate(["甲", "乙", *(str(k) if as_text else k for k in range(1, width - 1))]):
        writer.put(code_row, c0 + c, text)
    for k, (label, number, values) in enumerate(table.rows, 1):
        writer.put(code_row + k, c0, label)
        writer.put(code_row + k, c0 + 1, str(number) if as_text else number)
        for c, value in enumerate(values):
            if value is None:
                continue
            writer.put(code_row + k, c0 + 2 + c, str(value) if as_text and not isinstance(value, str)
                       else value)
    if shifted:
        _letters(writer, code_row + len(table.rows) + 1, width + 1)


def _letters(writer: Any, rows: int, columns: int) -> None:
    """The extra first row (A, B, C …) and first column (1, 2, 3 …) of some copies."""
    for c in range(1, columns):
        writer.put(0, c, chr(64 + c))
    for r in range(1, rows):
        writer.put(r, 0, r)


class _XlsxWriter:
    def __init__(self) -> None:
        import openpyxl
        self.book = openpyxl.Workbook()
        self.book.remove(self.book.active)
        self.ws = None

    def sheet(self, name: str) -> None:
        self.ws = self.book.create_sheet(name)

    def put(self, r: int, c: int, value: Any) -> None:
        cell = self.ws.cell(r + 1, c + 1)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"

    def merge(self, r1: int, c1: int, r2: int, c2: int, value: Any) -> None:
        self.put(r1, c1, value)
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)

    def save(self, path: Path) -> None:
        self.book.save(path)


class _XlsWriter:
    def __init__(self) -> None:
        import xlwt
        self.book = xlwt.Workbook(encoding="utf-8")
        self.ws = None

    def sheet(self, name: str) -> None:
        self.ws = self.book.add_sheet(name)

    def put(self, r: int, c: int, value: Any) -> None:
        self.ws.write(r, c, value)

    def merge(self, r1: int, c1: int, r2: int, c2: int, value: Any) -> None:
        self.ws.write_merge(r1, r2, c1, c2, value)

    def save(self, path: Path) -> None:
        self.book.save(str(path))

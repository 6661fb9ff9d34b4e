"""Schools from submission packages (.zpkg): one file or a folder, all or nothing."""

from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.assessment import AssessmentSnapshot, School
from desktop.core.errors import ImportFileError
from desktop.district.sources import load_schools
from desktop.district.summary import summarise
from desktop.exchange.package import write_package
from tests.district.factories import primary


def _package(folder: Path, name: str, school_type: str, answers: dict, code: str = "",
             checklist: str = "yzjh", file: str = "") -> Path:
    shipped = catalog.shipped()
    snapshot = AssessmentSnapshot(
        school=School(name, school_type, code), period="2025年度",
        checklists=((checklist, shipped.get(checklist).version),),
        answers={checklist: answers})
    out = folder / (file or f"{name}.zpkg")
    write_package(snapshot, out, lambda sha: b"", shipped)
    return out


def _answers(record):
    return {k: v for k, v in record.answers.items()}


def test_folder_of_packages_gives_the_same_statistics_as_the_records(tmp_path):
    folder = tmp_path / "收件箱"
    (folder / "城区").mkdir(parents=True)
    a, b = primary("甲小学"), primary("乙小学", 500, teaching_rooms_m2=2000)
    _package(folder, "甲小学", "小学", _answers(a), code="4400000001")
    _package(folder / "城区", "乙小学", "小学", _answers(b))
    _package(folder, "阳光幼儿园", "幼儿园", {}, checklist="xqph")
    (folder / ".甲小学.zpkg.tmp.part").write_bytes(b"half-written")
    loaded = load_schools(folder)
    assert sorted(r.name for r in loaded.records) == ["乙小学", "甲小学"]
    assert [f for f, _ in loaded.skipped] == ["阳光幼儿园.zpkg"]
    assert loaded.periods == ("2025年度",)
    assert next(r for r in loaded.records if r.name == "甲小学").code == "4400000001"
    from_packages = summarise(loaded.records).stages["primary"].spreads["R4"].dispersion
    direct = summarise([a, b]).stages["primary"].spreads["R4"].dispersion
    assert from_packages.variance == direct.variance and from_packages.mean == Fraction(14, 3)


def test_single_package_file(tmp_path):
    path = _package(tmp_path, "甲小学", "小学", _answers(primary("甲小学")))
    assert [r.name for r in load_schools(path).records] == ["甲小学"]


def test_a_damaged_package_stops_the_whole_folder(tmp_path):
    _package(tmp_path, "甲小学", "小学", _answers(primary("甲小学")))
    bad = _package(tmp_path, "乙小学", "小学", _answers(primary("乙小学")))
    data = bytearray(bad.read_bytes())
    data[60:70] = b"XXXXXXXXXX"
    bad.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="乙小学.zpkg"):
        load_schools(tmp_path)


def test_two_packages_of_one_school_are_refused(tmp_path):
    _package(tmp_path, "甲小学", "小学", _answers(primary("甲小学")), file="a.zpkg")
    _package(tmp_path, "甲小学", "小学", _answers(primary("甲小学", 900)), file="b.zpkg")
    with pytest.raises(ImportFileError, match="有两个提交包（另一个是 a.zpkg）"):
        load_schools(tmp_path)


def test_empty_folder_and_missing_input(tmp_path):
    with pytest.raises(ImportFileError, match="没有提交包"):
        load_schools(tmp_path)
    with pytest.raises(ImportFileError, match="找不到"):
        load_schools(tmp_path / "nothing.xlsx")

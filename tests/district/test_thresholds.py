"""The county thresholds file: shipped values with sources, and every problem of a bad file."""

from fractions import Fraction

import pytest

from desktop.core.errors import ChecklistFileError
from desktop.district.thresholds import PRESCHOOL_METRICS, load_thresholds, shipped


def test_shipped_thresholds_carry_the_reference_values_and_sources():
    t = shipped()
    assert t.cv_limit("primary") == Fraction(1, 2) and t.cv_limit("junior") == Fraction(45, 100)
    assert set(t.preschool) == set(PRESCHOOL_METRICS)
    values = {k: v.targets["national"].value for k, v in t.preschool.items()}
    assert values == {"public_share": Fraction(1, 2), "inclusive_coverage": Fraction(4, 5),
                      "gross_enrolment": Fraction(85, 100), "certified_rate": 1,
                      "class_size_ok_rate": Fraction(85, 100), "children_per_teacher": 15}
    assert t.preschool["inclusive_coverage"].targets["gd"].value == Fraction(85, 100)
    assert t.preschool["gross_enrolment"].targets["gd"].value == 1
    for standard in t.preschool.values():
        for target in standard.targets.values():
            assert target.source.text
            assert target.source.confidence == "V" or target.source.note


def test_bad_file_lists_every_problem(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('''
[[cv_limits]]
stage = "senior-high"
max = 0.5
source = "x"

[[preschool]]
metric = "public_share"
compare = ">="
national = { value = "half", source = "x" }

[[preschool]]
metric = "inclusive_coverage"
national = { value = 0.8, confidence = "M" }
''', encoding="utf-8")
    with pytest.raises(ChecklistFileError) as caught:
        load_thresholds(path)
    text = str(caught.value)
    for part in ("学段「senior-high」", "标准值「half」不是数字", "basis_note", "缺少 source",
                 "缺少小学的差异系数限值", "缺少指标「gross_enrolment」"):
        assert part in text, text

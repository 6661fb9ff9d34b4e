"""Every shipped definition (checklists/*.toml and every overlay on every checklist) loads, cites
its sources, and carries exactly the numbers of one hand-written table taken from REFERENCE.md.

The per-checklist tables live in the checklist tests (written by hand from REFERENCE, not from the
TOML); they are gathered here into one table, plus the 资源配置 block, which no other test lists.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from desktop.core import catalog
from desktop.core.loader import printed_basis_problem
from desktop.district import thresholds
from desktop.core.model import SCHOOL_TYPES, Checklist
from tests.core import test_checklist_spaq as spaq_case
from tests.core import test_checklist_xqph as xqph_case
from tests.core import test_checklist_xyaq as xyaq_case
from tests.core import test_checklist_yzjh_items as yzjh_case
from tests.core import test_overlay_bj as bj_case
from tests.core import test_overlay_gd as gd_case

F = Fraction

# REFERENCE §1.1 (R1–R7, per 学段), YZJH-D2 (6 of 7, 85 %), YZJH-M2 (1 : 1.1, 1 : 1.2, 1 : 1.1 : 1.32).
RESOURCE_THRESHOLDS = {
    "R1": (100, {"primary": F("4.2"), "junior": F("5.3")}),
    "R2": (100, {"primary": F(1), "junior": F(1)}),
    "R3": (100, {"primary": F("0.9"), "junior": F("0.9")}),
    "R4": (1, {"primary": F("4.5"), "junior": F("5.8")}),
    "R5": (1, {"primary": F("7.5"), "junior": F("10.2")}),
    "R6": (1, {"primary": F(2000), "junior": F(2500)}),
    "R7": (100, {"primary": F("2.3"), "junior": F("2.4")}),
}
RESOURCE_RULE = (6, F("0.85"))
RESOURCE_WEIGHTS = {
    "九年一贯制": {"primary": F(1), "junior": F("1.1")},
    "完全中学": {"junior": F(1), "senior": F("1.2")},
    "十二年一贯制": {"primary": F(1), "junior": F("1.1"), "senior": F("1.32")},
}

# Numbers written inside applicability conditions (AQ-15 600 人; YZJH-G6 100 人; "has such
# classes/rooms/both kinds of staff" guards), by hand.
NATIONAL_CONDITIONS = {
    ("xyaq", "clinic_600"): "school_boarding or enrolled_total >= 600",
    ("xyaq", "health_teacher_small"): "enrolled_total < 600",
    ("xyaq", "health_tech_staff"): "enrolled_total >= 600",       # 学校卫生工作条例 第二十条
    ("xyaq", "kg_health_staff"): "enrolled_total >= 150",         # 卫生保健管理办法 第十二条
    ("xyaq", "kg_health_staff_small"): "enrolled_total < 150",
    ("spaq", "food_safety_director"): "(has_canteen or has_catering) and diners_per_meal >= 500",
    ("yzjh", "small_school_funding_floor"): "students_primary < 100",
    ("yzjh", "music_room_min_area_m2"): "music_rooms > 0",
    ("yzjh", "art_room_min_area_m2"): "art_rooms > 0",
    ("xqph", "max_class_small"): "classes_small > 0",
    ("xqph", "max_class_middle"): "classes_middle > 0",
    ("xqph", "max_class_large"): "classes_large > 0",
    ("xqph", "max_class_mixed"): "classes_mixed > 0",
    ("xqph", "wage_ratio"): "wage_avg_bianzhi > 0 and wage_avg_non_bianzhi > 0",
    # 托儿所幼儿园卫生保健管理办法 第十二条: 150 children (REFERENCE §9)
    ("xqph", "health_staff_parttime"): "children_enrolled < 150",
    ("xqph", "health_staff_small"): "children_enrolled < 150",
    ("xqph", "health_staff_ratio"): "children_enrolled >= 150",
    ("yzjh", "indoor_sports_excluded"): "indoor_sports_m2 > 0",
}


def _national_table() -> dict[tuple[str, str], tuple[object, str]]:
    """(checklist, item) → (threshold as written, comparison), from the per-checklist tables."""
    table: dict[tuple[str, str], tuple[object, str]] = {}
    for item_id, (value, compare, _unit) in spaq_case.EXPECTED_THRESHOLDS.items():
        table["spaq", item_id] = (value, compare)
    for item_id, (compare, value) in xqph_case.THRESHOLDS.items():
        table["xqph", item_id] = (value, compare)
    for item_id, (value, compare) in xyaq_case.THRESHOLDS.items():
        table["xyaq", item_id] = (value if isinstance(value, str) else F(value), compare)
    for item_id, (value, compare) in yzjh_case.EXPECTED_THRESHOLDS.items():
        table["yzjh", item_id] = (value, compare)
    return table


NATIONAL = _national_table()
WITHIN_DAYS = {**{("xqph", k): v for k, v in xqph_case.WITHIN_DAYS.items()},
               **{("xyaq", k): v for k, v in xyaq_case.WITHIN_DAYS.items()}}
# Overlay id → its own table (numbers it changes or adds).
OVERLAYS = {"gd": gd_case.GD_THRESHOLDS, "bj": bj_case.BJ_THRESHOLDS}
OVERLAY_CONDITIONS = {"gd": gd_case.GD_CONDITIONS, "bj": bj_case.BJ_CONDITIONS}


@pytest.fixture(scope="module")
def cat() -> catalog.Catalog:
    return catalog.load_catalog()


def every_variant(cat):
    """Each checklist nationally and with each overlay: (overlay id or '', checklist)."""
    for cid in cat.checklists:
        yield "", cat.get(cid)
        for oid in cat.overlays:
            yield oid, cat.get(cid, oid)


def written(item) -> object:
    t = item.threshold
    if t.formula is not None:
        return t.formula.text
    if t.value is not None:
        return t.value
    return dict(t.by_key)


# ---- loading -----------------------------------------------------------------------------------

def test_catalog_loads_without_problems(cat):
    assert set(cat.checklists) == {"yzjh", "xqph", "xyaq", "spaq"}
    assert set(cat.overlays) == {"gd", "bj"}
    assert catalog.validate_files([*sum(catalog.definition_files(), [])]) == []


def test_every_checklist_loads_with_every_overlay(cat):
    variants = list(every_variant(cat))
    assert len(variants) == len(cat.checklists) * (1 + len(cat.overlays))
    for oid, checklist in variants:
        assert checklist.overlay == oid
        if oid:
            assert checklist.overlay_title == cat.overlays[oid].title


@pytest.mark.parametrize("school_type", SCHOOL_TYPES)
def test_applies_to_matches_the_school_types(cat, school_type):
    expected = {"xqph", "xyaq", "spaq"} if school_type == "幼儿园" else {"yzjh", "xyaq", "spaq"}
    assert {c.id for c in cat.for_school_type(school_type)} == expected


# ---- sources ----------------------------------------------------------------------------------

def test_every_item_cites_a_source(cat):
    for oid, checklist in every_variant(cat):
        for item in checklist.items:
            assert item.source.text.strip(), (oid, checklist.id, item.id)
            assert item.source.confidence in ("V", "V2", "M"), (oid, checklist.id, item.id)
            if item.source.confidence in ("V2", "M"):
                assert item.source.note.strip(), (oid, checklist.id, item.id)


def test_no_printed_basis_carries_research_notes(cat):
    """What is printed as 依据 is a document citation: every item, indicator, checklist, overlay."""
    sources = []
    for oid, checklist in every_variant(cat):
        sources.append(((oid, checklist.id, ""), checklist.source))
        sources += [((oid, checklist.id, i.id), i.source.text) for i in checklist.items]
        if checklist.resources:
            rule = checklist.resources
            sources += [((oid, checklist.id, "resources"), rule.source.text)]
            sources += [((oid, checklist.id, ind.id), ind.source.text) for ind in rule.indicators]
    for overlay in cat.overlays.values():
        sources.append(((overlay.id, "", ""), overlay.source))
        sources += [((overlay.id, c.checklist, c.item), c.source.text)
                    for c in overlay.changes if c.source]
    for where, text in sources:
        assert text and printed_basis_problem(text) is None, (where, text)
        for word in ("http", ".com", "REFERENCE", "公开实现", "报道", "fudaoke", "转载", "本项目"):
            assert word not in text, (where, text)


def test_county_thresholds_print_only_citations():
    for target in [*thresholds.shipped().cv_limits.values(),
                   *(t for s in thresholds.shipped().preschool.values() for t in s.targets.values())]:
        assert printed_basis_problem(target.source.text) is None, target.source.text


def test_resource_indicators_cite_a_source(cat):
    rule = cat.checklists["yzjh"].resources
    for source in [rule.source, *(ind.source for ind in rule.indicators)]:
        assert source.text and (source.note or not source.secondary)


# ---- every number against the one table ------------------------------------------------------

def _expected(oid: str, cid: str, item_id: str):
    local = OVERLAYS.get(oid, {})
    return local.get((cid, item_id), NATIONAL.get((cid, item_id)))


def test_every_threshold_of_every_variant_is_in_the_table(cat):
    seen: dict[str, set] = {"": set(), **{oid: set() for oid in cat.overlays}}
    for oid, checklist in every_variant(cat):
        for item in checklist.items:
            if item.threshold is None:
                continue
            expected = _expected(oid, checklist.id, item.id)
            assert expected is not None, f"{oid or '国家'} {checklist.id}.{item.id} 不在表中"
            value, compare = expected
            assert written(item) == value, (oid, checklist.id, item.id)
            assert item.compare.value == compare, (oid, checklist.id, item.id)
            seen[oid].add((checklist.id, item.id))
    assert seen[""] == set(NATIONAL)  # no stale rows in the national table
    for oid, table in OVERLAYS.items():
        assert set(table) <= seen[oid]


def test_every_date_window_is_in_the_table(cat):
    for oid, checklist in every_variant(cat):
        found = {(checklist.id, i.id): i.within_days for i in checklist.items
                 if i.within_days is not None}
        assert found == {k: v for k, v in WITHIN_DAYS.items() if k[0] == checklist.id}, oid


def test_every_number_in_a_condition_is_in_the_table(cat):
    for oid, checklist in every_variant(cat):
        expected = {k: v for k, v in NATIONAL_CONDITIONS.items() if k[0] == checklist.id}
        expected |= {k: v for k, v in OVERLAY_CONDITIONS.get(oid, {}).items()
                     if k[0] == checklist.id}
        found = {(checklist.id, i.id): i.applies.condition.text for i in checklist.items
                 if i.applies.condition is not None
                 and any(ch.isdigit() for ch in i.applies.condition.text)}
        assert found == expected, oid


def test_resource_block_numbers(cat):
    rule = cat.checklists["yzjh"].resources
    assert (rule.min_met, rule.floor) == RESOURCE_RULE
    assert {ind.id: (ind.per, dict(ind.thresholds)) for ind in rule.indicators} == \
        RESOURCE_THRESHOLDS
    assert {t: dict(w) for t, w in rule.weights} == RESOURCE_WEIGHTS
    for oid in cat.overlays:  # overlays never touch the 资源配置 block
        assert cat.get("yzjh", oid).resources == rule


def test_no_checklist_is_scored_without_a_source_for_scores(cat):
    # No shipped file found a scored form for these checklists (REPORT-FORMAT §2.1, §9).
    for oid, checklist in every_variant(cat):
        assert not checklist.scored and not checklist.grade_bands, (oid, checklist.id)


def _numeric_bounds(checklist: Checklist) -> dict[str, str]:
    return {i.id: i.maximum_formula.text for i in checklist.items if i.maximum_formula}


def test_count_bounds_match_the_checklist_tests(cat):
    assert _numeric_bounds(cat.checklists["spaq"]) == spaq_case.UPPER_BOUNDS
    assert _numeric_bounds(cat.checklists["xqph"]) == xqph_case.UPPER_BOUNDS
    assert _numeric_bounds(cat.checklists["yzjh"]) == yzjh_case.UPPER_BOUNDS
    assert _numeric_bounds(cat.checklists["xyaq"]) == {}


# ---- README's table of checklists matches the files ---------------------------------------------

def test_readme_item_counts_match_the_definitions(cat):
    import re
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| (\d+) \|", readme, re.MULTILINE))
    assert {cid: int(n) for cid, n in rows.items()} == \
        {cid: len(c.items) for cid, c in cat.checklists.items()}
    for overlay in cat.overlays.values():
        found = re.search(rf"`{overlay.id}`（(\d+) 个补充条目、(\d+) 处修改）", readme)
        assert found, overlay.id
        assert (int(found[1]), int(found[2])) == (len(overlay.items), len(overlay.changes))

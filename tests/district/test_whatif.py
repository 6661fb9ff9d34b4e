"""What-if ranking: raising one school to the standard, recomputed exactly."""

from fractions import Fraction

from desktop.district.cv import weighted_cv
from desktop.district.summary import observations, summarise
from desktop.district.whatif import stage_what_ifs, what_ifs
from tests.district.factories import primary


def _district():
    return summarise([
        primary("甲小学", 1200, sports_area_m2=12000),   # 10 ㎡/生
        primary("乙小学", 300, sports_area_m2=900),      # 3 ㎡/生: small school, far below
        primary("丙小学", 1500, sports_area_m2=7500),    # 5 ㎡/生: big school, below
        primary("丁小学", 800, sports_area_m2=6400),     # 8 ㎡/生: above 7.5
    ])


def test_each_what_if_equals_the_cv_recomputed_from_the_definition():
    stage = _district().stages["primary"]
    ranked = stage_what_ifs(stage, "R5")
    pairs = observations("R5", "primary", stage.schools)
    for w in ranked:
        changed = [o if s is not w.school else type(o)(o.students, w.raised_to) for s, o in pairs]
        direct = weighted_cv(changed)
        assert abs(Fraction(direct.cv) - Fraction(w.cv_after)) < Fraction(1, 10 ** 35)
        assert w.within_after == direct.within(stage.limit)


def test_schools_are_ranked_by_the_fall_of_the_cv_and_those_meeting_the_standard_are_left_out():
    stage = _district().stages["primary"]
    ranked = stage_what_ifs(stage, "R5")
    names = [w.school.name for w in ranked]
    assert set(names) == {"乙小学", "丙小学"}  # 甲 and 丁 already meet 7.5 ㎡
    # The big school below the standard moves the weighted CV more than the small one.
    assert names[0] == "丙小学"
    assert ranked[0].decrease > ranked[1].decrease > 0
    assert ranked[0].raised_to == Fraction(15, 2) and ranked[0].value == 5
    assert ranked[0].cv_before == stage.spreads["R5"].dispersion.cv


def test_what_ifs_cover_every_stage_and_indicator():
    ranked = what_ifs(_district())
    assert list(ranked) == ["primary"]
    assert list(ranked["primary"]) == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    assert ranked["primary"]["R1"] == []  # every school meets R1


def test_progress_is_reported_and_cancel_stops():
    import pytest
    from desktop.district.progress import Cancelled
    seen = []
    what_ifs(_district(), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (7, 7)
    with pytest.raises(Cancelled):
        what_ifs(_district(), is_cancelled=lambda: True)

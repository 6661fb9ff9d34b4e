"""The printed basis (`source`) of the 校园安全 and 食品安全 items is an official citation only.

Applies to checklists/xyaq.toml, checklists/spaq.toml, the entries of overlays/gd.toml for those two
checklists and overlays/bj.toml the rule the loader will enforce (issue 17): no URL or domain name, and
none of 报道, REFERENCE, 公开实现, 据…摘要, 本项目, fudaoke, 转载. Research notes belong in basis_note.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.core.loader import load_checklist, load_overlay

ROOT = Path(__file__).resolve().parents[2] / "checklists"
SAFETY = ("xyaq", "spaq")

FORBIDDEN = re.compile(
    r"https?://|www\.|[A-Za-z0-9-]+\.(?:com|cn|net|org|gov|edu|tw|info|me|html?)\b"
    r"|报道|REFERENCE|公开实现|据[^；]*摘要|本项目|fudaoke|转载",
    re.IGNORECASE,
)


def printed_sources() -> list[tuple[str, str]]:
    """(where, printed source) of every item and overlay change in scope."""
    found = []
    for cid in SAFETY:
        checklist = load_checklist(ROOT / f"{cid}.toml")
        found += [(f"{cid}.{i.id}", i.source.text) for i in checklist.items]
    for name in ("gd", "bj"):
        overlay = load_overlay(ROOT / "overlays" / f"{name}.toml")
        found += [(f"{name}:{cid}.{i.id}", i.source.text) for cid, i in overlay.items if cid in SAFETY]
        found += [(f"{name}:{c.checklist}.{c.item}", c.source.text) for c in overlay.changes
                  if c.checklist in SAFETY and c.source is not None]
    return found


@pytest.mark.parametrize("bad", [
    "见 https://example.cn/x", "cqcb.com 报道引述办法", "（REFERENCE XQPH-Q3）", "公开实现",
    "据 fudaoke 摘要", "本项目推断", "河北省具体办法（转载教督〔2017〕6号）", "www.moe.gov.cn",
])
def test_rule_rejects_research_notes(bad):
    assert FORBIDDEN.search(bad)


@pytest.mark.parametrize("good", [
    "《中小学幼儿园安全管理办法》（教育部等十部门令第23号）第十四条",
    "《学校卫生工作条例》第二十条", "GB/T 29315-2022《中小学、幼儿园安全防范要求》（巡查）",
    "河源市源城区教育局《2025年教育工作要点》（二十五）",
])
def test_rule_accepts_citations(good):
    assert not FORBIDDEN.search(good)


def test_every_printed_basis_is_a_citation():
    sources = printed_sources()
    assert len(sources) > 100
    bad = [(where, text) for where, text in sources if FORBIDDEN.search(text)]
    assert bad == []


def test_no_internal_reference_ids_are_printed():
    # REFERENCE row ids (AQ-01, SP-22, GD-SP-1) are maintainers' shorthand, never a basis
    ids = re.compile(r"\b(?:AQ|SP|GD-SP|YZJH|XQPH)-\d")
    assert [(w, t) for w, t in printed_sources() if ids.search(t)] == []


def test_notes_explain_every_secondary_basis():
    for cid in SAFETY:
        for item in load_checklist(ROOT / f"{cid}.toml").items:
            if item.source.confidence in ("V2", "M"):
                assert len(item.source.note) >= 10, item.id


def test_an_article_number_the_note_calls_unprinted_is_not_printed():
    # where only the content was read and the number recalled, the printed basis names the topic
    article = re.compile(r"第[一二三四五六七八九十百]+条")
    checked = 0
    for cid in SAFETY:
        for item in load_checklist(ROOT / f"{cid}.toml").items:
            if "未印" not in item.source.note:
                continue
            checked += 1
            for clause in re.split("[；。]", item.source.note):
                if "未印" in clause:
                    for number in article.findall(clause):
                        assert number not in item.source.text, (cid, item.id, number)
    assert checked >= 10

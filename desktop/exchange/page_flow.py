"""Headings stay with what follows them, in every PDF.

reportlab's keepWithNext joins a heading to the next flowable, but not when that flowable is a
KeepTogether (a statement with its table, a chart with its caption): the heading then stayed at a
page foot with its table overleaf (「五、一票否决情形」). Here such a heading, with any headings
just above it, goes into the KeepTogether.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph


def is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and bool(getattr(flowable.style, "keepWithNext", 0))


def keep_headings_with_next(story: list[Flowable]) -> list[Flowable]:
    result: list[Flowable] = []
    i = 0
    while i < len(story):
        if not is_heading(story[i]):
            result.append(story[i])
            i += 1
            continue
        j = i
        while j < len(story) and is_heading(story[j]):
            j += 1
        headings = story[i:j]
        if j < len(story) and isinstance(story[j], KeepTogether):
            result.append(KeepTogether(headings + list(story[j]._content)))
            j += 1
        else:
            result += headings
        i = j
    return result

"""Chinese line breaking (避头尾) for every PDF the app makes: the one Paragraph class to use.

reportlab's wordWrap='CJK' breaks after any character and only hangs a single closing mark into
the margin, so lines still began with 「；」 or 「，」 and ended with 「（」 (STACK-NOTES). Here a line
is broken only where Chinese typesetting allows:

* no line starts with closing punctuation (，。；：、）」』》？！ …), none ends with an opening one
  (（「『《 …): the break moves back to the nearest allowed place;
* Latin words and numbers stay whole (「SHA-256」, 「1,472,000」, 「2025-12-31」), and a number stays
  with the unit or date character after it (「31日」, 「52人」, 「338天」) and with 「第」 before it;
* a style with `breakAtSpaces = True` (titles) breaks only at spaces, so 「自评」 is never split;
* text too long for any allowed break is cut where it must, still avoiding a closing mark at the
  start of the next line.

Every module builds paragraphs through CjkParagraph (or report_styles.para, which uses it); a test
checks that no other module creates reportlab Paragraphs.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus.paragraph import Paragraph, ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

NO_LINE_START = frozenset("，。；：、）」』》〉】〕？！…％,.;:!?)]}%·～—’”")
NO_LINE_END = frozenset("（「『《〈【〔([{“‘")
# Characters a number is bound to: 「31日」 「52人」 「4 间」 are read as one word.
UNIT_AFTER_NUMBER = frozenset("年月日时分秒号天人个间次元岁所名项页份届班条处台套本册张篇㎡％%g")
BEFORE_NUMBER = frozenset("第约")


# Stand-ins for symbols a font by level may lack (AR PL UMing has no ✓ nor −): drawn as a blank
# box they would silently change what the page says.
SUBSTITUTES = {"−": "－", "✓": "√", "✔": "√", "✗": "×", "✘": "×", "☑": "■", "›": "＞", "⟺": "⇔"}
BREAKING_SPACE = " "  # not NBSP nor the ideographic space of 「年　月　日」


def _latin(ch: str) -> bool:
    return ord(ch) < 0x2E80 and ch not in (BREAKING_SPACE, "\n")  # 「1,472.5」 is one word


def may_break(before: str, after: str, spaces_only: bool = False) -> bool:
    """Whether a line may end after `before` and the next start with `after`."""
    if before == BREAKING_SPACE or after == BREAKING_SPACE:
        return True
    if "\n" in (before, after):
        return True
    if spaces_only:
        return False
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if _latin(before) and _latin(after):
        return False
    if before.isdigit() and after in UNIT_AFTER_NUMBER:
        return False
    if before in BEFORE_NUMBER and after.isdigit():
        return False
    return True


@lru_cache(maxsize=64)
def _glyphs(font_name: str) -> frozenset[int] | None:
    face = getattr(getFont(font_name), "face", None)
    mapping = getattr(face, "charToGlyph", None)
    return frozenset(mapping) if mapping else None


def drawable(text: str, font_name: str) -> str:
    """The text with symbols the font cannot draw replaced by their stand-ins."""
    glyphs = _glyphs(font_name)
    if glyphs is None:
        return text
    return "".join(SUBSTITUTES.get(ch, ch) if ord(ch) not in glyphs and ch in SUBSTITUTES else ch
                   for ch in text)


RELATIONS = frozenset("≤≥<>＜＞=≈第")


def allowed_at(chars: list[str], k: int, spaces_only: bool = False) -> bool:
    """Whether line k may start at chars[k], looking past a space: 「≤ 35人」 「909.55 ㎡」 「第 2 号」
    are read as one word although a space sits inside them."""
    before, after = chars[k - 1], chars[k]
    if not may_break(before, after, spaces_only):
        return False
    if before == BREAKING_SPACE and k >= 2:
        left = chars[k - 2]
        if left in RELATIONS or (left.isdigit() and after in UNIT_AFTER_NUMBER):
            return False
    if after == BREAKING_SPACE and k + 1 < len(chars):
        right = chars[k + 1]
        if before in RELATIONS or (before.isdigit() and right in UNIT_AFTER_NUMBER):
            return False
    return True


def _forced_break(chars: list[str], start: int, end: int) -> int:
    """A place to cut text that has no allowed break: the latest one not starting a line with
    a closing mark nor ending one with an opening mark, else just before `end`."""
    for k in range(end, start, -1):
        if chars[k] not in NO_LINE_START and chars[k - 1] not in NO_LINE_END:
            return k
    return end


def break_positions(chars: list[str], widths: list[float], max_widths: list[float],
                    hard: set[int] = frozenset(), spaces_only: bool = False) -> list[tuple[int, int]]:
    """(start, end) index pairs of the lines, end exclusive; `hard` = forced breaks after index."""
    lines: list[tuple[int, int]] = []
    n = len(chars)
    start = 0
    while start < n:
        while start < n and chars[start] == BREAKING_SPACE and start not in hard:
            start += 1  # a line never starts with the space it was broken at
        if start >= n:
            break
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        width, last_ok, j = 0.0, None, start
        end = n
        while j < n:
            if j > start and allowed_at(chars, j, spaces_only):
                last_ok = j
            if width + widths[j] > limit + _FUZZ and j > start:
                if allowed_at(chars, j, spaces_only):
                    end = j
                elif last_ok is not None:
                    end = last_ok
                else:
                    end = _forced_break(chars, start, j)
                break
            width += widths[j]
            if j in hard:
                end = j + 1
                break
            j += 1
        lines.append((start, end))
        start = end
    return lines


class CjkParagraph(Paragraph):
    """A Paragraph whose CJK line breaking follows 避头尾 (see the module docstring).

    A style with `fakeBold = True` draws its letters filled and outlined: 宋体 has no bold face,
    and a 公文 title is set in a heavy 宋 (小标宋).
    """

    def beginText(self, x, y):
        text = super().beginText(x, y)
        if getattr(self.style, "fakeBold", False):
            self.canv.setStrokeColor(self.style.textColor)
            self.canv.setLineWidth(self.style.fontSize * 0.035)
            text.setTextRenderMode(2)  # fill, then stroke
        return text

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        style = self.style
        self.height = 0
        glyphs: list = []
        for frag in self.frags:
            text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
            if text and not hasattr(frag, "cbDefn"):
                text = drawable(text, frag.fontName)
            glyphs.extend(cjkU(t, frag, "utf8") for t in text) if text else glyphs.append(
                cjkU(text, frag, "utf8"))
        if not glyphs:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName,
                             textColor=style.textColor, lines=[], ascent=style.fontSize,
                             descent=-0.2 * style.fontSize)
        hard = {k for k, u in enumerate(glyphs) if hasattr(u.frag, "lineBreak")}
        chars = [str(u) or "\n" for u in glyphs]
        widths = [u.width for u in glyphs]
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        calc_bounds = auto not in ("", "off")
        spaces_only = bool(getattr(style, "breakAtSpaces", False))
        lines = []
        for number, (start, end) in enumerate(break_positions(chars, widths, list(maxWidths), hard,
                                                              spaces_only)):
            limit = maxWidths[min(number, len(maxWidths) - 1)]
            line = glyphs[start:end]
            line_break = bool(line) and (end - 1) in hard
            # Trailing spaces at a break take no room: the line is as wide as its text.
            while line and str(line[-1]) == BREAKING_SPACE and not line_break:
                line = line[:-1]
            used = sum(u.width for u in line)
            lines.append(makeCJKParaLine(line, limit, used, limit - used, line_break, calc_bounds))
        return ParaLines(kind=1, lines=lines)

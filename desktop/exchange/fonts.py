"""Finds a TrueType CJK font on this computer and registers it with reportlab for embedding.

NOTE: reportlab embeds only TrueType (glyf) outlines. CFF/OpenType CJK fonts (Noto Sans CJK,
Source Han) fail with "postscript outlines are not supported", and the built-in CID font
STSong-Light is never embedded, so a viewer without Chinese fonts shows blanks (STACK-NOTES).
Every candidate is therefore loaded once to prove it can be embedded before it is used.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.core.errors import DesktopError

# (file name, sub-font index) per platform, best first. Sub-font 0 of a .ttc is the regular face.
WINDOWS_FONTS = (("msyh.ttc", 0), ("simsun.ttc", 0), ("simhei.ttf", 0), ("msyh.ttf", 0),
                 ("simkai.ttf", 0), ("simfang.ttf", 0))
LINUX_FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),  # Fedora
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/TTF/wqy-microhei.ttc", 0),  # Arch
)
MAC_FONTS = (("/Library/Fonts/Arial Unicode.ttf", 0),
             ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
             ("/System/Library/Fonts/STHeiti Light.ttc", 0))

INSTALL_HINT = (
    "未找到可嵌入 PDF 的中文 TrueType 字体。"
    "Windows：请确认 C:\\Windows\\Fonts 中有 微软雅黑（msyh.ttc）、宋体（simsun.ttc）或 黑体（simhei.ttf）；"
    "Linux：请安装 文泉驿微米黑（Debian/Ubuntu：sudo apt install fonts-wqy-microhei）；"
    "也可以指定一个 .ttf/.ttc 字体文件。注意：思源黑体、Noto Sans CJK 等 OpenType（CFF）字体无法嵌入。"
)


CHINESE_PROBE = "校"


class FontError(DesktopError):
    """No usable CJK font: the message says which font to install or what is wrong with a file."""


@dataclass(frozen=True)
class CjkFont:
    """A registered font: `name` is what reportlab styles refer to."""

    name: str
    path: Path
    subfont_index: int
    family: str

    def has_glyph(self, char: str) -> bool:
        font = pdfmetrics.getFont(self.name)
        return ord(char) in font.face.charToGlyph

    def first_drawable(self, choices: list[str] | tuple[str, ...]) -> str:
        """The first of several marks (e.g. ✗ ✘ ×) that this font can draw."""
        for choice in choices:
            if all(self.has_glyph(ch) for ch in choice):
                return choice
        return choices[-1]

    def describe(self) -> str:
        return f"{self.family}（{self.path}）"


_registered: dict[tuple[str, int], CjkFont] = {}


def candidate_paths() -> list[tuple[Path, int]]:
    """System font files to try on this platform, best first."""
    if sys.platform.startswith("win"):
        dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return [(d / name, index) for name, index in WINDOWS_FONTS for d in dirs]
    table = MAC_FONTS if sys.platform == "darwin" else LINUX_FONTS
    user = [(Path.home() / ".local/share/fonts" / Path(p).name, i) for p, i in LINUX_FONTS[:2]]
    return [(Path(p), i) for p, i in table] + user


def find_cjk_font(override: str | Path | None = None,
                  candidates: list[tuple[Path, int]] | None = None) -> CjkFont:
    """Registers and returns the font to use: the override if given, else the first system font.

    Raises FontError (Chinese message) when the override is unusable or no candidate is.
    """
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise FontError(f"指定的字体文件 {path} 不存在。")
        try:
            font = register(path, 0)
        except TTFError as exc:
            raise FontError(f"字体文件 {path} 无法嵌入 PDF（{exc}）。请改用 TrueType 字体（.ttf/.ttc），"
                            "如 微软雅黑 msyh.ttc、宋体 simsun.ttc 或 文泉驿微米黑。") from None
        if not font.has_glyph(CHINESE_PROBE):
            raise FontError(f"字体文件 {path}（{font.family}）不含中文字形，请改用中文字体。")
        return font
    for path, index in candidates if candidates is not None else candidate_paths():
        if not path.is_file():
            continue
        try:
            font = register(path, index)
        except TTFError:
            continue  # a CFF or damaged file: try the next one
        if font.has_glyph(CHINESE_PROBE):
            return font
    raise FontError(INSTALL_HINT)


def register(path: Path, subfont_index: int = 0) -> CjkFont:
    """Loads the font (raising TTFError if it cannot be embedded) and registers it once."""
    key = (str(path.resolve()), subfont_index)
    if key in _registered:
        return _registered[key]
    name = "CJK-" + hashlib.sha1(f"{key[0]}#{subfont_index}".encode()).hexdigest()[:10]
    font = TTFont(name, str(path), subfontIndex=subfont_index)
    pdfmetrics.registerFont(font)
    family = getattr(font.face, "familyName", b"") or path.stem
    if isinstance(family, bytes):
        family = family.decode("utf-8", "replace")
    result = CjkFont(name, path, subfont_index, str(family))
    _registered[key] = result
    return result

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

# Fonts by level, as 党政机关公文格式 (GB/T 9704) readers expect: 标题 小标宋 (or 宋体 made bold),
# 一级标题 黑体, 二级标题 楷体, 正文 仿宋, tables 宋体. Per role the candidates, best first.
ROLES = ("title", "heading", "subheading", "body", "table")
ROLE_NAMES = {"title": "标题", "heading": "一级标题", "subheading": "二级标题", "body": "正文",
              "table": "表格"}
WINDOWS_ROLE_FONTS = {
    "title": (("FZXBSJW.TTF", 0), ("simsun.ttc", 0), ("simsun.ttf", 0)),  # 方正小标宋简体, 宋体
    "heading": (("simhei.ttf", 0), ("msyh.ttc", 0)),  # 黑体, 微软雅黑
    "subheading": (("simkai.ttf", 0), ("STKAITI.TTF", 0)),  # 楷体
    "body": (("simfang.ttf", 0), ("STFANGSO.TTF", 0), ("simsun.ttc", 0)),  # 仿宋, else 宋体
    "table": (("simsun.ttc", 0), ("simsun.ttf", 0), ("msyh.ttc", 0)),
}
# Debian's TrueType CJK fonts: fonts-arphic-uming (宋), fonts-arphic-ukai (楷), fonts-wqy-zenhei and
# fonts-wqy-microhei (黑). Debian has no embeddable 仿宋: the body is set in 宋 (AR PL UMing).
_ARPHIC, _WQY = "/usr/share/fonts/truetype/arphic", "/usr/share/fonts/truetype/wqy"
LINUX_ROLE_FONTS = {
    "title": ((f"{_ARPHIC}/uming.ttc", 0),),
    "heading": ((f"{_WQY}/wqy-zenhei.ttc", 0), (f"{_WQY}/wqy-microhei.ttc", 0)),
    "subheading": ((f"{_ARPHIC}/ukai.ttc", 0),),
    "body": ((f"{_ARPHIC}/uming.ttc", 0),),
    "table": ((f"{_ARPHIC}/uming.ttc", 0),),
}
# 宋体 has no bold face: titles set in it are drawn with a thin outline (fake bold).
BOLD_WHEN = {"title": ("simsun", "uming", "song")}

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


@dataclass(frozen=True)
class FontSet:
    """The font of each level of a document; `single` when one font serves them all."""

    title: CjkFont
    heading: CjkFont
    subheading: CjkFont
    body: CjkFont
    table: CjkFont

    @property
    def single(self) -> bool:
        return len({f.name for f in self.fonts()}) == 1

    @property
    def title_needs_bold(self) -> bool:
        """The title font is a plain 宋体 (not 小标宋): draw it emboldened."""
        stem = self.title.path.name.lower()
        return any(word in stem for word in BOLD_WHEN["title"])

    def fonts(self) -> list[CjkFont]:
        return [getattr(self, role) for role in ROLES]

    def describe(self) -> str:
        if self.single:
            return self.table.describe()
        return "；".join(f"{ROLE_NAMES[role]} {getattr(self, role).family}" for role in ROLES)


def role_candidates(role: str) -> list[tuple[Path, int]]:
    """System font files for one level on this platform, best first."""
    if sys.platform.startswith("win"):
        dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return [(d / name, index) for name, index in WINDOWS_ROLE_FONTS[role] for d in dirs]
    if sys.platform == "darwin":
        return []
    return [(Path(p), i) for p, i in LINUX_ROLE_FONTS[role]]


def find_font_set(override: str | Path | None = None,
                  configured: dict[str, str] | None = None,
                  candidates: dict[str, list[tuple[Path, int]]] | None = None) -> FontSet:
    """The fonts by level: `override` (one file) sets every level; `configured` names a file per
    role (a county's labels file); otherwise the system's fonts, each level falling back to the
    one font find_cjk_font() finds, so a machine with a single CJK font still prints (the sizes
    then mark the levels). Raises FontError as find_cjk_font does.
    """
    if override:
        font = find_cjk_font(override)
        return FontSet(font, font, font, font, font)
    base: CjkFont | None = None
    chosen: dict[str, CjkFont] = {}
    for role in ROLES:
        wanted = (configured or {}).get(role, "")
        if wanted:
            chosen[role] = find_cjk_font(wanted)
            continue
        found = _first_usable(candidates[role] if candidates is not None else role_candidates(role))
        if found is None:
            base = base or find_cjk_font(candidates=(candidates or {}).get("fallback"))
            found = base
        chosen[role] = found
    return FontSet(**chosen)


def _first_usable(paths: list[tuple[Path, int]]) -> CjkFont | None:
    for path, index in paths:
        if not path.is_file():
            continue
        try:
            font = register(path, index)
        except TTFError:
            continue
        if font.has_glyph(CHINESE_PROBE):
            return font
    return None

"""Which files can be evidence (佐证材料), and which names are safe to keep and to open.

Evidence is a photo, a scan, an office document or plain text. A name that comes from a package or
a workbook was typed by someone else: it may climb out of a folder (../../Startup/run.bat), hide
its real extension behind a right-to-left override (照片\\u202egpj.exe shows as 照片exe.jpg), end in
an executable type behind a harmless one (.pdf.exe), or be a Windows device name (CON). Such names
are refused; files are stored under their hash with an allowed extension only, so nothing the
program keeps can run when opened.
"""

from __future__ import annotations

import re
import unicodedata

IMAGES = ("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp", "heic")
DOCUMENTS = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps",
             "odt", "ods", "odp", "rtf")
TEXT = ("txt", "csv")
EVIDENCE_EXTENSIONS = frozenset(IMAGES + DOCUMENTS + TEXT)
KINDS_TEXT = "图片、PDF、Office/WPS 文档或纯文本"
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.IGNORECASE)
_MAX_NAME = 255


def extension_of(name: str) -> str:
    """The final extension, lower case, without the dot ('' when there is none)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[1].lower().strip() if "." in base else ""


def is_evidence_type(name: str) -> bool:
    return extension_of(name) in EVIDENCE_EXTENSIONS


def _hidden_characters(name: str) -> list[str]:
    """Bidirectional overrides, zero-width and control characters (Unicode categories Cc, Cf)."""
    return [ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf")]


def shown(name: str) -> str:
    """The name as it may be printed in a message: hidden characters written out as \\uXXXX."""
    return "".join(f"\\u{ord(ch):04x}" if ch in _hidden_characters(name) else ch for ch in name)


def name_problem(name: str) -> str | None:
    """Why a name cannot be evidence (Chinese), or None when it can."""
    if not name.strip():
        return "文件名为空"
    if len(name) > _MAX_NAME:
        return "文件名过长"
    if "/" in name or "\\" in name or name in (".", ".."):
        return "文件名含有路径（如 “../”），可能指向别的文件夹"
    if _hidden_characters(name):
        return "文件名含有不可见的控制字符（如从右向左书写的覆盖符），真实的扩展名可能被隐藏"
    if ":" in name or any(ch in '<>"|?*' for ch in name):
        return "文件名含有 Windows 不允许的字符"
    if name != name.rstrip(" ."):
        return "文件名以空格或句点结尾"
    stem = name.split(".", 1)[0].strip()
    if _RESERVED.match(stem):
        return f"文件名「{stem}」是 Windows 保留的设备名"
    if not is_evidence_type(name):
        ext = extension_of(name)
        kind = f"“.{ext}” 文件" if ext else "没有扩展名的文件"
        return f"{kind}不是允许的佐证材料类型（只接受{KINDS_TEXT}）"
    return None

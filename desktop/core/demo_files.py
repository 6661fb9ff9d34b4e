"""Small evidence files for the demo: PNG pictures drawn with the standard library, and a PDF.

The pictures are flat shapes (sky, buildings, a running track…) without text, written as PNG with
zlib and struct so no imaging library is needed.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

Color = tuple[int, int, int]
Rect = tuple[int, int, int, int, Color]  # x0, y0, x1, y1 (exclusive), colour

WIDTH, HEIGHT = 480, 320
SKY_TOP, SKY_BOTTOM = (120, 170, 230), (205, 225, 245)


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """A truecolour PNG from rows of RGB bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def scene(rects: list[Rect], horizon: int, ground: Color, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """Sky gradient above the horizon, ground below, then the rectangles painted in order."""
    rows = []
    for y in range(height):
        if y < horizon:
            t = y / max(horizon - 1, 1)
            base = tuple(round(a + (b - a) * t) for a, b in zip(SKY_TOP, SKY_BOTTOM))
        else:
            base = ground
        row = bytearray(bytes(base) * width)
        for x0, y0, x1, y1, color in rects:
            if y0 <= y < y1:
                row[x0 * 3:x1 * 3] = bytes(color) * (x1 - x0)
        rows.append(bytes(row))
    return png(width, height, rows)


def _grid(x0: int, y0: int, cols: int, rows: int, w: int, h: int, gap: int, color: Color) -> list[Rect]:
    return [(x0 + c * (w + gap), y0 + r * (h + gap), x0 + c * (w + gap) + w, y0 + r * (h + gap) + h, color)
            for r in range(rows) for c in range(cols)]


def sports_field() -> bytes:
    track, lane = (190, 70, 60), (240, 240, 235)
    rects: list[Rect] = [(20, 150, 460, 300, track), (60, 175, 420, 275, (70, 150, 70))]
    rects += [(20, 150 + k * 12, 460, 151 + k * 12, lane) for k in range(3)]
    rects += [(230, 175, 232, 275, lane), (30, 60, 150, 140, (225, 225, 215))]  # grandstand
    return scene(rects, horizon=140, ground=(110, 160, 90))


def teaching_building() -> bytes:
    rects: list[Rect] = [(60, 50, 420, 260, (235, 225, 200)), (60, 40, 420, 55, (170, 60, 50))]
    rects += _grid(80, 70, 8, 4, 28, 30, 14, (90, 140, 190))
    rects += [(220, 210, 260, 260, (120, 80, 50))]
    return scene(rects, horizon=255, ground=(150, 150, 145))


def multimedia_room() -> bytes:
    rects: list[Rect] = [(0, 0, WIDTH, 200, (235, 235, 228)), (110, 30, 370, 150, (40, 50, 60)),
                         (120, 40, 360, 140, (60, 120, 190)), (230, 150, 250, 175, (80, 80, 80))]
    rects += _grid(40, 215, 6, 3, 52, 18, 20, (170, 120, 70))
    return scene(rects, horizon=200, ground=(200, 195, 185))


def sample_cabinet() -> bytes:
    rects: list[Rect] = [(0, 0, WIDTH, 270, (230, 232, 235)), (140, 20, 340, 300, (180, 185, 190)),
                         (150, 30, 330, 290, (215, 235, 245))]
    rects += [(150, 90 + k * 65, 330, 94 + k * 65, (150, 155, 160)) for k in range(3)]
    rects += _grid(160, 55, 6, 4, 20, 30, 9, (245, 245, 240))
    return scene(rects, horizon=270, ground=(170, 165, 160))


def fire_equipment() -> bytes:
    rects: list[Rect] = [(0, 0, WIDTH, 260, (225, 220, 205)), (60, 60, 200, 230, (200, 30, 30)),
                         (70, 70, 190, 220, (235, 235, 230))]
    for x in (260, 330, 400):
        rects += [(x, 140, x + 40, 250, (210, 25, 25)), (x + 12, 120, x + 28, 140, (40, 40, 40))]
    return scene(rects, horizon=260, ground=(120, 120, 118))


PICTURES = {
    "操场全景.png": sports_field, "教学楼.png": teaching_building, "多媒体教室.png": multimedia_room,
    "留样柜.png": sample_cabinet, "消防器材.png": fire_equipment,
}


def write_pictures(folder: Path) -> dict[str, Path]:
    paths = {}
    for name, draw in PICTURES.items():
        paths[name] = folder / name
        paths[name].write_bytes(draw())
    return paths


def write_drill_plan(path: Path, school: str, term: str, day: str) -> Path:
    """A one-page 应急疏散演练方案 as PDF (reportlab, imported only here)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    font = _chinese_font()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=24, alignment=1, wordWrap="CJK")
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=19, wordWrap="CJK",
                          firstLineIndent=22)
    paragraphs = [
        f"一、演练时间：{day} 上午第二节课后（10:20），历时约 15 分钟。",
        "二、参加人员：全体在校师生。各班班主任负责本班学生，科任教师协助维持楼道秩序。",
        "三、疏散路线：教学楼东侧班级经东楼梯疏散，西侧班级经西楼梯疏散，统一到运动场集合，"
        "不得拥挤推搡，不得逆行。",
        "四、组织分工：校长任总指挥；安全办负责发布警报和计时；总务处检查疏散通道和应急照明；"
        "校医携带急救箱在集合点待命。",
        "五、总结评估：演练结束后由总指挥讲评，安全办记录疏散用时和存在问题，形成演练总结存档。",
    ]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=25 * mm, bottomMargin=25 * mm, title="应急疏散演练方案")
    story = [Paragraph(f"{school}{term}应急疏散演练方案", title), Spacer(1, 8 * mm)]
    story += [Paragraph(text, body) for text in paragraphs]
    doc.build(story)
    return path


def _chinese_font() -> str:
    """An embedded TrueType CJK font when the machine has one; otherwise the built-in CID font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    candidates = [Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
                  Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
                  Path("C:/Windows/Fonts/simhei.ttf"), Path("C:/Windows/Fonts/msyh.ttc"),
                  Path("C:/Windows/Fonts/simsun.ttc")]
    for path in candidates:
        if path.exists():
            pdfmetrics.registerFont(TTFont("DemoCJK", str(path), subfontIndex=0))
            return "DemoCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"

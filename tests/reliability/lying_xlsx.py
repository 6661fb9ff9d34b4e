"""Rewriting the parts of a saved .xlsx the way an attacker (or a careless tool) would."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path


def rewrite_sheets(path: Path, change: Callable[[bytes], bytes]) -> Path:
    """Applies change() to every worksheet XML of the file, in place."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/sheet"):
                data = change(data)
            target.writestr(info.filename, data)
    return path


def lie_about_dimension(path: Path, ref: str = "A1:C3") -> Path:
    """A <dimension> that understates the sheet: read-only openpyxl stops at its last row."""
    def change(xml: bytes) -> bytes:
        xml, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), xml)
        if count == 0:  # openpyxl wrote none: add one where Excel puts it
            xml = re.sub(rb"(<worksheet[^>]*>)", rb"\1" + f'<dimension ref="{ref}"/>'.encode(), xml, count=1)
        return xml
    return rewrite_sheets(path, change)

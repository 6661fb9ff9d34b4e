"""Reading the PDFs the app writes, with pypdf: the same on Linux and on Windows, where poppler's
pdftotext/pdffonts are not installed. Checks that need an external tool (word boxes, rendering,
qpdf's validation) say so with requires_tool and run wherever the tool is."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    return "\n".join(page_texts(path))


def flat_text(path: Path) -> str:
    """The text without any white space: Chinese lines and table cells wrap anywhere."""
    return "".join(pdf_text(path).split())


@dataclass(frozen=True)
class Font:
    name: str  # the base font name, subset prefix included (ABCDEF+WenQuanYiMicroHei)
    embedded: bool


def fonts(path: Path) -> list[Font]:
    """Every font the pages (and their forms) refer to, once each, like pdffonts lists them."""
    found: dict[int | str, Font] = {}
    for page in PdfReader(path).pages:
        _collect(page.get("/Resources"), found, set())
    return list(found.values())


def _collect(resources, found: dict, seen: set) -> None:
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        key = getattr(ref, "idnum", None) or str(font.get("/BaseFont"))
        found.setdefault(key, Font(str(font.get("/BaseFont", "")).lstrip("/"), _embedded(font)))
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            _collect(xobject.get("/Resources"), found, seen)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def requires_tool(tool: str, why: str):
    """Skips a check that needs an external program (poppler, qpdf) where it is not installed."""
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} is not installed: {why}")

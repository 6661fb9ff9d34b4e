"""Parsed definition files kept as JSON, so a start does not parse 260 KB of TOML again.

tomllib is pure Python: the four checklists and the overlays took about a sixth of the app's
start-up. The parsed content (plain data: tables, arrays, strings, integers, exact decimals) is
written once per file content to the user's cache folder, named by the SHA-256 of the TOML bytes,
and read back with json (C). A cache file that is missing, unreadable, written by another format
version or not matching its name is ignored and the TOML is parsed as before; nothing here is
ever executed. Files holding TOML dates/times or non-finite numbers are simply not cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

FORMAT = "toml-json-1"
ENV = "DESKTOP_CACHE_DIR"  # tests and benches point it elsewhere; "off" disables the cache


def cache_dir() -> Path | None:
    configured = os.environ.get(ENV)
    if configured == "off":
        return None
    if configured:
        return Path(configured) / "definitions"
    try:
        import platformdirs
        return Path(platformdirs.user_cache_dir("SchoolSelfAssessment", appauthor=False)) / "definitions"
    except Exception:  # noqa: BLE001 - no cache folder: parse every time
        return None


def parsed(raw: bytes, parse: Callable[[bytes], dict]) -> dict:
    """parse(raw), through the cache when one can be used."""
    folder = cache_dir()
    if folder is None:
        return parse(raw)
    key = hashlib.sha256(raw).hexdigest()
    path = folder / f"{key}.json"
    cached = _read(path, key)
    if cached is not None:
        return cached
    data = parse(raw)
    _write(folder, path, key, data)
    return data


def _read(path: Path, key: str) -> dict | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("sha256") != key:
        return None
    data = document.get("data")
    return data if isinstance(data, dict) else None


def _write(folder: Path, path: Path, key: str, data: dict) -> None:
    try:
        text = _encode({"format": FORMAT, "sha256": key, "data": data})
    except _NotPlainData:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)  # whole or not at all; readers check the content anyway
    except OSError:
        try:
            os.unlink(temp)  # type: ignore[possibly-undefined]
        except (OSError, NameError):
            pass


class _NotPlainData(Exception):
    pass


def _encode(value: Any) -> str:
    """JSON in which a Decimal keeps its exact digits and reads back as a Decimal (parse_float)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _NotPlainData
        text = str(value)
        if not any(c in text for c in ".eE"):  # would read back as an int (TOML floats never do)
            raise _NotPlainData
        return text
    if isinstance(value, list):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(str(k), ensure_ascii=False) + ":" + _encode(v)
                              for k, v in value.items()) + "}"
    raise _NotPlainData  # dates and times: TOML only

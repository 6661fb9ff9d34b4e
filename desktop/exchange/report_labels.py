"""The report's labels and column headings, read from TOML so a county can replace any of them."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from desktop.core.errors import InputError

DEFAULT_FILE = "report_labels.toml"


class Labels:
    """Dotted-key access to the label tree: labels.text("cover.school"), labels.list("…")."""

    def __init__(self, data: dict[str, Any]):
        self._data = data

    def get(self, key: str) -> Any:
        node: Any = self._data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise KeyError(f"report label {key!r} is missing")
            node = node[part]
        return node

    def text(self, key: str, **values: object) -> str:
        template = str(self.get(key))
        if not values:
            return template
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            # Only a county's labels file can bring a placeholder the report does not fill.
            known = "、".join("{" + name + "}" for name in values)
            raise InputError(f"报告标签「{key}」的内容「{template}」有误（{exc}）；"
                             f"可用的占位符：{known}", "labels") from None

    def list(self, key: str) -> list[str]:
        return [str(v) for v in self.get(key)]

    def number(self, key: str) -> float:
        return float(self.get(key))

    def mapping(self, key: str) -> dict[str, Any]:
        return dict(self.get(key))

    def for_kindergarten(self) -> "Labels":
        """These labels with the [kindergarten] table laid over them (园, 园长, 本园, 你园)."""
        return Labels(_merge(self._data, self._data.get("kindergarten", {})))


KINDERGARTEN = "幼儿园"


def is_kindergarten(school_type: str, name: str = "") -> bool:
    """A kindergarten by its type, or by its name when the type is not known (a blank form)."""
    return school_type == KINDERGARTEN or (not school_type and name.endswith(KINDERGARTEN))


def load_labels(override: str | Path | None = None) -> Labels:
    """The shipped labels, with an override file's keys laid over them (deeply)."""
    text = resources.files("desktop.exchange").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    if override:
        data = _merge(data, _read_override(Path(override)))
    return Labels(data)


def _read_override(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"找不到报告标签文件 {path}", "labels") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取报告标签文件 {path}：{exc}", "labels") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"报告标签文件 {path.name} 格式有误：{exc}", "labels") from None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged

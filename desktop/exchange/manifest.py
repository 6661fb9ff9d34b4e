"""The manifest of a submission package: who, which period, and the hash and size of every member."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from desktop.core.errors import ImportFileError
from desktop.core.numbers import json_decimal, json_int

FORMAT = "school-self-assessment-submission"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.json"
EVIDENCE_PREFIX = "evidence/"
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")

# What the fingerprint does and does not prove; printed by `verify` and kept in every manifest.
DIGEST_NOTICE = ("数据指纹（SHA-256）相符，只证明提交包在导出之后没有被改动或损坏；"
                 "它不能证明所填数据真实、准确，也不能证明文件出自哪所学校——"
                 "任何人都能用本程序生成指纹相符的提交包。数据是否属实，仍需督学核查佐证材料和现场情况。")

Fail = Callable[[str], ImportFileError]


@dataclass(frozen=True)
class MemberRecord:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What a package says about itself; checked against its members and its data on reading."""

    app_version: str
    school_name: str
    school_code: str
    period: str
    checklists: tuple[tuple[str, str], ...]
    overlay: str
    created: str  # ISO time with offset
    digest: str  # snapshot_json.digest of the data: the fingerprint printed on the PDF report
    members: dict[str, MemberRecord]  # every member except the manifest itself
    format_version: int = FORMAT_VERSION

    @property
    def evidence_names(self) -> list[str]:
        return [n for n in self.members if n.startswith(EVIDENCE_PREFIX)]

    def to_json(self) -> dict[str, Any]:
        body = self._body()
        return {**body, "package_digest": package_digest(body)}

    def _body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "app_version": self.app_version,
            "school": {"name": self.school_name, "code": self.school_code},
            "period": self.period,
            "checklists": [{"id": c, "version": v} for c, v in self.checklists],
            "overlay": self.overlay,
            "created": self.created,
            "digest": self.digest,
            "evidence_count": len(self.evidence_names),
            "members": {n: {"sha256": m.sha256, "size": m.size}
                        for n, m in sorted(self.members.items())},
            "notice": DIGEST_NOTICE,
        }


def package_digest(body: dict[str, Any]) -> str:
    """SHA-256 of everything the manifest says (all but this digest itself), in canonical JSON.

    The data's digest covers the answers; this one covers what the supervisor reads or is shown
    from the manifest besides them — export time, app version, counts, notice, member hashes.
    """
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_json(raw: bytes, name: str, fail: Fail) -> Any:
    """Parses strict JSON: UTF-8, no duplicate keys, no NaN/Infinity, decimals kept exact."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise fail(f"{name} 不是 UTF-8 编码的文本") from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant,
                          parse_float=json_decimal, parse_int=json_int)
    except json.JSONDecodeError as exc:
        raise fail(f"{name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from None
    except _BadJson as exc:
        raise fail(f"{name}：{exc}") from None
    except RecursionError:
        raise fail(f"{name} 的嵌套层数过多") from None
    except ValueError as exc:  # a number json_int / json_decimal refused
        raise fail(f"{name}：{exc}") from None


class _BadJson(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _BadJson(f"键「{key}」重复出现")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _BadJson(f"不允许使用 {name}")


def manifest_from_json(data: Any, fail: Fail) -> Manifest:
    """Checks the manifest's format and the type of every field; raises via fail naming the field."""
    obj = _dict(data, "顶层", fail)
    if obj.get("format") != FORMAT:
        raise fail("不是本程序的提交包（manifest.json 的 format 字段不符）")
    version = obj.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail("manifest.json 的 format_version 应为整数")
    if version != FORMAT_VERSION:
        newer = "，它由更新版本的程序生成，请升级本程序" if version > FORMAT_VERSION else ""
        raise fail(f"提交包格式版本 {version} 不受支持（本程序支持 {FORMAT_VERSION}）{newer}")
    school = _dict(obj.get("school"), "school", fail)
    checklists = tuple((_str(c, "id", "checklists", fail), _str(c, "version", "checklists", fail))
                       for c in _list(obj.get("checklists"), "checklists", fail))
    digest = _str(obj, "digest", "", fail)
    if not SHA256_HEX.match(digest):
        raise fail("manifest.json 的 digest 不是 64 位十六进制的 SHA-256 值")
    members = {name: _member(raw, name, fail)
               for name, raw in _dict(obj.get("members"), "members", fail).items()}
    manifest = Manifest(
        app_version=_str(obj, "app_version", "", fail),
        school_name=_str(school, "name", "school", fail),
        school_code=_str(school, "code", "school", fail, allow_empty=True),
        period=_str(obj, "period", "", fail),
        checklists=checklists,
        overlay=_str(obj, "overlay", "", fail, allow_empty=True),
        created=_str(obj, "created", "", fail),
        digest=digest,
        members=members,
        format_version=version,
    )
    _check_covered(obj, manifest, fail)
    return manifest


def _check_covered(obj: dict, manifest: Manifest, fail: Fail) -> None:
    """Every field must be the one the digest covers and the members and data confirm."""
    claimed = obj.get("package_digest")
    if not isinstance(claimed, str) or not SHA256_HEX.match(claimed):
        raise fail("manifest.json 缺少清单校验值（package_digest），不是本程序导出的完整提交包")
    if set(obj) != set(manifest.to_json()):
        extra = sorted(set(obj) ^ set(manifest.to_json()))
        raise fail(f"manifest.json 的字段与本程序写出的不符（{extra[0]}）")
    if obj.get("notice") != DIGEST_NOTICE:
        raise fail("manifest.json 中的说明文字被改动过")
    if obj.get("evidence_count") != len(manifest.evidence_names):
        raise fail("manifest.json 中的佐证材料数量与提交包中的文件数不符")
    if manifest.to_json()["package_digest"] != claimed or manifest.to_json() != obj:
        raise fail("清单 manifest.json 在导出后被改动过（导出时间、程序版本等与清单校验值不符）")
    try:
        created = dt.datetime.fromisoformat(manifest.created)
    except ValueError:
        raise fail("manifest.json 中的导出时间格式不正确") from None
    if created.tzinfo is None:
        raise fail("manifest.json 中的导出时间缺少时区")


def _member(raw: Any, name: str, fail: Fail) -> MemberRecord:
    obj = _dict(raw, f"members.{name}", fail)
    sha = _str(obj, "sha256", f"members.{name}", fail)
    size = obj.get("size")
    if not SHA256_HEX.match(sha):
        raise fail(f"manifest.json 中 members.{name}.sha256 不是 64 位十六进制的 SHA-256 值")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise fail(f"manifest.json 中 members.{name}.size 应为非负整数")
    return MemberRecord(sha, size)


def _dict(value: Any, where: str, fail: Fail) -> dict:
    if not isinstance(value, dict):
        raise fail("manifest.json 的顶层应为对象" if where == "顶层" else f"manifest.json 中 {where} 应为对象")
    return value


def _list(value: Any, where: str, fail: Fail) -> list:
    if not isinstance(value, list):
        raise fail(f"manifest.json 中 {where} 应为列表")
    return value


def _str(obj: Any, key: str, where: str, fail: Fail, allow_empty: bool = False) -> str:
    value = _dict(obj, where or "顶层", fail).get(key)
    path = f"{where}.{key}" if where else key
    if not isinstance(value, str) or (not value and not allow_empty):
        raise fail(f"manifest.json 中 {path} 应为{'' if allow_empty else '非空'}文字")
    return value

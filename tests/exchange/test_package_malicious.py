"""Damaged and hostile packages: each built here, refused whole with a Chinese reason, nothing written."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.errors import ImportFileError
from desktop.exchange import package, safe_zip
from tests.exchange.exchange_fixtures import (
    build_zip, central_entry, evidence_blobs, local_entry, package_members, patched, rebuild_package,
    sample_snapshot,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def good() -> bytes:
    """A valid package, as bytes (written once for the module)."""
    import tempfile
    blobs = evidence_blobs(2)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "good.zpkg"
        package.write_package(sample_snapshot(blobs), out, blobs.__getitem__, catalog.shipped())
        return out.read_bytes()


@pytest.fixture
def refused(tmp_path: Path):
    """Writes the bytes to a file, reads it expecting ImportFileError, checks nothing was written."""
    def check(data: bytes, match: str) -> ImportFileError:
        path = tmp_path / "in" / "bad.zpkg"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        before = sorted(str(p) for p in tmp_path.rglob("*"))
        with pytest.raises(ImportFileError) as info:
            package.read_package(path, catalog.shipped())
        assert re.search(match, str(info.value)), str(info.value)
        assert CJK.search(str(info.value)) and "bad.zpkg" in str(info.value)
        assert sorted(str(p) for p in tmp_path.rglob("*")) == before
        return info.value
    return check


def with_limits(monkeypatch, **changes) -> None:
    monkeypatch.setattr(package, "LIMITS", dataclasses.replace(package.LIMITS, **changes))


def test_the_good_package_reads(good, tmp_path):
    path = tmp_path / "good.zpkg"
    path.write_bytes(good)
    assert package.read_package(path, catalog.shipped()).snapshot.school.name == "城关第一学校"


# --- the zip container --------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x05\x06" + b"\x00" * 10])
def test_not_a_zip(refused, data):
    refused(data, "不是有效的 zip")


def test_truncated(refused, good):
    refused(good[:len(good) // 2], "zip|损坏")


@pytest.mark.parametrize("name, reason", [
    ("../evil.txt", "指向包外"),
    ("evidence/../../evil.txt", "指向包外"),
    ("/etc/passwd", "绝对路径"),
    ("evidence\\" + "a" * 64, "反斜杠"),
    ("C:/Windows/evil.dll", "盘符"),
    ("C:evil", "盘符"),
    ("evidence//x", "路径格式"),
    ("./data.json", "路径格式"),
    ("evidence/", "目录条目"),
    ("bad\x01name", "控制字符"),
])
def test_bad_member_names(refused, good, name, reason):
    members = package_members(good)
    refused(build_zip([*members.items(), (name, b"x")]), reason)


def test_symlink_member(refused, good):
    link = zipfile.ZipInfo("evidence/" + "a" * 64)
    link.external_attr = 0o120777 << 16  # S_IFLNK
    refused(build_zip([*package_members(good).items(), (link, b"/etc/passwd")]), "符号链接")


def test_duplicate_names(refused, good):
    members = package_members(good)
    refused(build_zip([*members.items(), ("data.json", members["data.json"])]), "重复")


def test_names_differing_only_in_case(refused, good):
    members = package_members(good)
    refused(build_zip([*members.items(), ("DATA.json", b"{}")]), "重复")


def test_too_many_members(refused, good, monkeypatch):
    with_limits(monkeypatch, max_members=3)
    refused(good, "成员.*超过上限 3")


def test_member_larger_than_allowed(refused, good, monkeypatch):
    with_limits(monkeypatch, max_member_size=1000)
    refused(good, "超过上限")


def test_total_larger_than_allowed(refused, good, monkeypatch):
    with_limits(monkeypatch, max_total_size=2000)
    refused(good, "总大小超过上限")


def test_file_larger_than_allowed(refused, good, monkeypatch):
    with_limits(monkeypatch, max_file_size=1000)
    refused(good, "文件有 .*超过上限")


def test_zip_bomb_ratio(refused, good):
    bomb = b"\x00" * (8 << 20)
    name = "evidence/" + hashlib.sha256(bomb).hexdigest()
    refused(build_zip([*package_members(good).items(), (name, bomb)]), "压缩比.*压缩炸弹")


def test_declared_size_smaller_than_content(refused, good):
    """The directory says data.json is 10 bytes; decompression must not trust more than that."""
    at = central_entry(good, "data.json")
    refused(patched(good, at + 24, 10, 4), "损坏|大小|不符")


def test_decompression_stops_past_the_declared_size(good, monkeypatch):
    """Even if a decompressor produced more than declared, reading stops one chunk later."""
    archive = safe_zip.SafeZip(good, package.LIMITS)
    declared = archive.info("data.json").file_size
    produced = []

    class Endless(io.RawIOBase):
        def read(self, n=-1):
            produced.append(n)
            return b"x" * n

        def readable(self):
            return True

    monkeypatch.setattr(archive._zip, "open", lambda info: Endless())
    with pytest.raises(ImportFileError, match="超出其声明的大小"):
        archive.read("data.json")
    assert sum(produced) <= declared + safe_zip.CHUNK
    archive.close()


def test_encrypted_member(refused, good):
    at = central_entry(good, "data.json")
    flags = int.from_bytes(good[at + 8:at + 10], "little")
    refused(patched(good, at + 8, flags | 0x1, 2), "已加密")


def test_unsupported_compression(refused, good):
    members = package_members(good)
    data = build_zip([("manifest.json", members["manifest.json"])], compression=zipfile.ZIP_BZIP2)
    refused(data, "不支持的压缩方式")


def test_overlapping_members(refused, good):
    first = local_entry(good, "data.json")
    at = central_entry(good, "manifest.json")
    refused(patched(good, at + 42, first, 4), "重叠")


def test_central_directory_claiming_too_many_entries(refused, good):
    end = good.rfind(b"PK\x05\x06")
    refused(patched(patched(good, end + 8, 60000, 2), end + 10, 60000, 2), "超过上限|损坏")


def test_manifest_member_damaged(refused, good):
    at = local_entry(good, "manifest.json")
    name_length = int.from_bytes(good[at + 26:at + 28], "little")
    extra = int.from_bytes(good[at + 28:at + 30], "little")
    start = at + 30 + name_length + extra + 5
    refused(good[:start] + bytes([good[start] ^ 0xFF]) + good[start + 1:], "损坏")


# --- the manifest -------------------------------------------------------------------------------

def test_missing_manifest(refused, good):
    members = package_members(good)
    del members["manifest.json"]
    refused(build_zip(list(members.items())), "缺少 manifest.json")


@pytest.mark.parametrize("text, reason", [
    (b"not json", "不是有效的 JSON"),
    (b"\xef\xbb\xbf{}", "不是有效的 JSON"),
    (b"\xff\xfe{", "UTF-8"),
    (b'{"format": 1, "format": 2}', "重复"),
    (b'{"x": NaN}', "NaN"),
    (b"[" * 100_000, "嵌套|JSON"),
    (b"[]", "顶层应为对象"),
])
def test_manifest_not_strict_json(refused, good, text, reason):
    members = package_members(good)
    refused(build_zip(list({**members, "manifest.json": text}.items())), reason)


@pytest.mark.parametrize("edit, reason", [
    (lambda m: m.update(format_version=2), "格式版本 2 不受支持.*升级"),
    (lambda m: m.update(format_version=0), "格式版本 0 不受支持"),
    (lambda m: m.update(format_version="1"), "format_version 应为整数"),
    (lambda m: m.update(format_version=True), "format_version 应为整数"),
    (lambda m: m.update(format="zip"), "format 字段不符"),
    (lambda m: m.update(members=[]), "members 应为对象"),
    (lambda m: m["members"]["data.json"].update(size="12"), "size 应为非负整数"),
    (lambda m: m["members"]["data.json"].update(sha256="xyz"), "sha256 不是"),
    (lambda m: m.update(school="城关"), "school 应为对象"),
    (lambda m: m.update(checklists={"yzjh": "2025.1"}), "checklists 应为列表"),
    (lambda m: m.update(digest=12), "digest 应为非空文字"),
    (lambda m: m.update(period=""), "period 应为非空文字"),
    (lambda m: m["school"].update(name="别的学校"), "学校名称与 data.json 不一致"),
    (lambda m: m.update(period="2024年度"), "评估周期与 data.json 不一致"),
])
def test_manifest_fields_are_checked(refused, good, edit, reason):
    refused(rebuild_package(package_members(good), manifest_edit=edit), reason)


# --- members against the manifest ---------------------------------------------------------------

def test_member_changed_after_export(refused, good):
    members = package_members(good)
    name = next(n for n in members if n.startswith("evidence/"))
    members[name] = members[name][:-1] + b"?"
    refused(rebuild_package(members, rehash=False), "SHA-256 不符")


def test_evidence_name_is_not_its_hash(refused, good):
    members = package_members(good)
    name = next(n for n in members if n.startswith("evidence/"))
    members[name] = b"other content"
    refused(rebuild_package(members), "文件名与其内容的 SHA-256 不符")


def test_evidence_missing(refused, good):
    members = package_members(good)
    del members[next(n for n in members if n.startswith("evidence/"))]
    refused(rebuild_package(members), "不在提交包中")


def test_evidence_not_referenced(refused, good):
    blob = b"a file nobody attached"
    members = {**package_members(good), f"evidence/{hashlib.sha256(blob).hexdigest()}": blob}
    refused(rebuild_package(members), "不属于任何佐证材料")


def test_unknown_member(refused, good):
    refused(rebuild_package({**package_members(good), "readme.txt": b"hi"}), "不认识的成员")


def test_member_listed_but_absent(refused, good):
    members = package_members(good)
    name = next(n for n in members if n.startswith("evidence/"))
    record = json.loads(members["manifest.json"])["members"][name]
    del members[name]
    refused(rebuild_package(members, manifest_edit=lambda m: m["members"].update({name: record})),
            "不在提交包中")


def test_member_not_listed(refused, good):
    members = package_members(good)
    name = next(n for n in members if n.startswith("evidence/"))
    refused(rebuild_package(members, manifest_edit=lambda m: m["members"].pop(name)), "未列在清单中")


# --- data.json ----------------------------------------------------------------------------------

def edit_data(good: bytes, change) -> dict[str, bytes]:
    members = package_members(good)
    data = json.loads(members["data.json"])
    change(data)
    members["data.json"] = json.dumps(data, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":")).encode()
    return members


def test_data_changed_after_export(refused, good):
    members = edit_data(good, lambda d: d["answers"]["yzjh"].update(students_primary=1001))
    refused(rebuild_package(members), "数据指纹与清单不符")


def test_data_and_digest_both_changed_still_cannot_pass_as_the_original(refused, good, tmp_path):
    """Anyone can recompute a digest: the package then reads, but with a different fingerprint."""
    original = json.loads(package_members(good)["manifest.json"])["digest"]
    members = edit_data(good, lambda d: d["answers"]["yzjh"].update(students_primary=1001))
    new_digest = hashlib.sha256(members["data.json"]).hexdigest()
    path = tmp_path / "forged.zpkg"
    path.write_bytes(rebuild_package(members, manifest_edit=lambda m: m.update(digest=new_digest)))
    read = package.read_package(path, catalog.shipped())
    assert read.digest == new_digest != original


def test_data_not_canonical(refused, good):
    members = package_members(good)
    data = json.loads(members["data.json"])
    members["data.json"] = json.dumps(data, ensure_ascii=False, indent=1).encode()
    digest = json.loads(package_members(good)["manifest.json"])["digest"]
    refused(rebuild_package(members, manifest_edit=lambda m: m.update(digest=digest)), "不是规范格式")


@pytest.mark.parametrize("change, reason", [
    (lambda d: d["school"].update(boarding="是"), "school.boarding"),
    (lambda d: d.update(format=2), "数据格式版本"),
    (lambda d: d["answers"]["yzjh"].update(students_primary="很多"), "小学在校生数"),
    (lambda d: d.update(evidence={}), "evidence 应为列表"),
    (lambda d: d["answers"].update(zzz={}), "zzz"),
])
def test_wrong_types_in_data(refused, good, change, reason):
    refused(rebuild_package(edit_data(good, change)), reason)


def test_duplicate_keys_in_data(refused, good):
    members = package_members(good)
    members["data.json"] = members["data.json"][:-1] + ',"period":"2024年度"}'.encode()
    refused(rebuild_package(members), "重复")

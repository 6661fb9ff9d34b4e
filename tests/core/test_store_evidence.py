"""Evidence files: stored once by SHA-256, removed only when nothing uses them, size-limited."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.core.assessment import School
from desktop.core.errors import StoreError
from desktop.core.store import MAX_EVIDENCE_BYTES, MAX_IMAGE_SIDE, AnswerStore, can_downscale

CHECKLISTS = [("yzjh", "2025.1")]


@pytest.fixture
def store():
    with AnswerStore.open() as s:
        yield s


def two_schools(store: AnswerStore) -> tuple[int, int]:
    """Two assessments (of two schools, so neither is archived)."""
    ids = []
    for n in (1, 2):
        school = store.add_school(School(f"学校{n}", "小学", code=f"100000000{n}"))
        ids.append(store.create_assessment(school, "2025年度", CHECKLISTS))
    return ids[0], ids[1]


def photo(tmp_path: Path, name: str = "操场.jpg", content: bytes = b"\xff\xd8 photo bytes") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_file_is_copied_under_its_hash_with_its_details(store: AnswerStore, tmp_path: Path):
    a, _ = two_schools(store)
    source = photo(tmp_path)
    e = store.add_evidence(a, "yzjh", "sports_area_m2", source, caption="塑胶跑道",
                           taken_on="2025-10-08", archive="留校备查", code="R5-1")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    assert (e.sha256, e.name, e.size, e.caption, e.taken_on, e.archive, e.pages, e.code) == (
        sha, "操场.jpg", source.stat().st_size, "塑胶跑道", "2025-10-08", "留校备查", 1, "R5-1")
    stored = store.evidence_file(sha)
    assert stored.parent == store.data_dir / "evidence" and stored.name == f"{sha}.jpg"
    assert stored.read_bytes() == source.read_bytes()
    source.unlink()  # the store keeps its own copy
    assert store.evidence(a) == [e]


def test_identical_content_is_stored_once(store: AnswerStore, tmp_path: Path):
    a, b = two_schools(store)
    first = store.add_evidence(a, "yzjh", "x", photo(tmp_path, "一.jpg"))
    second = store.add_evidence(b, "yzjh", "y", photo(tmp_path, "二.jpg"))
    again = store.add_evidence(a, "yzjh", "x", photo(tmp_path, "三.jpg"))  # same item, same content
    assert first.sha256 == second.sha256 and again == first
    assert len(list((store.data_dir / "evidence").iterdir())) == 1
    assert [e.name for e in store.evidence(a)] == ["一.jpg"]


def test_removal_keeps_a_file_another_assessment_uses(store: AnswerStore, tmp_path: Path):
    a, b = two_schools(store)
    sha = store.add_evidence(a, "yzjh", "x", photo(tmp_path)).sha256
    store.add_evidence(b, "yzjh", "y", photo(tmp_path))
    store.remove_evidence(a, "yzjh", "x", sha)
    assert store.evidence(a) == [] and store.evidence_file(sha).exists()
    store.remove_evidence(b, "yzjh", "y", sha)
    assert not list((store.data_dir / "evidence").iterdir())
    with pytest.raises(StoreError, match="佐证材料文件缺失"):
        store.evidence_file(sha)


def test_removal_keeps_a_file_a_backup_uses_until_restored(store: AnswerStore, tmp_path: Path):
    a, _ = two_schools(store)
    sha = store.add_evidence(a, "yzjh", "x", photo(tmp_path)).sha256
    backup = store.backup()
    store.remove_evidence(a, "yzjh", "x", sha)
    path = store.evidence_file(sha)
    store.close()
    AnswerStore.restore(store.data_dir, backup)
    with AnswerStore.open(store.data_dir) as restored:
        assert [e.sha256 for e in restored.evidence(a)] == [sha]
        assert restored.evidence_file(sha) == path and path.exists()


def test_files_of_a_deleted_assessment_go_when_unused(store: AnswerStore, tmp_path: Path):
    a, b = two_schools(store)
    shared = store.add_evidence(a, "yzjh", "x", photo(tmp_path)).sha256
    store.add_evidence(b, "yzjh", "x", photo(tmp_path))
    own = store.add_evidence(a, "yzjh", "x", photo(tmp_path, "b.png", b"other")).sha256
    store.delete_assessment(a)
    assert store.evidence_file(shared).exists()
    with pytest.raises(StoreError):
        store.evidence_file(own)


def test_the_size_limit_is_checked_before_copying(store: AnswerStore, tmp_path: Path):
    a, _ = two_schools(store)
    big = tmp_path / "扫描件.pdf"
    with big.open("wb") as f:
        f.truncate(MAX_EVIDENCE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(StoreError, match="「扫描件.pdf」有 50.0 MB，超过每个佐证材料 50 MB 的上限"):
        store.add_evidence(a, "yzjh", "x", big)
    assert store.evidence(a) == []
    assert not (store.data_dir / "evidence").exists() or not list((store.data_dir / "evidence").iterdir())


def test_bad_details_are_refused(store: AnswerStore, tmp_path: Path):
    a, _ = two_schools(store)
    with pytest.raises(StoreError, match="归档方式应为 随报、留校备查 之一"):
        store.add_evidence(a, "yzjh", "x", photo(tmp_path), archive="存档")
    with pytest.raises(StoreError, match="拍摄日期应为日期"):
        store.add_evidence(a, "yzjh", "x", photo(tmp_path), taken_on="去年")
    with pytest.raises(StoreError, match="无法读取文件"):
        store.add_evidence(a, "yzjh", "x", tmp_path / "不存在.jpg")


def test_pdf_pages_are_counted(store: AnswerStore, tmp_path: Path):
    a, _ = two_schools(store)
    pdf = tmp_path / "制度.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj <</Type /Pages /Count 3>>\n" +
                    b"2 0 obj <</Type /Page>>\n3 0 obj <</Type/Page>>\n4 0 obj <</Type /Page >>\n")
    assert store.add_evidence(a, "yzjh", "x", pdf).pages == 3


def test_update_evidence_details(store: AnswerStore, tmp_path: Path):
    a, _ = two_schools(store)
    e = store.add_evidence(a, "yzjh", "x", photo(tmp_path))
    changed = type(e)(**{**vars(e), "caption": "新说明", "archive": "留校备查", "code": "R1-2"})
    store.update_evidence(a, changed)
    assert store.evidence(a) == [changed]


@pytest.mark.skipif(not can_downscale(), reason="Pillow is not installed")
def test_large_photos_are_downscaled_on_request(store: AnswerStore, tmp_path: Path):
    from PIL import Image
    a, _ = two_schools(store)
    source = tmp_path / "全景.jpg"
    Image.new("RGB", (3600, 1800), (30, 120, 60)).save(source, "JPEG", quality=95)
    kept = store.add_evidence(a, "yzjh", "x", source)
    small = store.add_evidence(a, "yzjh", "y", source, downscale=True)
    with Image.open(store.evidence_file(kept.sha256)) as img:
        assert img.size == (3600, 1800)
    with Image.open(store.evidence_file(small.sha256)) as img:
        assert img.size == (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE // 2) and img.format == "JPEG"
    assert small.name == "全景.jpg" and small.size < kept.size


@pytest.mark.skipif(not can_downscale(), reason="Pillow is not installed")
def test_small_photos_are_kept_as_they_are(store: AnswerStore, tmp_path: Path):
    from PIL import Image
    a, _ = two_schools(store)
    source = tmp_path / "小图.png"
    Image.new("RGB", (800, 600), (200, 10, 10)).save(source, "PNG")
    e = store.add_evidence(a, "yzjh", "x", source, downscale=True)
    assert e.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()

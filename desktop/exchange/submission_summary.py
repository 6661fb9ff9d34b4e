"""A verified submission package described in Chinese: who, which period, verdicts, evidence, digest."""

from __future__ import annotations

from desktop.core.catalog import Catalog
from desktop.core.engine import Status
from desktop.core.snapshot_json import short_fingerprint
from desktop.exchange.manifest import DIGEST_NOTICE
from desktop.exchange.package import Submission
from desktop.exchange.safe_zip import size_text


def summary_lines(submission: Submission, catalog: Catalog) -> list[str]:
    """What `verify` prints for an intact package (results judged by the shipped checklists)."""
    s, m = submission.snapshot, submission.manifest
    school = s.school
    lines = [
        "提交包完好：每个文件的 SHA-256 都与清单相符，数据指纹与数据一致。",
        f"学校：{school.name}（学校标识码 {school.code or '未填写'}，{school.type}）",
        f"评估周期：{s.period}　数据日期：{s.data_date or '未填写'}　填报状态：{s.status}",
        f"地方标准：{_overlay(s.overlay, catalog)}",
        "检查表与结论：",
    ]
    results = s.evaluate(catalog)
    for checklist_id, version in s.checklists:
        result = results[checklist_id]
        c = result.checklist
        counts = "，".join(f"{st.label} {result.counts[st.value]}" for st in Status
                          if result.counts[st.value])
        moved = "" if c.version == version else f"；按本程序的 {c.version} 版评判"
        lines.append(f"  {c.title}（{checklist_id} {version}{moved}）：{result.verdict}（{counts}）")
    files = len(m.evidence_names)
    lines += [
        f"佐证材料：{len(s.evidence)} 项，{files} 个文件，共 {size_text(submission.evidence_bytes)}",
        f"数据指纹：{short_fingerprint(m.digest)}（SHA-256：{m.digest}）",
        f"导出时间：{m.created}　导出程序版本：{m.app_version}",
        f"说明：{DIGEST_NOTICE}",
    ]
    return lines


def _overlay(overlay_id: str, catalog: Catalog) -> str:
    if not overlay_id:
        return "无"
    overlay = catalog.overlays.get(overlay_id)
    return f"{overlay.title}（{overlay_id}）" if overlay else overlay_id

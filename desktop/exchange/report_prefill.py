"""The 填写说明 paragraph naming the answers filled in from the statistical return (基层表).

Kept apart from report_cover so the cover's layout can change without touching this; the text is
a constant (not a label) because a county's own labels file, written before this existed, must
keep working.
"""

from __future__ import annotations

from desktop.exchange.report_context import ReportContext

PREFILLED = ("以下 {count} 项数据由本程序从学校上报的{origin}中读取填入，括号内为所取的表号和栏目；"
             "督导组可据报表逐项核对：{items}。")
ORIGIN = "教育事业统计基层表"


def prefilled_paragraph(ctx: ReportContext) -> str:
    """The paragraph, or "" when no printed answer came from the return (or was changed since)."""
    entries = [(cid, item_id, source) for (cid, item_id), source in ctx.snapshot.answer_sources.items()
               if cid in ctx.results and ctx.results[cid].checklist.has_item(item_id)]
    if not entries:
        return ""
    entries.sort(key=lambda e: (list(ctx.results).index(e[0]), _order(ctx, e[0], e[1])))
    prefixes = {source.split("基层表 ", 1)[0] for _c, _i, source in entries}
    common = prefixes.pop() if len(prefixes) == 1 else ""
    origin = f"{common.strip()}{ORIGIN}" if common else ORIGIN
    items = "；".join(
        f"{ctx.codes.item_code(cid, item_id)} {ctx.results[cid].checklist.item(item_id).title}"
        f"（{source.split('基层表 ', 1)[1] if common else source}）"
        for cid, item_id, source in entries)
    return PREFILLED.format(count=len(entries), origin=origin, items=items)


def _order(ctx: ReportContext, checklist_id: str, item_id: str) -> int:
    items = ctx.results[checklist_id].checklist.items
    return next((n for n, item in enumerate(items) if item.id == item_id), len(items))

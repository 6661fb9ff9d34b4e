"""`demo`: fill the data directory with the example school 城关镇第一学校 (two periods)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop import paths

if TYPE_CHECKING:  # imported when the command runs: every command's parser is built at start-up
    from desktop.core.demo import DemoResult
    from desktop.core.store import AnswerStore


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="创建示例数据（一所示例学校，2024、2025 两个年度）")
    parser.add_argument("--school-type", default="九年一贯制",
                        choices=("九年一贯制", "小学", "初中", "完全中学", "十二年一贯制", "幼儿园"),
                        help="示例学校的类型（默认 九年一贯制：城关镇第一学校）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.core.demo import create_demo
    from desktop.core.demo_schools import demo_school
    from desktop.core.store import AnswerStore
    data_dir = paths.init(args.data_dir)
    school = demo_school(args.school_type).school
    with AnswerStore.open(data_dir) as store:
        if any(s.code == school.code for _, s in store.schools()):
            print(f"示例数据已存在于 {data_dir}（学校「{school.name}」），未重复创建。")
            return 0
        result = create_demo(store, school_type=args.school_type)
        print_result(result, store)
    return 0


def print_result(r: "DemoResult", store: "AnswerStore") -> None:
    SCHOOL = store.school(r.school_id)
    print(f"已在 {store.data_dir} 创建示例数据：")
    print(f"  学校：{SCHOOL.name}（{SCHOOL.locale}{SCHOOL.ownership}{SCHOOL.type}，学校标识码 {SCHOOL.code}）")
    overlay = f"，地方标准 {r.overlay}" if r.overlay else ""
    print(f"  评估：2025年度（编号 {r.assessment_id}，填报中）；2024年度（编号 {r.previous_id}，已归档只读）")
    print(f"  检查表：{'、'.join(f'{c}（{v}）' for c, v in r.checklists)}{overlay}")
    print(f"  答案 {r.answers} 项，其中待复核 {r.pending_review} 项；整改措施 {r.plans} 条；佐证材料 {r.evidence} 个")
    print(f"  未达标项（{len(r.unmet)}，为演示整改而设）：")
    for title in r.unmet:
        print(f"    - {title}")

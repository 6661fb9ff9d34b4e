"""README's performance table from `bench/run.py --json` output.

    python bench/run.py --quick --json > after.json
    python scripts/bench_table.py after.json [--before bench/results/before.json] [--write-readme]

Prints the Markdown table (with a 「改进前」 column when --before is given); --write-readme replaces
the table under README's 「## 性能」 heading, leaving the rest of the file as it is.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The rows README shows, in this order; other figures in the JSON are details.
ROWS = ("startup", "memory", "edit", "report", "district", "verify", "import")


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:.{digits}f} {unit}"


def ratio_text(figure: dict) -> str:
    ratio = figure.get("ratio")
    if ratio is None:
        return "—"
    if figure["id"] == "report" and ratio < 1:
        return f"快 {1 / ratio:.1f} 倍"
    return f"×{ratio:.2f}"


def table(figures: list[dict], before: list[dict] | None = None) -> str:
    by_id = {f["id"]: f for f in figures}
    old = {f["id"]: f for f in before or []}
    head = "| 项目 | 本程序 | 对照（同一次运行） | 倍数 |"
    rule = "|---|---|---|---|"
    if before is not None:
        head, rule = head + " 改进前（本程序 / 倍数） |", rule + "---|"
    lines = [head, rule]
    for key in ROWS:
        f = by_id.get(key)
        if f is None:
            continue
        peer = f"{f['peer']} {amount(f['peer_value'], f['unit'])}" if f.get("peer") else "—"
        row = f"| {f['name']} | {amount(f['value'], f['unit'])} | {peer} | {ratio_text(f)} |"
        if before is not None:
            b = old.get(key)
            row += (f" {amount(b['value'], b['unit'])} / {ratio_text(b)} |" if b else " — |")
        lines.append(row)
    return "\n".join(lines)


def replace_readme_table(readme: Path, text: str) -> None:
    """Swaps the first Markdown table after the 「## 性能」 heading for `text`."""
    source = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"(## 性能[^\n]*\n\n)((?:\|[^\n]*\n)+)")
    if not pattern.search(source):
        raise SystemExit("README.md 中没有找到「## 性能」下的表格")
    readme.write_text(pattern.sub(lambda m: m.group(1) + text + "\n", source, count=1), encoding="utf-8")


def load(path: str) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["figures"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", help="output of bench/run.py --json ('-' for stdin)")
    parser.add_argument("--before", help="an earlier --json output to show beside it")
    parser.add_argument("--write-readme", action="store_true", help="replace README's table")
    args = parser.parse_args(argv)
    figures = json.load(sys.stdin)["figures"] if args.json == "-" else load(args.json)
    text = table(figures, load(args.before) if args.before else None)
    if args.write_readme:
        replace_readme_table(ROOT / "README.md", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`python -m desktop supervisor …`: roster, import, list, notice and visit on the command line."""

from __future__ import annotations

import json
import subprocess
import sys

from desktop.cli import main
from tests.supervisor.factories import school, snapshot, tamper, write
from tests.supervisor.test_roster import GOOD, xlsx


def run(capsys, data, *argv):
    code = main(["supervisor", *argv, "--data-dir", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_round_from_roster_to_notice(tmp_path, capsys):
    data, inbox = tmp_path / "数据", tmp_path / "收件箱"
    roster = xlsx(tmp_path / "名单.xlsx", GOOD)
    code, out, _ = run(capsys, data, "roster", str(roster))
    assert code == 0 and "4 所学校" in out and "尚未提交的 4 所" in out

    write(snapshot(school("城关镇第一学校", "2144190001", "九年一贯制"), fail=2), inbox)
    write(snapshot(school("城南小学", "2144190002")), inbox)
    tamper(write(snapshot(school("东山教学点")), inbox))
    code, out, _ = run(capsys, data, "import", str(inbox))
    assert code == 1  # one package failed verification
    assert "城关镇第一学校.zpkg：已导入" in out and "东山教学点.zpkg：校验失败：" in out
    assert "共 3 个：已导入 2，校验失败 1" in out

    again = write(snapshot(school("城南小学", "2144190002"), fail=1), tmp_path / "补报")
    code, out, _ = run(capsys, data, "import", str(again))
    assert code == 1 and "重复" in out and "--replace" in out
    code, out, _ = run(capsys, data, "import", str(again), "--replace")
    assert code == 0 and "已替换" in out

    code, out, _ = run(capsys, data, "list", "--json")
    listed = json.loads(out)
    assert listed["counts"] == {"未提交": 1, "已提交": 2, "校验失败": 1, "需复核": 0, "不在名单内": 0}
    first = listed["schools"][0]
    assert first["name"] == "城关镇第一学校" and first["unmet"] == 2 and len(first["digest"]) == 64
    code, out, _ = run(capsys, data, "list", "--status", "校验失败")
    assert "[校验失败]  东山教学点" in out and "SHA-256" in out and "城南小学" not in out

    pdf = tmp_path / "通知书.pdf"
    code, _, err = run(capsys, data, "notice", "2144190001", "--out", str(pdf), "--date", "2025-12-01")
    assert code == 2 and "请用 --issuer 指定发文机关" in err and not pdf.exists()
    code, out, _ = run(capsys, data, "notice", "2144190001", "--out", str(pdf), "--date",
                       "2025-12-01", "--deadline-days", "20", "--inspector", "张督学",
                       "--issuer", "示范县人民政府教育督导室")
    assert code == 0 and "已生成整改通知书 示范督整〔2025〕第 1 号" in out and "2025-12-21" in out
    assert pdf.read_bytes().startswith(b"%PDF")
    code, out, _ = run(capsys, data, "notice", "城关镇第一学校", "--out", str(pdf))
    assert "已重新打印整改通知书 示范督整〔2025〕第 1 号" in out
    code, out, _ = run(capsys, data, "notice", "城关镇第一学校", "--out", str(pdf), "--new",
                       "--date", "2025-12-02")
    assert "示范督整〔2025〕第 2 号" in out  # the office was remembered


def test_visit_forms_blank_and_recorded(tmp_path, capsys):
    data = tmp_path / "数据"
    run(capsys, data, "roster", str(xlsx(tmp_path / "名单.xlsx", GOOD)))
    code, out, _ = run(capsys, data, "visit", "城南小学", "--out", str(tmp_path / "空白.pdf"))
    assert code == 0 and "空白督导记录表（城南小学）" in out and "共 1 页" in out
    code, out, _ = run(capsys, data, "visit", "2144190002", "--out", str(tmp_path / "记录.pdf"),
                       "--date", "2025-12-03", "--inspector", "张督学", "--methods", "听课，实地查看",
                       "--problems", "留样记录缺两天", "--head", "王校长")
    assert code == 0 and "已记下督导记录 〔2025〕第 1 号" in out
    code, out, _ = run(capsys, data, "visit", "2144190002", "--out", str(tmp_path / "再印.pdf"))
    assert "督导记录 〔2025〕第 1 号" in out
    code, _, err = run(capsys, data, "visit", "2144190002", "--out", str(tmp_path / "x.pdf"),
                       "--date", "12月3日")
    assert code == 2 and "督导日期应为日期" in err


def test_user_errors_are_one_chinese_sentence(tmp_path, capsys):
    data = tmp_path / "数据"
    code, _, err = run(capsys, data, "notice", "不存在小学", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and err.startswith("错误：") and "没有学校「不存在小学」" in err
    code, _, err = run(capsys, data, "roster", str(tmp_path / "无.xlsx"))
    assert code == 2 and "找不到文件" in err


def test_the_command_runs_as_a_module(tmp_path):
    out = subprocess.run([sys.executable, "-m", "desktop", "supervisor", "list", "--data-dir",
                          str(tmp_path / "d")], capture_output=True, text=True, check=True).stdout
    assert out.startswith("未提交 0，已提交 0")

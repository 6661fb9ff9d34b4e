"""The command line as a user runs it: exit codes and Chinese messages."""

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60)


def test_list_json_names_the_four_checklists():
    out = run("checklists", "list", "--json")
    assert out.returncode == 0, out.stderr
    ids = {c["id"] for c in json.loads(out.stdout)["checklists"]}
    assert {"yzjh", "xqph", "xyaq", "spaq"} <= ids


def test_validate_shipped_is_clean():
    out = run("checklists", "validate")
    assert out.returncode == 0, out.stderr
    assert "校验通过" in out.stdout


def test_validate_bad_file_lists_every_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nversion = "1"\ntitle = "t"\napplies_to = ["小学"]\nsource = "s"\n'
                   '[[sections]]\nid = "s1"\ntitle = "一"\n'
                   '[[items]]\nid = "a"\nsection = "s2"\ntitle = "甲"\ntype = "nope"\nsource = "s"\n',
                   encoding="utf-8")
    out = run("checklists", "validate", str(bad))
    assert out.returncode == 1
    assert "bad.toml，条目 a" in out.stderr and "答题类型「nope」无效" in out.stderr
    assert "所属分区「s2」不存在" in out.stderr and "发现 2 处问题" in out.stderr


def test_validate_missing_file(tmp_path):
    out = run("checklists", "validate", str(tmp_path / "none.toml"))
    assert out.returncode == 2 and "找不到文件" in out.stderr


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data,
                    encoding="utf-8")
    return path


def test_evaluate_json_has_the_indicator_shape(tmp_path):
    path = write(tmp_path, {"checklist": "yzjh", "school": {"type": "九年一贯制"}, "answers": {
        "students_primary": 1000, "students_junior": 800, "pe_art_teachers_primary": 9,
        "multimedia_rooms": 40}})
    out = run("evaluate", str(path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["verdict"] == "未完成"
    r3 = data["stages"]["primary"]["indicators"]["R3"]
    assert r3["value"] == 0.9 and r3["met"] is True and r3["threshold"] == 0.9
    r7 = data["stages"]["primary"]["indicators"]["R7"]
    assert r7["met"] is False and r7["gap"] == 4
    assert {i["id"] for i in data["items"]} >= {"students_primary", "multimedia_rooms"}
    assert set(data["items"][0]) >= {"id", "status", "value", "threshold", "gap"}


def test_evaluate_text_output(tmp_path):
    path = write(tmp_path, {"checklist": "yzjh", "school": {"type": "小学"},
                            "answers": {"students_primary": 1000, "multimedia_rooms": 22}})
    out = run("evaluate", str(path))
    assert out.returncode == 0
    assert "结论：未完成" in out.stdout and "R7" in out.stdout


def test_evaluate_with_overlay_unknown(tmp_path):
    path = write(tmp_path, {"checklist": "yzjh", "school": {"type": "小学"}, "answers": {}})
    out = run("evaluate", str(path), "--overlay", "zz")
    assert out.returncode == 2 and "没有编号为「zz」的地方标准" in out.stderr


def test_evaluate_bad_inputs_name_the_field(tmp_path):
    cases = [
        ("{not json", "不是有效的 JSON"),
        ({"school": {"type": "小学"}}, "checklist"),
        ({"checklist": "nope", "school": {"type": "小学"}}, "没有编号为「nope」的检查表"),
        ({"checklist": "yzjh", "school": {"type": "大学"}}, "school.type"),
        ({"checklist": "yzjh", "school": {"type": "幼儿园"}}, "不适用于幼儿园"),
        ({"checklist": "yzjh", "school": {"type": "小学", "locale": "郊区"}}, "school.locale"),
        ({"checklist": "yzjh", "school": {"type": "小学"}, "answers": {"students_primary": -5}},
         "小学在校生数"),
        ({"checklist": "yzjh", "school": {"type": "小学"}, "answers": {"foo": 1}}, "没有条目「foo」"),
        ({"checklist": "yzjh", "school": {"type": "小学"}, "answers": [1]}, "answers"),
    ]
    for data, words in cases:
        out = run("evaluate", str(write(tmp_path, data)))
        assert out.returncode == 2, (data, out.stdout)
        assert words in out.stderr, (data, out.stderr)
        assert out.stderr.startswith("错误：") and "Traceback" not in out.stderr


def test_evaluate_missing_file(tmp_path):
    out = run("evaluate", str(tmp_path / "nope.json"))
    assert out.returncode == 2 and "找不到文件" in out.stderr


# ---- checklists audit: the open questions one command away ------------------------------------

def test_audit_lists_open_questions_first_in_chinese():
    out = run("checklists", "audit", "xqph")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("== 检查表：学前教育普及普惠（xqph")
    marks = [line.strip()[:5] for line in lines if line.strip().startswith("【")]
    assert marks and marks[0] == "【待核实】" and "【已核实】" in marks
    assert marks.index("【已核实】") == marks.count("【待核实】")  # all open ones come first
    assert "依据：《托儿所幼儿园卫生保健管理办法》（卫生部 教育部令第76号）第十二条" in out.stdout
    assert "说明：只记录、不判定：1:15" in out.stdout
    assert lines[-1].startswith("合计：待核实 ")


def test_audit_json_counts_match_the_definitions():
    data = json.loads(run("checklists", "audit", "--json").stdout)
    groups = {g["id"]: g for g in data["groups"]}
    assert {"yzjh", "xqph", "xyaq", "spaq", "gd/yzjh", "gd/xqph", "county"} <= set(groups)
    assert data["open_questions"] == sum(g["open"] for g in data["groups"]) > 0
    for group in data["groups"]:
        opened = [e for e in group["entries"] if e["open"]]
        assert group["entries"][:len(opened)] == opened, group["id"]
        assert all(e["confidence"] in ("V2", "M") for e in opened)
    child_ratio = next(e for e in groups["xqph"]["entries"] if e["id"] == "children_per_teacher")
    assert child_ratio["open"] and "河南" in child_ratio["note"] and "河南" not in child_ratio["basis"]
    health = next(e for e in groups["xqph"]["entries"] if e["id"] == "health_staff_small")
    assert health["confidence"] == "V" and health["code"].count(".") == 1


def test_audit_of_an_overlay_and_an_unknown_name():
    data = json.loads(run("checklists", "audit", "gd", "--json").stdout)
    assert {g["id"] for g in data["groups"]} == {"gd/spaq", "gd/yzjh", "gd/xqph", "gd/xyaq"}
    pe = next(e for g in data["groups"] for e in g["entries"] if e["id"] == "gd_pe_activity_hours")
    assert pe["basis"] == "《源城区教育局2025年工作要点》（五）"
    bad = run("checklists", "audit", "abc")
    assert bad.returncode == 2 and "没有编号为「abc」" in bad.stderr and "yzjh" in bad.stderr

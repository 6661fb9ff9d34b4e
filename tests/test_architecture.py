"""The domain core stays free of Qt (and of the PDF/Excel libraries), so it runs anywhere."""

import subprocess
import sys

CORE_MODULES = [
    "desktop.core.catalog", "desktop.core.engine", "desktop.core.loader", "desktop.core.formula",
    "desktop.core.resources", "desktop.core.answers", "desktop.core.evaluation_json",
]


def imported_after(modules: list[str]) -> set[str]:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_core_imports_without_qt_pdf_or_excel():
    loaded = imported_after(CORE_MODULES)
    for heavy in ("PySide6", "reportlab", "openpyxl"):
        assert not any(m == heavy or m.startswith(heavy + ".") for m in loaded), heavy


def test_command_line_parser_does_not_pull_in_qt():
    loaded = imported_after(["desktop.cli"])
    code = "import desktop.cli as c; c.build_parser()"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert not any(m.startswith("PySide6") for m in loaded)


def test_no_eval_or_exec_in_the_package():
    """Definition files are data: nothing in the app calls eval, exec or compile."""
    import ast
    from pathlib import Path
    import desktop
    for path in Path(desktop.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n.func.id for n in ast.walk(tree)
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                 and n.func.id in ("eval", "exec", "compile", "__import__")]
        assert not calls, f"{path}: {calls}"

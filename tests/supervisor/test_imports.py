"""The workspace core stays free of Qt, and of reportlab and openpyxl until a PDF or a roster is made."""

import subprocess
import sys


def test_workspace_imports_without_qt_pdf_or_excel():
    code = ("import sys\nimport desktop.supervisor.workspace, desktop.supervisor.follow_up\n"
            "print('\\n'.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    for heavy in ("PySide6", "reportlab", "openpyxl"):
        assert not any(m == heavy or m.startswith(heavy + ".") for m in loaded), heavy

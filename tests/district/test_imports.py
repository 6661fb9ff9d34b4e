"""The statistics core runs without Qt, reportlab or openpyxl; only the writers pull them in."""

import subprocess
import sys

CORE = ["desktop.district.cv", "desktop.district.schools", "desktop.district.summary",
        "desktop.district.whatif", "desktop.district.preschool", "desktop.district.resource_table",
        "desktop.district.kindergarten_table", "desktop.district.sources",
        "desktop.district.report_json", "desktop.district.report_text",
        "desktop.commands.district_stats", "desktop.commands.preschool_stats"]


def test_core_modules_do_not_import_heavy_libraries():
    code = "import sys\n" + "".join(f"import {m}\n" for m in CORE) + "print('\\n'.join(sys.modules))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    for heavy in ("PySide6", "reportlab", "openpyxl"):
        assert not any(m == heavy or m.startswith(heavy + ".") for m in loaded), heavy

#!/usr/bin/env bash
# Step 4: the pinned win_amd64 wheels (requirements-win.txt, checked by hash), downloaded on Linux
# and installed into the prefix's Windows Python, after the test prefix's Python-level stand-ins
# for Wine 8.0 (wine-compat/sitecustomize.py), which PyInstaller never puts into the program.
source "$(dirname "$0")/common.sh"
WHEELS=$WIN/wheels
mkdir -p "$WHEELS"
"$HOST_PYTHON" -m pip download -q --only-binary=:all: --platform win_amd64 --python-version 3.13 \
    --implementation cp --abi cp313 --abi abi3 --abi none --require-hashes \
    -r "$HERE/requirements-win.txt" -d "$WHEELS" >"$LOGS/pip-download.log" 2>&1 \
    || fail "下载 Windows 软件包失败（见 $LOGS/pip-download.log）"
cp "$HERE/requirements-win.txt" "$WHEELS/requirements.txt"
# First, as pip itself asks platform about the system.
cp "$HERE/wine-compat/sitecustomize.py" "$DRIVE_C/cp313/Lib/site-packages/"
wpy -m pip install -q --no-warn-script-location --no-index --require-hashes \
    --find-links "$(winpath "$WHEELS")" -r "$(winpath "$WHEELS/requirements.txt")" \
    >"$LOGS/pip-install.log" 2>&1 || fail "安装 Windows 软件包失败（见 $LOGS/pip-install.log）"
out=$(wpy -c "import PySide6, pytest, PyInstaller, reportlab, pypdf; print('ok', PySide6.__version__)")
echo "Windows Python 的软件包：$out"
[[ $out == ok\ 6.12.* ]] || fail "软件包没有装好（见 $LOGS/pip-install.log）"

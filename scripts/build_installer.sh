#!/usr/bin/env bash
# Builds the one-folder program with PyInstaller, reports the build time and the bundle size, and
# runs the frozen program's smoke test (scripts/smoke_frozen.sh). See docs/INSTALLER.md.
#   bash scripts/build_installer.sh            PYTHON=/path/to/python to choose the interpreter
#   INSTALLER_DEBUG=1 bash scripts/build_installer.sh   for a console, verbose-bootloader build
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
APP=SchoolSelfAssessment
if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
  echo "未找到 PyInstaller：请先运行 $PYTHON -m pip install -e '.[build]'" >&2
  exit 1
fi
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller build_installer.spec
end=$(date +%s)
bundle="dist/$APP"
size=$(du -sm "$bundle" | cut -f1)
packed=$(tar -C dist -czf - "$APP" | wc -c)
echo "构建用时 $((end - start)) 秒；程序文件夹 $bundle：${size} MB，$(find "$bundle" -type f | wc -l) 个文件，" \
     "压缩后约 $((packed / 1048576)) MB"
bash scripts/smoke_frozen.sh "$bundle/$APP"

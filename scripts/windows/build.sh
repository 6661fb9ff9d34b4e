#!/usr/bin/env bash
# Step 6: the program folder, built by PyInstaller on the Windows Python under Wine from
# build_installer.spec (the same spec as on Linux), in a copy of the working tree.
source "$(dirname "$0")/common.sh"
SRC=$WIN/build-src
sync_source "$SRC"
cd "$SRC"
wpy -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build \
    build_installer.spec >"$LOGS/pyinstaller.log" 2>&1 || true
exe=$SRC/dist/$APP/$APP.exe
[ -f "$exe" ] || fail "PyInstaller 没有生成 $APP.exe（见 $LOGS/pyinstaller.log）"
[ -d "$SRC/dist/$APP/_internal/checklists" ] || fail "程序文件夹里没有检查表"
# Nothing from the test prefix's stand-ins may be in the program.
for f in icuuc.dll mscms.dll bcryptprimitives.dll sitecustomize.py; do
  ! find "$SRC/dist/$APP" -iname "$f" | grep -q . || fail "程序文件夹里有测试用的替身 $f"
done
rm -rf "$WIN/program" && mv "$SRC/dist/$APP" "$WIN/program"
echo "程序文件夹：$(du -sm "$WIN/program" | cut -f1) MB，$(find "$WIN/program" -type f | wc -l) 个文件"

#!/usr/bin/env bash
# Step 7: the NSIS setup program (installer/SchoolSelfAssessment.nsi, makensis on Linux) around the
# program folder, versioned from desktop.__version__; and, for the upgrade check, the same folder
# packed uncompressed as version 0.0.1.
source "$(dirname "$0")/common.sh"
VERSION=$(app_version)
[ -n "$VERSION" ] || fail "desktop/__init__.py 中没有 __version__"
[ -f "$WIN/program/$APP.exe" ] || fail "没有程序文件夹：请先运行 scripts/windows/build.sh"
SETUP=$WIN/$APP-setup.exe
makensis -V2 -DSRCDIR="$WIN/program" -DVERSION="$VERSION" -DOUTFILE="$SETUP" \
    "$REPO/installer/SchoolSelfAssessment.nsi" >"$LOGS/makensis.log" 2>&1 \
    || { cat "$LOGS/makensis.log"; fail "makensis 失败"; }
makensis -V2 -DNOCOMPRESS -DSRCDIR="$WIN/program" -DVERSION=0.0.1 -DOUTFILE="$WIN/older-0.0.1-setup.exe" \
    "$REPO/installer/SchoolSelfAssessment.nsi" >>"$LOGS/makensis.log" 2>&1 \
    || { cat "$LOGS/makensis.log"; fail "makensis 失败（旧版本）"; }
echo "安装程序：$SETUP（版本 $VERSION）"

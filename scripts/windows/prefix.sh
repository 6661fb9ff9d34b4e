#!/usr/bin/env bash
# Step 2: a fresh 64-bit Wine prefix for building and testing, with the zh_CN.UTF-8 locale and the
# test-only stand-ins Wine 8.0 lacks (wine-compat/*.c, compiled here). They go into this prefix's
# system32 and never into the program or the installer.
source "$(dirname "$0")/common.sh"
wineserver -k 2>/dev/null || true
rm -rf "$WINEPREFIX" "$LOCPATH"
mkdir -p "$LOCPATH"
localedef -i zh_CN -f UTF-8 "$LOCPATH/zh_CN.UTF-8"
# mscoree/mshtml off while booting: no dialog offering to download Wine Mono/Gecko (no one to answer).
WINEDLLOVERRIDES="mscoree,mshtml=" xvfb-run -a wineboot -i >"$LOGS/wineboot.log" 2>&1 || true
wineserver -w
[ -f "$DRIVE_C/windows/system32/kernel32.dll" ] || fail "Wine 前缀没有建好（见 $LOGS/wineboot.log）"

SYS32=$DRIVE_C/windows/system32
CC=x86_64-w64-mingw32-gcc
$CC -O2 -shared -s -o "$SYS32/icuuc.dll" "$HERE/wine-compat/icuuc_stub.c"            # Qt6Core imports it
$CC -O2 -shared -s -o "$SYS32/mscms.dll" "$HERE/wine-compat/mscms_stub.c"            # qwindows.dll
$CC -O2 -shared -s -o "$SYS32/bcryptprimitives.dll" "$HERE/wine-compat/bcryptprimitives_stub.c" \
    -lbcrypt                                                                          # Qt6Pdf
# Windows' CJK font where the app looks for it (msyh.ttc is Microsoft YaHei's file name): a
# stand-in with the same glyph coverage, for the test prefix only.
cp /usr/share/fonts/truetype/wqy/wqy-microhei.ttc "$DRIVE_C/windows/Fonts/msyh.ttc"
qt_platform offscreen

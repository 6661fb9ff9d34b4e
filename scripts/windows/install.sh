#!/usr/bin/env bash
# Step 8: the setup program as a county IT person uses it, checked by files and registry (Wine's
# exit codes can lie): silent install of an older version, user data made by it, silent upgrade
# (data kept, old files gone), the installed program's smoke test on the offscreen and on the real
# `windows` platform (under Xvfb) with a screenshot of its main window, then silent uninstall
# (program gone, data kept). The installed program runs without the test prefix's sitecustomize
# (it is not in the program), with the prefix's stand-in DLLs for functions Wine lacks.
source "$(dirname "$0")/common.sh"
VERSION=$(app_version)
SETUP=$WIN/$APP-setup.exe
OLDER=$WIN/older-0.0.1-setup.exe
NAME=学校督导自评助手
START_MENU="$DRIVE_C/ProgramData/Microsoft/Windows/Start Menu/Programs/$NAME"
DESKTOP_LINK="$DRIVE_C/users/Public/Desktop/$NAME.lnk"
[ -f "$SETUP" ] && [ -f "$OLDER" ] || fail "没有安装程序：请先运行 scripts/windows/setup.sh"

checked() { echo "  ✓ $*"; }
reg() { wine_run reg query "$UNINSTALL_KEY" /v "$1" 2>/dev/null | tr -d '\r' \
          | sed -n "s/^ *$1 *REG_[A-Z_]* *//p"; }
installed_version() { reg DisplayVersion; }
run_setup() { wine_run "$@" >/dev/null 2>&1 || true; wineserver -w; }
data_digest() { (cd "$USER_DATA" && find . -type f ! -name store.lock -print0 | sort -z \
                   | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

# Where the program keeps a user's data on Windows: platformdirs' user data folder.
USER_DATA_WIN=$(wpy -c "import platformdirs; print(platformdirs.user_data_dir('$APP', appauthor=False))" | tr -d '\r')
USER_DATA=$(winepath -u "$USER_DATA_WIN" 2>/dev/null | tr -d '\r')
echo "用户数据文件夹：$USER_DATA_WIN"
case $USER_DATA_WIN in *"Program Files"*) fail "数据文件夹在 Program Files 中" ;; esac

# A clean start: no earlier install, no earlier data (this prefix is the pipeline's own).
if [ -f "$INSTALL_DIR/uninstall.exe" ]; then run_setup "C:\\Program Files\\$APP\\uninstall.exe" /S; fi
rm -rf "$USER_DATA" "$DRIVE_C/tmp/installed"

echo "-- 静默安装旧版本 0.0.1（/S /NODESKTOP）"
run_setup "$(winpath "$OLDER")" /S /NODESKTOP
[ -f "$INSTALL_DIR/$APP.exe" ] || fail "旧版本没有装上"
[ "$(installed_version)" = 0.0.1 ] || fail "卸载信息中的版本不是 0.0.1（$(installed_version)）"
[ ! -e "$DESKTOP_LINK" ] || fail "/NODESKTOP 仍建了桌面快捷方式"
checked "旧版本已安装到 Program Files，版本 0.0.1，没有桌面快捷方式"
# The older version's user makes data in the default place (no --data-dir), as a user would.
wine_run "$INSTALLED_EXE" demo >"$LOGS/installed-demo.log" 2>&1 || true
[ -s "$USER_DATA/answers.db" ] || fail "旧版本没有在 $USER_DATA_WIN 中建立数据（见 $LOGS/installed-demo.log）"
before=$(data_digest)
touch "$INSTALL_DIR/_internal/left-by-0.0.1.txt"
checked "旧版本在用户文件夹中建立了数据（指纹 $before）"

echo "-- 静默升级到 $VERSION（/S）"
run_setup "$(winpath "$SETUP")" /S
[ "$(installed_version)" = "$VERSION" ] || fail "升级后版本是「$(installed_version)」，应为 $VERSION"
[ ! -e "$INSTALL_DIR/_internal/left-by-0.0.1.txt" ] || fail "升级后旧版本的文件还在"
[ "$(data_digest)" = "$before" ] || fail "升级改动了用户数据"
checked "升级：版本 $VERSION，旧程序文件已清除，用户数据原样保留"
for f in "$INSTALL_DIR/$APP.exe" "$INSTALL_DIR/uninstall.exe" "$INSTALL_DIR/_internal/checklists" \
         "$START_MENU/$NAME.lnk" "$START_MENU/卸载 $NAME.lnk" "$DESKTOP_LINK"; do
  [ -e "$f" ] || fail "安装后缺少 $f"
done
checked "程序文件、开始菜单两个快捷方式、桌面快捷方式"
[ "$(reg DisplayName)" = "$NAME" ] || fail "卸载信息的名称是「$(reg DisplayName)」"
[ "$(reg DisplayIcon)" = "C:\\Program Files\\$APP\\$APP.exe,0" ] || fail "DisplayIcon 是「$(reg DisplayIcon)」"
[ -n "$(reg Publisher)" ] || fail "卸载信息没有发布者"
[ "$(reg QuietUninstallString)" = "\"C:\\Program Files\\$APP\\uninstall.exe\" /S" ] \
  || fail "QuietUninstallString 是「$(reg QuietUninstallString)」"
checked "「应用和功能」中的卸载信息：$(reg DisplayName) $(reg DisplayVersion)，发布者 $(reg Publisher)"
! find "$INSTALL_DIR" -iname '*.db' | grep -q . || fail "Program Files 中有数据库文件"

echo "-- 安装后的程序：冒烟测试（offscreen 平台）"
qt_platform offscreen
out=$(wine_run "$INSTALLED_EXE" --data-dir 'C:\tmp\installed\smoke' smoke-test 2>"$LOGS/installed-smoke.err" || true)
echo "$out" >"$LOGS/installed-smoke.log"
grep -q "冒烟测试全部通过" <<<"$out" || { cat "$LOGS/installed-smoke.err"; fail "冒烟测试没有通过"; }
[ ! -s "$LOGS/installed-smoke.err" ] || { cat "$LOGS/installed-smoke.err"; fail "冒烟测试有警告输出"; }
checked "offscreen：$(grep -c 通过 <<<"$out") 步通过，没有警告"

echo "-- 安装后的程序：冒烟测试和截图（真实的 windows 平台，Xvfb）"
Xvfb :87 -screen 0 1400x900x24 -nolisten tcp >"$LOGS/xvfb.log" 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true; qt_platform offscreen' EXIT
for _ in $(seq 50); do [ -S /tmp/.X11-unix/X87 ] && break; sleep 0.2; done
# This prefix's Wine desktop was started without a display (the offscreen runs): restart it, with
# every Windows program from here on (reg.exe too) on the Xvfb display.
wineserver -k 2>/dev/null || true
wineserver -w
export DISPLAY=:87
qt_platform windows
out=$(DISPLAY=:87 wine_run "$INSTALLED_EXE" --data-dir 'C:\tmp\installed\smoke' smoke-test \
        2>"$LOGS/installed-smoke-windows.err" || true)
echo "$out" >"$LOGS/installed-smoke-windows.log"
grep -q "冒烟测试全部通过" <<<"$out" || { cat "$LOGS/installed-smoke-windows.err"; fail "windows 平台上的冒烟测试没有通过"; }
# Lines Wine itself causes (wine-qt-messages.txt) are let through; anything else fails.
grep -v -E -f <(grep -v -e '^#' -e '^$' "$HERE/wine-qt-messages.txt") "$LOGS/installed-smoke-windows.err" \
    >"$LOGS/installed-smoke-windows.other" || true
[ ! -s "$LOGS/installed-smoke-windows.other" ] || { cat "$LOGS/installed-smoke-windows.other"; fail "windows 平台上有警告输出"; }
checked "windows 平台：$(grep -c 通过 <<<"$out") 步通过，没有警告"
rm -f "$WIN/main-window.png"
DISPLAY=:87 wine_run "$INSTALLED_EXE" --data-dir 'C:\tmp\installed\shot' demo >/dev/null 2>&1 || true
DISPLAY=:87 wine_run "$INSTALLED_EXE" --data-dir 'C:\tmp\installed\shot' --size 1366x768 \
    --screenshot 'C:\tmp\installed\main-window.png' >"$LOGS/installed-screenshot.log" 2>&1 || true
cp "$DRIVE_C/tmp/installed/main-window.png" "$WIN/main-window.png" 2>/dev/null \
  || fail "没有截图（见 $LOGS/installed-screenshot.log）"
[ "$(stat -c %s "$WIN/main-window.png")" -gt 20000 ] || fail "截图几乎是空的"
checked "主窗口截图：$WIN/main-window.png"
qt_platform offscreen
wineserver -w
kill $XVFB 2>/dev/null || true
trap - EXIT
unset DISPLAY
wineserver -k 2>/dev/null || true
wineserver -w

if [ "${MEASURE:-1}" = 1 ]; then bash "$HERE/measure.sh"; fi

echo "-- 静默卸载（uninstall.exe /S）"
run_setup "C:\\Program Files\\$APP\\uninstall.exe" /S
[ ! -e "$INSTALL_DIR" ] || fail "卸载后 $INSTALL_DIR 还在：$(ls "$INSTALL_DIR")"
[ ! -e "$START_MENU" ] && [ ! -e "$DESKTOP_LINK" ] || fail "卸载后快捷方式还在"
[ -z "$(installed_version)" ] || fail "卸载后注册表中的卸载信息还在"
[ "$(data_digest)" = "$before" ] || fail "卸载改动了用户数据"
checked "卸载：程序文件、快捷方式、注册表项已删除；用户数据原样保留（$USER_DATA_WIN）"

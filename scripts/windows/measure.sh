#!/usr/bin/env bash
# Step 8b (run by install.sh while the program is installed): start-up under Wine, the installed
# program beside a bare PySide6 QMainWindow on the prefix's Windows Python, offscreen platform.
# Wall time from launch to exit: the program opens the demo assessment's main window, saves a
# screenshot and quits; the bare program shows an empty QMainWindow and quits. One warm-up run each,
# then RUNS interleaved runs; medians. Also the setup.exe's size. Figures go to $WIN/figures.txt.
source "$(dirname "$0")/common.sh"
RUNS=${RUNS:-3}
qt_platform offscreen
cat >"$WIN/bare_window.py" <<'PY'
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1366, 768)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
PY
BARE=$(winpath "$WIN/bare_window.py")
[ -d "$DRIVE_C/tmp/installed/shot" ] || wine_run "$INSTALLED_EXE" --data-dir 'C:\tmp\installed\shot' demo >/dev/null 2>&1 || true

seconds() {  # seconds COMMAND…: wall time in ms of one run, the command's output dropped
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
app_run() { wine_run "$INSTALLED_EXE" --data-dir 'C:\tmp\installed\shot' --screenshot 'C:\tmp\installed\t.png'; }
bare_run() { wpy "$BARE"; }
empty_run() { WINE_COMPAT=0 wpy -c pass; }
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

app_run >/dev/null 2>&1 || true
bare_run >/dev/null 2>&1 || true
apps=() bares=() empties=()
for _ in $(seq "$RUNS"); do
  rm -f "$DRIVE_C/tmp/installed/t.png"
  apps+=("$(seconds app_run)")
  [ -f "$DRIVE_C/tmp/installed/t.png" ] || fail "计时的那次启动没有打开主窗口"
  bares+=("$(seconds bare_run)")
  empties+=("$(seconds empty_run)")
done
size=$(stat -c %s "$WIN/$APP-setup.exe")
{
  echo "Wine 下启动到主窗口（安装后的程序，示例数据，截图后退出）：中位数 $(echo "${apps[*]}" | median) ms（${apps[*]}）"
  echo "Wine 下裸 PySide6 QMainWindow（Windows Python）：中位数 $(echo "${bares[*]}" | median) ms（${bares[*]}）"
  echo "Wine 下空 Python 进程：中位数 $(echo "${empties[*]}" | median) ms（${empties[*]}）"
  echo "安装程序大小：$size 字节（$((size / 1048576)) MB）"
} | tee "$WIN/figures.txt"

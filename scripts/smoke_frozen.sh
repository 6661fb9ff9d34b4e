#!/usr/bin/env bash
# Runs a built program's smoke test (desktop/smoke.py) in a throw-away data directory and fails
# on a non-zero exit or on ANY output to stderr.
#   bash scripts/smoke_frozen.sh [PROGRAM]     (default: dist/SchoolSelfAssessment/SchoolSelfAssessment)
# PROGRAM may also be a command with arguments in quotes, e.g. "python -m desktop" to test the
# source tree the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
PROGRAM=${1:-dist/SchoolSelfAssessment/SchoolSelfAssessment}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen
# The smoke test keeps its QSettings in its own folder; this also keeps XDG lookups away from ~.
export XDG_CONFIG_HOME="$work/config"
status=0
# shellcheck disable=SC2086  # PROGRAM may be a command with arguments
$PROGRAM --data-dir "$work/data" smoke-test >"$work/out" 2>"$work/err" || status=$?
cat "$work/out"
if [ -s "$work/err" ]; then
  echo "冒烟测试失败：程序向 stderr 输出了内容：" >&2
  cat "$work/err" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "冒烟测试失败：退出码 $status" >&2
  exit "$status"
fi
echo "冒烟测试通过：$PROGRAM"

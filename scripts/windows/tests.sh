#!/usr/bin/env bash
# Step 5: the whole test suite on the Windows Python under Wine, from a copy of the working tree.
# Fails unless pytest printed its summary line with no failures and no errors (a process Wine
# aborts can still exit 0). Tests Wine cannot run are deselected by name (wine-deselect.txt).
source "$(dirname "$0")/common.sh"
sync_source "$WIN/src"
qt_platform offscreen
deselect=()
while read -r id _; do
  deselect+=(--deselect "$id")
done < <(grep -v '^\s*\(#\|$\)' "$HERE/wine-deselect.txt")
LOG=$LOGS/pytest-wine.log
cd "$WIN/src"
set +e
# Python 3.13 reports a sqlite3 connection collected unclosed as an unraisable warning, at whatever
# test the garbage collector happens to run in (seen twice, in different tests; 3.11 on Linux does
# not report it). Until the leaking connection is found it is not turned into an error here.
wpy -m pytest tests -q -p no:cacheprovider --tb=short -W "ignore::pytest.PytestUnraisableExceptionWarning" \
    "${deselect[@]}" "$@" >"$LOG" 2>&1
rc=$?
set -e
summary=$(grep -E '^=* ?[0-9]+ (passed|failed|error)|^=* ?[0-9]+ .* in [0-9.]+s' "$LOG" | tail -1 || true)
grep -E '^(FAILED|ERROR) ' "$LOG" || true
echo "按名字取消的测试（Wine 做不到，原因见 wine-deselect.txt）："
grep -v '^\s*\(#\|$\)' "$HERE/wine-deselect.txt" | sed 's/^/  /'
echo "Wine 下的测试：${summary:-没有总结行（pytest 中途崩溃，见 $LOG）}（退出码 $rc，取消选择 $((${#deselect[@]} / 2)) 项）"
[ -n "$summary" ] || fail "测试没有跑完"
case $summary in *failed*|*error*) fail "Wine 下有测试失败（见 $LOG）" ;; esac
[ "$rc" = 0 ] || fail "pytest 退出码 $rc"

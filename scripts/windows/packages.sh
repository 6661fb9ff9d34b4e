#!/usr/bin/env bash
# Step 1: the Debian packages the Windows pipeline needs (Wine, NSIS, a mingw compiler for the test
# prefix's stand-in DLLs, Xvfb, locales for zh_CN.UTF-8, a CJK font). Skips apt when all are present.
source "$(dirname "$0")/common.sh"
PACKAGES=(wine wine64 xvfb xauth nsis locales fonts-wqy-microhei gcc-mingw-w64-x86-64-win32 libc-bin)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "安装系统软件包：${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$LOGS/apt.log"

#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app and its tests need (Qt runtime libraries, a CJK font,
# poppler for PDF checks, Xvfb for screenshots). Skips apt entirely when all are present.
set -euo pipefail

PACKAGES=(
  # Python
  python3 python3-venv python3-pip make
  # Qt offscreen and on a real X display
  libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 libdbus-1-3 libx11-6
  libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1
  libxcb-util1 libxcb-xfixes0 libxcb-xkb1 xvfb xauth
  # Chinese glyphs (TrueType, embeddable in PDFs): 宋 and 楷 (AR PL UMing/UKai) and 黑 (WenQuanYi)
  # give the 公文 levels of the printed documents; PDF tools used by the tests
  fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai
  poppler-utils poppler-data qpdf
  # LibreOffice Calc without a GUI: tests print the workbooks to PDF as users would (~2 min)
  libreoffice-calc-nogui
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "安装系统软件包：${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

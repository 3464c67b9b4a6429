#!/usr/bin/env bash
# System packages the test suite needs: Debian's chromium for the browser test, and a CJK font
# so Chinese labels render (without one they are empty boxes). Idempotent; installs only what
# is missing. Needs root (or sudo) on a Debian/Ubuntu machine.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qiE 'wqy|noto sans cjk|noto serif cjk' || missing+=(fonts-wqy-zenhei)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null

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
if [ "$(id -u)" -ne 0 ]; then
  # no sudo, or one that would ask for a password with no terminal to type it in
  if ! command -v sudo >/dev/null 2>&1 || { ! sudo -n true 2>/dev/null && [ ! -t 0 ]; }; then
    echo "make test needs ${missing[*]} (Debian packages), installed with apt-get as root or through sudo." >&2
    echo "Install them as root (apt-get install ${missing[*]}), or run the tests without them:" >&2
    echo "  .venv/bin/python -m pytest -q    (the browser tests are then skipped)" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null

#!/usr/bin/env bash
# Debian packages Apoia needs beyond Python: Pango for PDF receipts (WeasyPrint) always;
# with --test also Chromium (browser flows), PostgreSQL (second database), gettext and
# redis-server (the shared rate-limit cache is tested against a real Redis).
# Installs only what is missing, as root or through sudo.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
# Read the lists once: `grep -q` closing a pipe early would fail the pipeline under pipefail.
libraries=$(ldconfig -p 2>/dev/null || true)
fonts=$(fc-list 2>/dev/null || true)
grep -q 'libpango-1.0.so' <<<"$libraries" || missing+=(libpango-1.0-0)
grep -q 'libpangoft2-1.0.so' <<<"$libraries" || missing+=(libpangoft2-1.0-0)
grep -qi dejavu <<<"$fonts" || missing+=(fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v msgfmt >/dev/null || missing+=(gettext)
  [ -x /usr/bin/redis-server ] || missing+=(redis-server)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

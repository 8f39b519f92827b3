#!/usr/bin/env bash
# The system libraries Jobsporet needs beyond Python: Pango and HarfBuzz for WeasyPrint (PDF
# access reports and data-subject exports) and a font with the Danish letters. Used by `make
# install`, .ci/run and the Dockerfile. Installs with apt-get where it can (Debian/Ubuntu as
# root); elsewhere says what to install and carries on (only the PDF exports need them).
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

have_libraries() {
  command -v ldconfig >/dev/null 2>&1 || return 1
  local libs
  libs=$(ldconfig -p 2>/dev/null)
  grep -q 'libpango-1.0.so' <<<"$libs" && grep -q 'libpangoft2-1.0.so' <<<"$libs" &&
    grep -q 'libharfbuzz-subset.so' <<<"$libs" && [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]
}

if have_libraries; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${PACKAGES[*]} (for PDF exports)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "${PACKAGES[@]}" >/dev/null; }
  exit 0
fi
echo "PDF exports need Pango and HarfBuzz: install ${PACKAGES[*]} (Debian/Ubuntu names;" \
  "macOS: brew install pango)." >&2

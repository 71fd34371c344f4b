#!/usr/bin/env bash
# Installs the Debian 12 packages dancu needs to build, test and run — only those missing.
# Usage: scripts/install-deps.sh [build|test|all]   (default: all)
set -euo pipefail

build_pkgs=(
  g++ cmake ninja-build pkg-config make git
  libboost1.81-dev libsqlite3-dev nlohmann-json3-dev libpugixml-dev libzip-dev
  libxlsxwriter-dev libsodium-dev libicu-dev libcli11-dev libgtest-dev libgmock-dev
  libbenchmark-dev
)
# LibreOffice renders DOCX to PDF (dancu letter … --pdf); poppler-utils reads PDFs in tests.
run_pkgs=( libreoffice-writer-nogui fonts-liberation2 poppler-utils )
test_pkgs=( python3 sqlite3 unzip )

want=("${build_pkgs[@]}")
case "${1:-all}" in
  build) ;;
  test|all) want+=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: mọi gói cần thiết đã có sẵn."
  exit 0
fi

echo "install-deps: cài các gói còn thiếu: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs the Debian 12 packages dancu needs to build, test and run — only those missing.
# Usage: scripts/install-deps.sh [build|test|all]   (default: all)
set -euo pipefail

build_pkgs=(
  g++ cmake ninja-build pkg-config make git
  libboost1.81-dev libsqlite3-dev nlohmann-json3-dev libpugixml-dev libzip-dev
  libxlsxwriter-dev libsodium-dev libicu-dev libcli11-dev libgtest-dev libgmock-dev
  libbenchmark-dev liboath-dev libqrencode-dev libssl-dev libtomlplusplus-dev
)
# LibreOffice renders DOCX to PDF (dancu letter … --pdf); poppler-utils reads PDFs in tests.
run_pkgs=( libreoffice-writer-nogui fonts-liberation2 poppler-utils )
# Browser tests (make browser): Debian's Chromium driven by playwright-core (npm, lockfile in
# tests/browser). Node.js and npm from Debian unless a node is already installed (nodesource…).
test_pkgs=( python3 sqlite3 unzip chromium )
# The upstream tests: a TLS stand-in with a throw-away CA (openssl), a client generated from
# dancu's WSDL (zeep).
test_pkgs+=( openssl python3-zeep )
# Fuzz targets (make fuzz-smoke, part of make test): clang with libFuzzer and the sanitizers.
test_pkgs+=( clang-19 libclang-rt-19-dev )
if ! command -v node >/dev/null 2>&1; then test_pkgs+=( nodejs npm ); fi

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

# Warns (make browser would fail) when the node found is too old for playwright-core.
check_node() {
  case "${1:-all}" in build) return 0 ;; esac
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 18 ]; then
    echo "install-deps: cảnh báo: kiểm thử trình duyệt (make browser) cần Node.js 18 trở lên (đang có: $(node --version 2>/dev/null || echo 'không có'))." >&2
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-deps: cảnh báo: có node nhưng thiếu npm (make browser cần npm); hãy cài npm cùng nguồn với node." >&2
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  check_node "${1:-all}"
  echo "install-deps: mọi gói cần thiết đã có sẵn."
  exit 0
fi

echo "install-deps: cài các gói còn thiếu: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
check_node "${1:-all}"

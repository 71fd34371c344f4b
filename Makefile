# dancu — the two set-up commands (make demo, make test) and their parts.
.PHONY: deps build build-asan unit unit-asan blackbox browser browser-deps test demo bench clean

DB ?= var/dancu.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

deps:
	@scripts/install-deps.sh all

build: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	@echo "Đã dựng: build/dancu"

build-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)

unit: build
	ctest --preset release -j $(JOBS)

unit-asan: build-asan
	ctest --preset asan -j $(JOBS)

blackbox: build
	python3 tests/run_blackbox.py --binary build/dancu

# Browser tests: playwright-core (pinned in tests/browser/package-lock.json) drives Debian's
# headless Chromium through every role's journeys on the demo data. Screenshots land in
# tests/browser/screenshots/. One file: make browser BROWSER_TESTS=login.test.mjs
BROWSER_MODULES := tests/browser/node_modules/.package-lock.json
BROWSER_TESTS ?=

browser-deps: $(BROWSER_MODULES)

# npm ci only when node_modules is missing or older than the lockfile.
$(BROWSER_MODULES): tests/browser/package-lock.json tests/browser/package.json | deps
	npm ci --prefix tests/browser --no-audit --no-fund
	@touch $@

browser: build browser-deps
	node tests/browser/run.mjs --binary build/dancu $(BROWSER_TESTS)

# Every test: unit tests (optimised), unit tests under ASan/UBSan, black-box tests, browser tests.
test: deps
	$(MAKE) unit
	$(MAKE) unit-asan
	$(MAKE) blackbox
	$(MAKE) browser

demo: build
	@if [ ! -f "$(DB)" ]; then build/dancu --db "$(DB)" demo; \
	 else echo "Dùng lại cơ sở dữ liệu đã có: $(DB) (xóa tệp này để nạp lại dữ liệu mẫu)"; fi
	build/dancu --db "$(DB)" serve --listen "$(LISTEN)"

bench: build
	cmake --build --preset release --target dancu_bench
	build/bench/dancu_bench

clean:
	rm -rf build build-asan

# dancu — the two set-up commands (make demo, make test) and their parts.
.PHONY: deps build build-asan unit unit-asan blackbox browser browser-deps test demo bench clean \
        fuzz-build fuzz-smoke fuzz fuzz-merge

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

# Black-box tests of the CLI and HTTP API, the hostile client (tests/run_hostile.py), the
# upstream over mutual TLS, the WSDL with a generated client, real one-stop clients (issue 11).
blackbox: build
	python3 tests/run_blackbox.py --binary build/dancu
	python3 tests/run_hostile.py --binary build/dancu
	python3 tests/run_upstream_tls.py --binary build/dancu
	python3 tests/run_wsdl.py --binary build/dancu
	python3 tests/run_clients.py --binary build/dancu

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

# Fuzzing (fuzz/README.md): libFuzzer targets built with clang-19, ASan + UBSan, in build-fuzz.
# New inputs go to build-fuzz/corpus/<target> (the repository's corpus is only read); crashes
# to build-fuzz/crashes/<target>-*. Any crash, leak, sanitizer report or timeout fails the run.
FUZZ_TARGETS ?= table_file soap json_api docx http
# Seconds per target: in make test (5 targets ≈ 60 s), and in make fuzz.
FUZZ_SMOKE_SECONDS ?= 12
FUZZ_SECONDS ?= 1200
# When set (e.g. FUZZ_RUNS=1000000), make fuzz runs that many executions per target instead.
FUZZ_RUNS ?=
FUZZ_FLAGS := -rss_limit_mb=2048 -timeout=10 -print_final_stats=1

fuzz-build: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)

# fuzz_run(LIMIT): each target in turn with the libFuzzer LIMIT flag (-max_total_time=… or
# -runs=…); on failure its log's tail and the crash file.
define fuzz_run
	@mkdir -p build-fuzz/crashes
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t; log=build-fuzz/$$t.log; \
	  echo "fuzz: $$t, $(1) (log: $$log)"; \
	  if ! build-fuzz/fuzz/$${t}_fuzz $(1) $(FUZZ_FLAGS) \
	      -artifact_prefix=build-fuzz/crashes/$$t- build-fuzz/corpus/$$t fuzz/corpus/$$t >$$log 2>&1; then \
	    tail -n 60 $$log; echo "fuzz: $$t FAILED (input saved under build-fuzz/crashes/)"; exit 1; \
	  fi; \
	  grep -E "stat::(number_of_executed_units|average_exec_per_sec)" $$log | tr '\n' ' '; echo; \
	done
endef

fuzz-smoke: fuzz-build
	$(call fuzz_run,-max_total_time=$(FUZZ_SMOKE_SECONDS))

fuzz: fuzz-build
	$(call fuzz_run,$(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS)))

# Rewrites the repository's corpus fuzz/corpus/<target> as the hand-made seeds plus a minimal
# set of inputs (smallest first) from it and build-fuzz/corpus/<target> that reach coverage the
# seeds do not, so it stays small (< 1 MB) however long the runs were; only inputs shorter
# than FUZZ_MERGE_MAX_BYTES are candidates (table_file's corpus was 1.46 MB without this).
FUZZ_MERGE_MAX_BYTES ?= 2500
fuzz-merge: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  m=build-fuzz/merge/$$t; rm -rf $$m $$m.in; mkdir -p $$m $$m.in build-fuzz/corpus/$$t; \
	  cp fuzz/corpus/$$t/seed-* $$m/; \
	  find fuzz/corpus/$$t build-fuzz/corpus/$$t -type f ! -name 'seed-*' \
	    -size -$(FUZZ_MERGE_MAX_BYTES)c -exec cp -t $$m.in/ {} + 2>/dev/null; \
	  build-fuzz/fuzz/$${t}_fuzz -merge=1 -rss_limit_mb=2048 -timeout=10 \
	    $$m $$m.in >build-fuzz/$$t.merge.log 2>&1 || \
	    { tail -n 20 build-fuzz/$$t.merge.log; exit 1; }; \
	  find fuzz/corpus/$$t -type f ! -name 'seed-*' -delete; \
	  find $$m -type f ! -name 'seed-*' -exec mv -t fuzz/corpus/$$t/ {} +; \
	  echo "fuzz-merge: $$t: $$(ls fuzz/corpus/$$t | wc -l) files, $$(du -cb fuzz/corpus/$$t/* | tail -n 1 | cut -f1) bytes"; \
	done

# Every test: unit tests (optimised), unit tests under ASan/UBSan, a minute of fuzzing,
# black-box tests, browser tests.
test: deps
	$(MAKE) unit
	$(MAKE) unit-asan
	$(MAKE) fuzz-smoke
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
	rm -rf build build-asan build-fuzz

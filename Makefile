# dancu — the two set-up commands (make demo, make test) and their parts.
.PHONY: deps build build-asan unit unit-asan blackbox test demo bench clean

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

# Every test: unit tests (optimised), unit tests under ASan/UBSan, black-box tests.
test: deps
	$(MAKE) unit
	$(MAKE) unit-asan
	$(MAKE) blackbox

demo: build
	@if [ ! -f "$(DB)" ]; then build/dancu --db "$(DB)" demo; \
	 else echo "Dùng lại cơ sở dữ liệu đã có: $(DB) (xóa tệp này để nạp lại dữ liệu mẫu)"; fi
	build/dancu --db "$(DB)" serve --listen "$(LISTEN)"

bench: build
	cmake --build --preset release --target dancu_bench
	build/bench/dancu_bench

clean:
	rm -rf build build-asan

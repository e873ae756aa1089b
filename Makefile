# The two front-door commands (README): `make run` and `make test`. Everything else is CMake.
.PHONY: all deps npm build run test test-dates bench fuzz clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

# npm packages (browser-test tools) from the lockfile; reinstalled only when the lockfile changes.
npm: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json | deps
	@npm ci --no-audit --no-fund

run: build npm
	@./scripts/run.sh

test: deps npm
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev
	@ctest --preset dev

# The whole suite under libfaketime at awkward instants (scripts/test-dates.sh names them);
# DATES="tet year-end" picks some.
test-dates: deps npm
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev
	@./scripts/test-dates.sh $(DATES)

bench: build
	@./bench/run.sh

# Every libFuzzer target for FUZZ_SECONDS seconds each (tests/fuzz/run.sh; docs/fuzzing.md).
FUZZ_SECONDS ?= 60

fuzz:
	@./scripts/install-deps.sh fuzz
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) ./tests/fuzz/run.sh build-fuzz

clean:
	rm -rf build build-dev build-fuzz

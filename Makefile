# The two front-door commands (README): `make run` and `make test`. Everything else is CMake.
.PHONY: all deps build run test bench fuzz clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

run: build
	@./scripts/run.sh

test: deps
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev
	@ctest --preset dev

bench: build
	@./bench/run.sh

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@./tests/fuzz/run.sh build-fuzz

clean:
	rm -rf build build-dev build-fuzz

# The README's two commands: `make run` and `make test`. Both install what they need from apt.
BUILD ?= build
SAN_BUILD ?= build-sanitize
JOBS ?= $(shell nproc)
EXAMPLE ?= examples/russia-japan.yaml
WERROR ?= $(if $(filter true,$(CI)),ON,OFF)
CMAKE_FLAGS ?=
CONFIGURE = cmake -S . -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=$(WERROR) $(CMAKE_FLAGS)

# Fuzzing (docs/fuzzing.md): clang + libFuzzer in $(FUZZ_BUILD). `make fuzz-smoke`: every target a
# few seconds (CI); `make fuzz FUZZ_TARGET=native FUZZ_SECONDS=600 FUZZ_JOBS=1`: long runs (all
# targets one after the other when FUZZ_TARGET is empty); FUZZ_RUNS=10000000 instead of seconds.
# `make fuzz FUZZ_FAST=1`: the LeakSanitizer-only build in build-fuzz-fast (several times more
# executions), growing the same corpus; `make fuzz-replay` then runs that corpus through the
# ASan + UBSan build.
FUZZ_FAST ?=
FUZZ_BUILD ?= $(if $(FUZZ_FAST),build-fuzz-fast,build-fuzz)
FUZZ_SANITIZERS ?= $(if $(FUZZ_FAST),leak,address$(,)undefined)
FUZZ_CORPUS ?= build-fuzz/corpus
FUZZ_TARGET ?=
FUZZ_SECONDS ?= 600
FUZZ_RUNS ?=
FUZZ_JOBS ?= 1
FUZZ_SMOKE_SECONDS ?= 8
, := ,
# clang 16: clang 14 cannot compile the tree with libstdc++ 12 (ranges over iota_view, lambdas
# capturing structured bindings). Warnings are not errors here: clang warns where GCC does not.
FUZZ_CONFIGURE = CC=clang-16 CXX=clang++-16 cmake -S . -G Ninja -B $(FUZZ_BUILD) \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_FUZZ=ON -DPARLEY_FUZZ_SANITIZERS=$(FUZZ_SANITIZERS) \
  -DPARLEY_WERROR=OFF -DPARLEY_BUILD_CLI=OFF \
  -DPARLEY_BUILD_TESTS=OFF -DPARLEY_BUILD_BENCH=OFF -DPARLEY_BUILD_PYTHON=OFF \
  -DPARLEY_BUILD_MPI=OFF -DPARLEY_BUILD_WEB=OFF

.PHONY: all deps build run serve test test-sanitize bench format clean fuzz fuzz-smoke fuzz-build fuzz-replay

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@$(CONFIGURE) -B $(BUILD) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/parley solve $(EXAMPLE)

# The mediation service with its web page on http://127.0.0.1:8080/ (database parley.db).
serve: build
	$(BUILD)/parley serve --db $(or $(DB),parley.db) --port $(or $(PORT),8080)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (CI runs this too).
test-sanitize: deps
	@$(CONFIGURE) -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_SANITIZE=ON -DPARLEY_BUILD_BENCH=OFF -DPARLEY_BUILD_WEB=OFF -DPARLEY_BUILD_PYTHON=OFF >/dev/null
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -L unit

fuzz-build: deps
	@$(FUZZ_CONFIGURE) >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target parley_fuzz_all
	@# The commit the fuzzers were built from, for fuzz/run.sh's stats.
	@(git rev-parse --short HEAD 2>/dev/null || echo unknown) | tr -d '\n' > $(FUZZ_BUILD)/fuzz/built-from.txt
	@if [ -n "$$(git status --porcelain -- src include fuzz 2>/dev/null)" ]; then \
	  printf '+changes' >> $(FUZZ_BUILD)/fuzz/built-from.txt; fi

fuzz: fuzz-build
	fuzz/run.sh --build $(FUZZ_BUILD) --corpus $(FUZZ_CORPUS) --seconds $(FUZZ_SECONDS) \
	  $(if $(FUZZ_RUNS),--runs $(FUZZ_RUNS)) --jobs $(FUZZ_JOBS) $(FUZZ_TARGET)

fuzz-replay: fuzz-build
	fuzz/run.sh --build $(FUZZ_BUILD) --corpus $(FUZZ_CORPUS) --replay $(FUZZ_TARGET)

fuzz-smoke: fuzz-build
	fuzz/run.sh --build $(FUZZ_BUILD) --corpus $(FUZZ_CORPUS) --seconds $(FUZZ_SMOKE_SECONDS)

bench: build
	bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)

# The README's two commands: `make run` and `make test`. Both install what they need from apt.
BUILD ?= build
SAN_BUILD ?= build-sanitize
JOBS ?= $(shell nproc)
EXAMPLE ?= examples/russia-japan.yaml
WERROR ?= $(if $(filter true,$(CI)),ON,OFF)
CMAKE_FLAGS ?=
CONFIGURE = cmake -S . -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_WERROR=$(WERROR) $(CMAKE_FLAGS)

.PHONY: all deps build run serve test test-sanitize bench format clean

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

bench: build
	bench/run.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(SAN_BUILD)

#!/bin/sh
# The command-line tool's start-up stays light (docs/performance.md, Start-up): the executable
# needs none of the heavy libraries, and the commands that do not need them never load them;
# the commands that do load them through the modules beside the executable (the dynamic build),
# or through the helpers beside it (the static build: parley-milp for CBC, parley-modular for the
# service and Open MPI), and a missing module or helper is a clear error.
# Usage: startup_test.sh PARLEY EXAMPLES_DIR
set -eu
parley=$1
examples=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
heavy='lib(mpi|open-pal|open-rte|pmix|hwloc|Cbc|CbcSolver|Clp|ClpSolver|CoinUtils|Osi|OsiClp|Cgl|lapack|blas|gfortran|sqlite3|ssl|crypto)[.-]'
fail() { echo "FAIL: $*"; exit 1; }

# The static build (PARLEY_STATIC_CLI) has no program interpreter: nothing is loaded at all.
static=0
if ! readelf -l "$parley" | grep -q 'Requesting program interpreter'; then
  static=1
  readelf -d "$parley" | grep -q NEEDED && fail "the static $parley needs shared libraries"
  echo "ok: $parley is static: it loads no shared library"
fi

# The executable itself.
needed=$(readelf -d "$parley" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$needed" | grep -Eq "$heavy" && fail "$parley needs $(echo "$needed" | grep -E "$heavy" | tr '\n' ' ')"

# The shared objects a run loads (LD_DEBUG=files: dlopen included, forked children too).
loads() {
  LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n 's/.*calling init: //p' | sort -u
}
light() {
  # Run once: its exit status, then what it loaded.
  status=0
  LD_DEBUG=files "$@" >/dev/null 2>"$work/loaded" || status=$?
  [ "$status" = 0 ] || fail "'$*' exited with $status: $(grep -v '^ *[0-9]*:' "$work/loaded" | tail -3)"
  loaded=$(sed -n 's/.*calling init: //p' "$work/loaded" | sort -u)
  echo "$loaded" | grep -Eq "$heavy" &&
    fail "'$*' loads $(echo "$loaded" | grep -E "$heavy" | tr '\n' ' ')"
  echo "ok: $* loads no heavy library"
}
light "$parley" --version
light "$parley" --help
light "$parley" info "$examples/job-offer.yaml"
light "$parley" solve "$examples/job-offer.yaml"
light "$parley" divide "$examples/estate-points.csv" --method adjusted-winner
cat > "$work/t.yaml" <<YAML
tournament: startup
seed: 1
repetitions: 1
deadline: {rounds: 20}
agents: [conceder, linear]
scenarios: [$examples/job-offer.yaml]
YAML
light "$parley" tournament "$work/t.yaml" --out "$work/out" --quiet --no-plot --threads 1

# A MILP method loads CBC through parley-cbc.so.
loads "$parley" divide "$examples/inheritance-points.csv" --method mnw | grep -q 'libCbc' ||
  fail "divide --method mnw did not load CBC"
echo "ok: divide --method mnw loads CBC"

# Without its modules (or helpers), parley still starts, and a command that needs one names the
# file.
mkdir "$work/bin"
cp "$parley" "$work/bin/parley"
"$work/bin/parley" --version >/dev/null || fail "--version without the modules"
if [ "$static" = 1 ]; then milp=parley-milp; service=parley-modular; else milp=parley-cbc.so; service=parley-serve.so; fi
status=0
"$work/bin/parley" divide "$examples/inheritance-points.csv" --method mnw >/dev/null \
  2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "divide without $milp exited with $status, expected 1"
grep -q "$work/bin/$milp" "$work/err" || fail "the error does not name $milp: $(cat "$work/err")"
grep -q "rebuild parley" "$work/err" || fail "the error does not say what to do: $(cat "$work/err")"
echo "ok: $(cat "$work/err")"
if [ -e "$(dirname "$parley")/parley-serve.so" ]; then
  status=0
  "$work/bin/parley" serve --db "$work/db" --port 0 >/dev/null 2>"$work/err" || status=$?
  [ "$status" = 1 ] || fail "serve without $service exited with $status, expected 1"
  grep -q "$work/bin/$service" "$work/err" || fail "the error does not name $service: $(cat "$work/err")"
  [ ! -e "$work/db" ] || fail "serve created its database without its module"
  echo "ok: $(cat "$work/err")"
fi
if [ "$static" = 1 ]; then
  # parley-modular runs `parley serve` in the static one's place: the same process, its modules
  # loaded there.
  cp "$(dirname "$parley")/parley-modular" "$work/bin/"
  status=0
  "$work/bin/parley" serve --db "$work/db" --port 0 >/dev/null 2>"$work/err" || status=$?
  [ "$status" = 1 ] || fail "serve without parley-serve.so exited with $status, expected 1"
  grep -q "$work/bin/parley-serve.so" "$work/err" || fail "the error does not name parley-serve.so: $(cat "$work/err")"
  echo "ok: $(cat "$work/err")"
fi
echo "PASS: start-up loads no heavy library; the modules load on demand"

#!/bin/sh
# The command-line tool's start-up stays light (docs/performance.md, Start-up): the executable
# needs none of the heavy libraries, and the commands that do not need them never load them;
# the commands that do load them through the modules beside the executable, and a missing module
# is a clear error.
# Usage: startup_test.sh PARLEY EXAMPLES_DIR
set -eu
parley=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
heavy='lib(mpi|open-pal|open-rte|pmix|hwloc|Cbc|CbcSolver|Clp|ClpSolver|CoinUtils|Osi|OsiClp|Cgl|lapack|blas|gfortran|sqlite3|ssl|crypto)[.-]'
fail() { echo "FAIL: $*"; exit 1; }

# The executable itself.
needed=$(readelf -d "$parley" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$needed" | grep -Eq "$heavy" && fail "$parley needs $(echo "$needed" | grep -E "$heavy" | tr '\n' ' ')"

# The shared objects a run loads (LD_DEBUG=files: dlopen included, forked children too).
loads() {
  LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n 's/.*calling init: //p' | sort -u
}
light() {
  loaded=$(loads "$@")
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

# Without its modules, parley still starts, and a command that needs one names the file.
mkdir "$work/bin"
cp "$parley" "$work/bin/parley"
"$work/bin/parley" --version >/dev/null || fail "--version without the modules"
status=0
"$work/bin/parley" divide "$examples/inheritance-points.csv" --method mnw >/dev/null \
  2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "divide without parley-cbc.so exited with $status, expected 1"
grep -q "$work/bin/parley-cbc.so" "$work/err" || fail "the error does not name parley-cbc.so: $(cat "$work/err")"
grep -q "rebuild parley" "$work/err" || fail "the error does not say what to do: $(cat "$work/err")"
echo "ok: $(cat "$work/err")"
if [ -e "$(dirname "$parley")/parley-serve.so" ]; then
  status=0
  "$work/bin/parley" serve --db "$work/db" --port 0 >/dev/null 2>"$work/err" || status=$?
  [ "$status" = 1 ] || fail "serve without parley-serve.so exited with $status, expected 1"
  grep -q "$work/bin/parley-serve.so" "$work/err" || fail "the error does not name parley-serve.so: $(cat "$work/err")"
  [ ! -e "$work/db" ] || fail "serve created its database without its module"
  echo "ok: $(cat "$work/err")"
fi
echo "PASS: start-up loads no heavy library; the modules load on demand"

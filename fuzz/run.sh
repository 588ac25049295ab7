#!/usr/bin/env bash
# Runs the libFuzzer targets built in a PARLEY_FUZZ build folder (docs/fuzzing.md); `make fuzz`
# and `make fuzz-smoke` call it.
#
#   fuzz/run.sh --build build-fuzz [--corpus DIR] [--seconds N | --runs N] [--jobs N] [--replay]
#               [TARGET...]
#
# For each target (all by default, as listed in BUILD/fuzz/targets.txt): builds the seed corpus
# (fuzz/make-corpus.py into DIR/TARGET, DIR being BUILD/corpus unless --corpus names another
# build's, which the fuzzer then grows), runs the fuzzer
# for N seconds with fuzz/seeds/TARGET and fuzz/regressions/TARGET as further read-only corpora,
# its dictionary, -max_len, -timeout=10 (a slower input is a finding), -rss_limit_mb and leak
# detection, and prints executions, executions per second and corpus size. Crashes, leaks and
# timeouts land in BUILD/artifacts/TARGET/; logs in BUILD/fuzz-logs/. Each run appends a line to
# BUILD/fuzz-stats.tsv (the figures of docs/fuzzing.md). Exits 1 when any target found something.
# --jobs N > 1 runs N fuzzing processes per target (libFuzzer -jobs/-workers), sharing the corpus.
# --runs N stops each target after N executions instead of N seconds (a campaign's size does not
# depend on the machine's load).
# --replay runs every input of the corpus once (-runs=0) instead of fuzzing: how the corpus grown
# by the LeakSanitizer-only build goes through the ASan + UBSan build (`make fuzz-replay`).
# The stats line names the build's sanitizers (BUILD/fuzz/sanitizers.txt) and the mode.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=""
corpus_root=""
replay=0
runs=0
seconds=60
jobs=1
max_len=16384
rss_limit_mb=2048
targets=()
while (($#)); do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --corpus) corpus_root=$2; shift 2 ;;
    --replay) replay=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --max-len) max_len=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ -n "$build" ]] || { echo "run.sh: --build FOLDER is required" >&2; exit 2; }
build=$(cd "$build" && pwd)
[[ -f "$build/fuzz/targets.txt" ]] || {
  echo "run.sh: $build is not a PARLEY_FUZZ build (no fuzz/targets.txt)" >&2; exit 2; }
sanitizers=$(cat "$build/fuzz/sanitizers.txt" 2>/dev/null || echo "address,undefined")
mkdir -p "${corpus_root:=$build/corpus}"
corpus_root=$(cd "$corpus_root" && pwd)
mapfile -t known < "$build/fuzz/targets.txt"
((${#targets[@]})) || targets=("${known[@]}")
for t in "${targets[@]}"; do
  [[ " ${known[*]} " == *" $t "* ]] || {
    echo "run.sh: unknown target '$t' (known: ${known[*]})" >&2; exit 2; }
done

# Dictionaries per target (concatenated into BUILD/fuzz/dict/TARGET.dict).
declare -A dicts=(
  [native]="yaml" [tournament]="yaml" [genius]="genius" [geniusweb]="json geniusweb"
  [division]="division" [journal]="json journal" [service_request]="json service_request"
  [record]="json")

python3 "$src/fuzz/make-corpus.py" --out "$corpus_root" --max-len "$max_len" >/dev/null
mkdir -p "$build/fuzz-logs" "$build/fuzz/dict"
stats="$build/fuzz-stats.tsv"
[[ -f "$stats" ]] || printf 'date\ttarget\tseconds\tjobs\texecutions\texec_per_second\tcorpus_files\tresult\tcommit\tsanitizers\tmode\n' > "$stats"
if ! head -1 "$stats" | grep -q sanitizers; then
  # A file from before these columns: its runs were ASan + UBSan fuzzing runs.
  awk 'NR == 1 {print $0 "\tsanitizers\tmode"; next} {print $0 "\taddress,undefined\tfuzz"}' \
    "$stats" > "$stats.new" && mv "$stats.new" "$stats"
fi
mode=$( ((replay)) && echo replay || echo fuzz)
# The commit the fuzzers were built from (`make fuzz-build` writes it), else the checkout's.
if [[ -s "$build/fuzz/built-from.txt" ]]; then
  commit=$(cat "$build/fuzz/built-from.txt")
else
  commit=$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ -n "$(git -C "$src" status --porcelain -- src include fuzz 2>/dev/null)" ]]; then
    commit="$commit+changes"
  fi
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:detect_stack_use_after_return=0}
# clang 16's runtime looks for llvm-symbolizer-16 only: name the symbolizer installed.
symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-detect_leaks=1}
if [[ -n "$symbolizer" ]]; then
  export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$symbolizer}
  LSAN_OPTIONS+=":external_symbolizer_path=$symbolizer"
  UBSAN_OPTIONS+=":external_symbolizer_path=$symbolizer"
fi

failed=()
printf '%-16s %12s %10s %8s  %s\n' target executions exec/s corpus result
for t in "${targets[@]}"; do
  corpus="$corpus_root/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  dirs=("$corpus")
  for extra in "$src/fuzz/seeds/$t" "$src/fuzz/regressions/$t"; do
    [[ -d "$extra" ]] && dirs+=("$extra")
  done
  dict="$build/fuzz/dict/$t.dict"
  : > "$dict"
  for d in ${dicts[$t]:-}; do cat "$src/fuzz/dict/$d.dict" >> "$dict"; done
  stamp=$(date -u +%Y%m%dT%H%M%S)
  log="$build/fuzz-logs/$t-$stamp.log"
  flags=(-max_len="$max_len" -timeout=10 -rss_limit_mb="$rss_limit_mb" -detect_leaks=1
         -print_final_stats=1 -artifact_prefix="$artifacts/" -dict="$dict")
  status=0
  started=$SECONDS
  if ((runs > 0)); then
    limit=(-runs="$runs")
  else
    limit=(-max_total_time="$seconds")
  fi
  if ((replay)); then
    "$build/fuzz/${t}_fuzz" "${flags[@]}" -runs=0 "${dirs[@]}" > "$log" 2>&1 || status=$?
  elif ((jobs > 1)); then
    flags+=("${limit[@]}")
    workdir="$build/fuzz-logs/$t-$stamp"
    mkdir -p "$workdir"
    (cd "$workdir" && "$build/fuzz/${t}_fuzz" "${flags[@]}" -jobs="$jobs" -workers="$jobs" \
       "${dirs[@]}") > "$log" 2>&1 || status=$?
    cat "$workdir"/fuzz-*.log >> "$log" 2>/dev/null || true
  else
    "$build/fuzz/${t}_fuzz" "${flags[@]}" "${limit[@]}" "${dirs[@]}" > "$log" 2>&1 \
      || status=$?
  fi
  elapsed=$((SECONDS - started))
  ((replay || runs > 0)) && seconds_run=$elapsed || seconds_run=$seconds
  executions=$(awk '/stat::number_of_executed_units:/ {n += $2} END {print n + 0}' "$log")
  per_second=$(awk -v n="$executions" -v s="$seconds_run" 'BEGIN {printf "%d", s ? n / s : n}')
  files=$(find "$corpus" -type f | wc -l)
  found=$(find "$artifacts" -type f -newer "$dict" | wc -l)
  result=ok
  if ((status != 0 || found > 0)); then
    result="FOUND (exit $status, $found artifact(s) in $artifacts, log $log)"
    failed+=("$t")
  fi
  printf '%-16s %12d %10d %8d  %s\n' "$t" "$executions" "$per_second" "$files" "$result"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stamp" "$t" "$seconds_run" "$jobs" \
    "$executions" "$per_second" "$files" "${result%% *}" "$commit" "$sanitizers" "$mode" >> "$stats"
done
if ((${#failed[@]})); then
  echo "findings in: ${failed[*]} (reproduce: BUILD/fuzz/TARGET_fuzz ARTIFACT)" >&2
  exit 1
fi

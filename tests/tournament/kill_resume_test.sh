#!/bin/sh
# kill -9 a running `parley tournament`, resume it, and compare with an uninterrupted run:
# the result files must be identical and no finished negotiation may run twice.
# Usage: kill_resume_test.sh PARLEY EXAMPLES_DIR
set -eu
parley=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/t.yaml" <<YAML
tournament: kill-and-resume
seed: 11
repetitions: 300
deadline: {rounds: 200}
agents: ['boulware(e=0.2)', conceder, linear, hardliner]
scenarios:
  - $examples/job-offer.yaml
  - $examples/business-contract.yaml
YAML
total=9600  # 16 ordered pairs x 2 scenarios x 300 repetitions

"$parley" tournament "$work/t.yaml" --out "$work/reference" --threads 2 --quiet --no-plot

# One worker that fsyncs after every row: slow enough to be killed halfway.
"$parley" tournament "$work/t.yaml" --out "$work/killed" --threads 1 --sync-interval 0 \
  --quiet --no-plot 2>"$work/killed.log" &
pid=$!
rows=0
tries=0
while [ "$rows" -lt 200 ]; do
  sleep 0.02
  rows=$(cat "$work"/killed/journal/*.jsonl 2>/dev/null | wc -l)
  tries=$((tries + 1))
  if [ "$tries" -gt 5000 ]; then echo "FAIL: the run wrote no rows"; exit 1; fi
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
if [ -f "$work/killed/results.csv" ]; then
  echo "FAIL: the run finished before it could be killed; make the tournament larger"
  exit 1
fi
done_before=$(cat "$work"/killed/journal/*.jsonl | wc -l)
echo "killed after $done_before of $total negotiations"
# A torn write at the end of the journal must be detected and dropped.
last=$(ls "$work"/killed/journal/*.jsonl | tail -n 1)
printf '{"index": 7, "scenario": "Job off' >> "$last"

"$parley" tournament "$work/t.yaml" --out "$work/killed" --resume --threads 2 --quiet --no-plot \
  2>"$work/resume.log"
cat "$work/resume.log"
grep -q "torn or invalid line" "$work/resume.log" || { echo "FAIL: torn line not reported"; exit 1; }
ran=$(sed -n 's/^\([0-9]*\) negotiations run, \([0-9]*\) resumed.*/\1/p' "$work/resume.log")
resumed=$(sed -n 's/^\([0-9]*\) negotiations run, \([0-9]*\) resumed.*/\2/p' "$work/resume.log")
[ "$resumed" -ge "$done_before" ] || { echo "FAIL: resumed $resumed < $done_before finished"; exit 1; }
[ $((ran + resumed)) -eq "$total" ] || { echo "FAIL: ran $ran + resumed $resumed != $total"; exit 1; }
for f in results.csv results.jsonl agents.csv scenarios.csv; do
  cmp "$work/reference/$f" "$work/killed/$f" || { echo "FAIL: $f differs"; exit 1; }
done
echo "PASS: $resumed negotiations kept, $ran run after the kill, files identical"

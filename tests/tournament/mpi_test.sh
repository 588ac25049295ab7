#!/bin/sh
# `mpirun -n 2 parley tournament` gives the same per-negotiation results as one process with one
# thread and with two threads (timings are kept apart in timings.csv).
# Usage: mpi_test.sh PARLEY MPIRUN EXAMPLES_DIR
set -eu
parley=$1
mpirun=$2
examples=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/t.yaml" <<YAML
tournament: mpi
seed: 5
repetitions: 3
deadline: {rounds: 100}
agents: ['boulware(e=0.2)', conceder, linear, 'random(p_accept=0.1)']
scenarios:
  - $examples/job-offer.yaml
  - $examples/business-contract.yaml
  - $examples/divorce-settlement.yaml
YAML
"$parley" tournament "$work/t.yaml" --out "$work/one" --threads 1 --quiet --no-plot
"$parley" tournament "$work/t.yaml" --out "$work/two" --threads 2 --quiet --no-plot
"$mpirun" --allow-run-as-root --oversubscribe -n 2 \
  "$parley" tournament "$work/t.yaml" --out "$work/mpi" --threads 1 --quiet --no-plot
ls "$work/mpi/journal" | grep -q R1 || { echo "FAIL: rank 1 wrote nothing"; exit 1; }
for f in results.csv results.jsonl agents.csv scenarios.csv; do
  cmp "$work/one/$f" "$work/two/$f" || { echo "FAIL: $f differs with 2 threads"; exit 1; }
  cmp "$work/one/$f" "$work/mpi/$f" || { echo "FAIL: $f differs under mpirun -n 2"; exit 1; }
done
echo "PASS: 1 thread, 2 threads and mpirun -n 2 give identical results"

#!/bin/sh
# Start-up of the command-line tool (docs/performance.md, Start-up): the median wall time of
# `parley --version` and of `parley info` on a small scenario over RUNS runs each (after a few
# warm-up runs), and the shared libraries each loads; with the corpus beside the checkout, also
# the whole `parley negotiate` process on Travel (188,160 packages, Boulware vs Conceder, 1000
# rounds, with its analysis), issue 16's "whole process" row.
# Usage: bench/startup.sh BUILD_DIR [RUNS]      (RUNS: default 200)
# The times include spawning the process and waiting for it (posix_spawn from Python); the row
# /bin/true is that floor on this machine. `uptime` is printed first: the machine may be shared.
set -eu
build=${1:?usage: bench/startup.sh BUILD_DIR [RUNS]}
runs=${2:-200}
root=$(cd "$(dirname "$0")/.." && pwd)
parley=$build/parley
[ -x "$parley" ] || { echo "no executable $parley (build it first)" >&2; exit 1; }
scenario=$root/examples/job-offer.yaml
travel=$root/../shared/scenarios/genius/anac2010/Travel
uptime
python3 - "$parley" "$scenario" "$runs" "$travel" <<'PY'
import os, statistics, subprocess, sys, time

parley, scenario, runs, travel = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]


def wall_times(argv):
    devnull = os.open(os.devnull, os.O_WRONLY)
    times = []
    for k in range(runs + 10):  # the first 10 warm the page cache and are not counted
        start = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                           (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status = os.waitpid(pid, 0)
        elapsed = time.perf_counter_ns() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(argv)} failed")
        if k >= 10:
            times.append(elapsed / 1e6)
    os.close(devnull)
    return times


def loaded_objects(argv):
    """Shared objects the run loaded (LD_DEBUG=files: one 'calling init' per object, dlopen
    included) and the dynamic loader's start-up cycles (LD_DEBUG=statistics)."""
    env = dict(os.environ, LD_DEBUG="files,statistics")
    err = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True).stderr
    names = sorted({line.split("calling init:")[1].strip().rsplit("/", 1)[-1]
                    for line in err.splitlines() if "calling init:" in line})
    # A static executable has no dynamic loader: nothing is loaded, and there is no such line.
    cycles = next((line.split(":", 2)[2].strip() for line in err.splitlines()
                   if "total startup time in dynamic loader" in line), "none (static)")
    return names, cycles


cases = [("/bin/true (the floor)", ["/bin/true"]),
         ("parley --version", [parley, "--version"]),
         ("parley info examples/job-offer.yaml", [parley, "info", scenario])]
if os.path.isdir(travel):
    cases.append(("parley negotiate Travel (1000 rounds)",
                  [parley, "negotiate", travel, "--agents", "boulware,conceder"]))
print(f"{'command':<40} {'median ms':>9} {'p10 ms':>7} {'p90 ms':>7} {'libs':>5}  ld.so start-up")
for label, argv in cases:
    times = sorted(wall_times(argv))
    names, cycles = loaded_objects(argv)
    p10, p90 = times[len(times) // 10], times[len(times) * 9 // 10]
    print(f"{label:<40} {statistics.median(times):9.2f} {p10:7.2f} {p90:7.2f} {len(names):5}  "
          f"{cycles}")
    if os.environ.get("STARTUP_LIST_LIBS"):
        print("  " + " ".join(names))
PY

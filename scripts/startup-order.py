#!/usr/bin/env python3
"""Writes apps/parley/startup-order.txt: the functions the static `parley` runs, in the order it
first runs them, for lld's --symbol-ordering-file (cmake/static_cli.cmake).

Each page of code a process touches first is mapped by a page fault that maps its 64 KiB
neighbourhood (about 18 us on the machines parley is measured on); laid out in link order, the
functions of `parley info` spread over 280 pages. In the order they run they fill a few dozen
(docs/performance.md, Start-up).

Usage: scripts/startup-order.py BUILD_DIR      (BUILD_DIR/parley: the static executable)

The commands traced: --version, info and solve on examples/job-offer.yaml, and with the corpus
beside the checkout the start-up benchmark's negotiation on Travel (bench/startup.sh). Valgrind's
lackey tool lists the code blocks each runs; `nm` names their functions. Run it again when the
start-up commands change much: a name that is no longer there is skipped by the linker, a
function missing from the list is only laid out after the listed ones.
"""
import bisect
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) != 2:
    sys.exit(__doc__.split("\n\n")[2])
parley = os.path.join(sys.argv[1], "parley")
if not os.access(parley, os.X_OK):
    sys.exit(f"no executable {parley} (build it first)")
scenario = os.path.join(root, "examples", "job-offer.yaml")
travel = os.path.join(root, "..", "shared", "scenarios", "genius", "anac2010", "Travel")
commands = [["--version"], ["info", scenario], ["solve", scenario]]
if os.path.isdir(travel):
    commands.append(["negotiate", travel, "--agents", "boulware,conceder"])

# The functions of the executable (text symbols), by address.
symbols = []
nm = subprocess.run(["nm", "--defined-only", "-n", "-S", parley], check=True,
                    capture_output=True, text=True).stdout
for line in nm.splitlines():
    fields = line.split()
    if len(fields) == 4 and fields[2] in "tTwWiI":
        symbols.append((int(fields[0], 16), int(fields[1], 16), fields[3]))
symbols.sort()
starts = [address for address, _, _ in symbols]

order, seen = [], set()
for command in commands:
    # lackey writes the blocks ("SB ADDRESS") to stderr, with the command's own stderr.
    trace = subprocess.run(["valgrind", "--tool=lackey", "--trace-superblocks=yes",
                            "--basic-counts=no", parley, *command],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           errors="replace")
    blocks = 0
    for line in trace.stderr.splitlines():
        if not line.startswith("SB "):
            continue
        blocks += 1
        address = int(line[3:], 16)
        k = bisect.bisect_right(starts, address) - 1
        if k < 0 or address >= symbols[k][0] + max(symbols[k][1], 1):
            continue
        name = symbols[k][2]
        if name not in seen:
            seen.add(name)
            order.append(name)
    if trace.returncode != 0 or blocks == 0:
        sys.exit(f"parley {' '.join(command)} failed under valgrind (exit {trace.returncode})")
    print(f"parley {' '.join(command)}: {blocks} blocks, {len(order)} functions so far",
          file=sys.stderr)

out = os.path.join(root, "apps", "parley", "startup-order.txt")
with open(out, "w") as f:
    f.write("\n".join(order) + "\n")
print(f"{out}: {len(order)} functions", file=sys.stderr)

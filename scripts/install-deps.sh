#!/usr/bin/env bash
# Installs parley's build and test dependencies from Debian's apt, only those missing.
# Idempotent: does nothing (and needs no network) when everything is installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t packages < <(grep -v -E '^\s*(#|$)' "$here/apt-packages.txt")
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# npm: NodeSource's nodejs already ships it (and conflicts with Debian's npm package); only a
# machine with Debian's own nodejs needs the separate package.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
((${#missing[@]} == 0)) && exit 0
echo "installing from apt: ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"

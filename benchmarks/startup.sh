#!/usr/bin/env bash
# Start-up of `policyrules check rules/handan-2017-04`, in the two forms the tool runs in: the framework-dependent
# build (`dotnet PolicyRules.Cli.dll`, as `dotnet run` and the plain tool package run it) and the ReadyToRun publish
# (precompiled; the fast form, see README). Each form runs STARTUP_REPEAT times (default 10), interleaved; for each the
# best and the median of wall time and of CPU time (user + system) are printed, with the load average before and after.
#
#   benchmarks/startup.sh                         # this tree
#   STARTUP_BASE=/path/to/other/tree benchmarks/startup.sh   # and another tree's build beside it, interleaved
#
# POLICYRULES_TIMINGS=1 on any policyrules command prints where its time went (phases, CPU, JIT, allocation).
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${STARTUP_REPEAT:-10}
work=${STARTUP_DIR:-${TMPDIR:-/tmp}/policyrules-startup}
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# build TREE NAME: the framework-dependent build and a ReadyToRun publish of TREE.
build() {
  (cd "$1" && dotnet build -c Release -v q -nologo src/PolicyRules.Cli/PolicyRules.Cli.csproj >/dev/null &&
    dotnet publish -c Release -v q -nologo src/PolicyRules.Cli/PolicyRules.Cli.csproj -p:PublishReadyToRun=true -o "$work/$2-r2r" >/dev/null)
}
forms=()
build "$PWD" this
forms+=("this framework-dependent|dotnet $PWD/src/PolicyRules.Cli/bin/Release/net10.0/PolicyRules.Cli.dll" "this ReadyToRun|$work/this-r2r/PolicyRules.Cli")
if [ -n "${STARTUP_BASE:-}" ]; then
  build "$STARTUP_BASE" base
  forms+=("base framework-dependent|dotnet $STARTUP_BASE/src/PolicyRules.Cli/bin/Release/net10.0/PolicyRules.Cli.dll" "base ReadyToRun|$work/base-r2r/PolicyRules.Cli")
fi

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in "${!forms[@]}"; do : > "$work/times-$k.txt"; done
for _ in $(seq "$repeat"); do
  for k in "${!forms[@]}"; do
    cmd=${forms[$k]#*|}
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %U %S" -a -o "$work/times-$k.txt" $cmd check rules/handan-2017-04 >/dev/null
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %s | %s | %s | %s | %s |\n' "form" "wall best" "wall median" "CPU best" "CPU median"
printf '|---|---:|---:|---:|---:|\n'
for k in "${!forms[@]}"; do
  wall=$(awk '{ print $1 * 1000 }' "$work/times-$k.txt" | sort -n)
  cpu=$(awk '{ print ($2 + $3) * 1000 }' "$work/times-$k.txt" | sort -n)
  mid=$(( (repeat + 1) / 2 ))
  printf '| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms |\n' "${forms[$k]%%|*}" \
    "$(echo "$wall" | head -1)" "$(echo "$wall" | sed -n "${mid}p")" "$(echo "$cpu" | head -1)" "$(echo "$cpu" | sed -n "${mid}p")"
done

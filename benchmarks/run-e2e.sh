#!/usr/bin/env bash
# End-to-end measurement of `policyrules run` (land_use_tax_parcel over generated parcel CSVs) against the plain
# C# program benchmarks/PlainCsvBaseline, which reads the same CSV and writes the same results with no rules layer.
# For each row count: wall time (best of E2E_REPEAT runs, process start to exit, package load and compilation
# included), rows per second, and peak memory (maximum resident set size, /usr/bin/time -v).
# Writes benchmarks/results/e2e.md and benchmarks/results/machine.md.
#
#   benchmarks/run-e2e.sh                      # 1,000,000 and 4,000,000 rows
#   E2E_ROWS="100000" E2E_REPEAT=1 benchmarks/run-e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rows_list=${E2E_ROWS:-"1000000 4000000"}
repeat=${E2E_REPEAT:-3}
work=${E2E_DIR:-${TMPDIR:-/tmp}/policyrules-e2e}
results=$root/benchmarks/results
mkdir -p "$work" "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release -v q -nologo src/PolicyRules.Cli/PolicyRules.Cli.csproj >/dev/null
dotnet build -c Release -v q -nologo benchmarks/PlainCsvBaseline/PlainCsvBaseline.csproj >/dev/null
dotnet build -c Release -v q -nologo benchmarks/PolicyRules.Benchmarks/PolicyRules.Benchmarks.csproj >/dev/null
cli=$root/src/PolicyRules.Cli/bin/Release/net10.0/PolicyRules.Cli.dll
plain=$root/benchmarks/PlainCsvBaseline/bin/Release/net10.0/PlainCsvBaseline.dll
bench=$root/benchmarks/PolicyRules.Benchmarks/bin/Release/net10.0/PolicyRules.Benchmarks.dll
rules=$root/rules/handan-2017-04
threads=$(nproc)

# machine.md
{
  echo "# The machine the benchmarks ran on"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| nproc | $(nproc) |"
  echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') |"
  echo "| memory | $(awk '/MemTotal/ {printf "%.1f GiB", $2/1024/1024}' /proc/meminfo) |"
  echo "| OS | $(uname -sr) |"
  echo "| .NET SDK | $(dotnet --version) |"
  echo "| .NET runtime | $(dotnet --list-runtimes | grep Microsoft.NETCore.App | tail -1 | cut -d' ' -f2) |"
} > "$results/machine.md"

# measure NAME COMMAND...: best wall time and the peak RSS of that run.
measure() {
  local best_s="" best_kb=""
  for _ in $(seq "$repeat"); do
    /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt"
    local wall kb
    wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    kb=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
    if [ -z "$best_s" ] || awk "BEGIN{exit !($wall < $best_s)}"; then best_s=$wall; best_kb=$kb; fi
  done
  echo "$best_s $best_kb"
}

table=$work/table.md
: > "$table"
for n in $rows_list; do
  csv=$work/parcels-$n.csv
  [ -f "$csv" ] || dotnet "$bench" parcels-csv "$n" "$csv" 10
  size=$(du -m "$csv" | cut -f1)
  echo "== $n rows ($size MB)" >&2
  read -r plain_s plain_kb < <(measure dotnet "$plain" "$csv" "$work/plain-$n.csv")
  read -r one_s one_kb < <(measure dotnet "$cli" run --rules "$rules" --module land_use_tax_parcel --input "$csv" --output "$work/run1-$n.csv" --at 2018-01-01 --threads 1)
  read -r all_s all_kb < <(measure dotnet "$cli" run --rules "$rules" --module land_use_tax_parcel --input "$csv" --output "$work/runN-$n.csv" --at 2018-01-01 --threads "$threads")
  tail -1 "$work/stderr.txt" >&2
  read -r int_s int_kb < <(repeat=1 measure dotnet "$cli" run --rules "$rules" --module land_use_tax_parcel --input "$csv" --output "$work/interp-$n.csv" --at 2018-01-01 --engine interpreter)
  # The same bytes whatever the thread count and engine; the results file is the plain program's too.
  cmp "$work/run1-$n.csv" "$work/runN-$n.csv"
  cmp "$work/run1-$n.errors.csv" "$work/runN-$n.errors.csv"
  cmp "$work/run1-$n.csv" "$work/interp-$n.csv"
  cmp "$work/run1-$n.errors.csv" "$work/interp-$n.errors.csv"
  cmp "$work/run1-$n.csv" "$work/plain-$n.csv"
  errors=$(($(wc -l < "$work/run1-$n.errors.csv") - 1))
  row() { # label seconds kb
    awk -v n="$n" -v label="$1" -v s="$2" -v kb="$3" -v base="$plain_s" \
      'BEGIN { printf "| %s | %d | %.2f s | %.0f | %.2f× | %.0f MiB |\n", label, n, s, n / s, s / base, kb / 1024 }' >> "$table"
  }
  row "plain C# (PlainCsvBaseline, 1 thread)" "$plain_s" "$plain_kb"
  row "policyrules run --threads 1" "$one_s" "$one_kb"
  row "policyrules run --threads $threads" "$all_s" "$all_kb"
  row "policyrules run --engine interpreter (1 run)" "$int_s" "$int_kb"
  echo "| ($n rows: $size MB in, $errors error rows; all five output files compared byte for byte) | | | | | |" >> "$table"
done

{
  echo "# End to end: policyrules run against a plain C# program"
  echo
  echo "land_use_tax_parcel over generated parcels (\`parcel_id,grade,area_m2\`, 1 % bad rows), \`--at 2018-01-01\`."
  echo "Wall time is the best of $repeat runs (1 for the interpreter), from process start to exit: .NET start-up, loading and"
  echo "checking the rule package and compiling the module are included. Peak memory is the maximum resident set size."
  echo "The ratio is wall time over the plain program's. Generated by \`benchmarks/run-e2e.sh\` on $(date -u +%Y-%m-%d)."
  echo
  echo "| program | rows | wall time | rows/s | vs plain | peak memory |"
  echo "|---|---:|---:|---:|---:|---:|"
  cat "$table"
  echo
  echo "Machine: see [machine.md](machine.md)."
} > "$results/e2e.md"
cat "$results/e2e.md"

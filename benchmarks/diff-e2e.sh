#!/usr/bin/env bash
# End-to-end measurement of `policyrules diff` against `policyrules run` over the same generated parcel CSV
# (land_use_tax_parcel, the CSV generated as run-e2e.sh generates it). The new version is a temporary copy of
# rules/handan-2017-04 with the grade-1 rate 25 → 30 元 in hz107.rules, so about a fifth of the rows change.
# For each row count: wall time (best of E2E_REPEAT runs, process start to exit) and peak memory of
#   run (one package), diff (two packages), and diff --by grade --changes FILE.
# Writes benchmarks/results/diff-e2e.md.
#
#   benchmarks/diff-e2e.sh                      # 1,000,000 rows
#   E2E_ROWS="100000" E2E_REPEAT=1 benchmarks/diff-e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rows_list=${E2E_ROWS:-"1000000"}
repeat=${E2E_REPEAT:-3}
work=${E2E_DIR:-${TMPDIR:-/tmp}/policyrules-diff-e2e}
results=$root/benchmarks/results
mkdir -p "$work" "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release -v q -nologo src/PolicyRules.Cli/PolicyRules.Cli.csproj >/dev/null
dotnet build -c Release -v q -nologo benchmarks/PolicyRules.Benchmarks/PolicyRules.Benchmarks.csproj >/dev/null
cli=$root/src/PolicyRules.Cli/bin/Release/net10.0/PolicyRules.Cli.dll
bench=$root/benchmarks/PolicyRules.Benchmarks/bin/Release/net10.0/PolicyRules.Benchmarks.dll
rules=$root/rules/handan-2017-04
threads=$(nproc)

changed=$work/diff-package
rm -rf "$changed"
cp -r "$rules" "$changed"
sed -i 's/1 => 25 yuan/1 => 30 yuan/' "$changed/hz107.rules"
grep -q '1 => 30 yuan' "$changed/hz107.rules"

# once COMMAND...: wall seconds, peak RSS (KiB) and CPU seconds (user + sys) of one run (exit 1 is a diff that found
# changes, not a failure).
once() {
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || [ $? -eq 1 ]
  local wall kb cpu
  wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  kb=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")
  echo "$wall $kb $cpu"
}
# better OLD_S OLD_KB OLD_CPU NEW_S NEW_KB NEW_CPU: the best wall time (with its peak memory) and the least CPU time.
better() {
  local s=$4 kb=$5 cpu=$6
  if [ -n "$1" ] && awk "BEGIN{exit !($1 <= $4)}"; then s=$1; kb=$2; fi
  if [ -n "$3" ] && awk "BEGIN{exit !($3 <= $6)}"; then cpu=$3; fi
  echo "$s $kb $cpu"
}

table=$work/diff-table.md
: > "$table"
for n in $rows_list; do
  csv=$work/parcels-$n.csv
  [ -f "$csv" ] || dotnet "$bench" parcels-csv "$n" "$csv" 10
  size=$(du -m "$csv" | cut -f1)
  echo "== $n rows ($size MB)" >&2
  # The three programs take turns, so that a busy machine slows each of them alike.
  run_s="" run_kb="" run_cpu="" diff_s="" diff_kb="" diff_cpu="" by_s="" by_kb="" by_cpu=""
  for _ in $(seq "$repeat"); do
    read -r run_s run_kb run_cpu < <(better "$run_s" "$run_kb" "$run_cpu" $(once dotnet "$cli" run --rules "$rules" --module land_use_tax_parcel --input "$csv" --output "$work/run-$n.csv" --at 2018-01-01 --threads "$threads"))
    read -r diff_s diff_kb diff_cpu < <(better "$diff_s" "$diff_kb" "$diff_cpu" $(once dotnet "$cli" diff --base "$rules" --rules "$changed" --module land_use_tax_parcel --input "$csv" --at 2018-01-01 --threads "$threads" --format json))
    read -r by_s by_kb by_cpu < <(better "$by_s" "$by_kb" "$by_cpu" $(once dotnet "$cli" diff --base "$rules" --rules "$changed" --module land_use_tax_parcel --input "$csv" --at 2018-01-01 --threads "$threads" --by grade --changes "$work/changes-$n.csv"))
  done
  dotnet "$cli" diff --base "$rules" --rules "$changed" --module land_use_tax_parcel --input "$csv" --at 2018-01-01 --format json > "$work/diff-$n.json" 2>/dev/null
  changes=$(($(wc -l < "$work/changes-$n.csv") - 1))
  row() { # label seconds kb cpu
    awk -v n="$n" -v label="$1" -v s="$2" -v kb="$3" -v cpu="$4" -v base="$run_s" -v basecpu="$run_cpu" \
      'BEGIN { printf "| %s | %d | %.2f s | %.2f× | %.2f s | %.2f× | %.0f MiB |\n", label, n, s, s / base, cpu, cpu / basecpu, kb / 1024 }' >> "$table"
  }
  row "policyrules run --threads $threads" "$run_s" "$run_kb" "$run_cpu"
  row "policyrules diff --threads $threads --format json" "$diff_s" "$diff_kb" "$diff_cpu"
  row "policyrules diff --threads $threads --by grade --changes (text)" "$by_s" "$by_kb" "$by_cpu"
  echo "| ($n rows: $size MB in; $(grep -m1 '"changed"' "$work/diff-$n.json" | tr -dc 0-9) rows changed, $changes lines in the changes file; load average $(cut -d' ' -f1 /proc/loadavg) at the end) | | | | | | |" >> "$table"
done

{
  echo "# End to end: policyrules diff against policyrules run"
  echo
  echo "land_use_tax_parcel over generated parcels (\`parcel_id,grade,area_m2\`, 1 % bad rows), \`--at 2018-01-01\`; the new"
  echo "version has the grade-1 rate 30 元 instead of 25 元. Wall time is the best of $repeat runs, from process start to exit"
  echo "(for diff: loading and compiling both packages); CPU time (user + sys) is the least of the runs, the steadier figure"
  echo "on a busy machine. The three programs take turns. Peak memory is the maximum resident set size. The ratios are over"
  echo "run's. Generated by \`benchmarks/diff-e2e.sh\` on $(date -u +%Y-%m-%d)."
  echo
  echo "| program | rows | wall time | vs run | CPU time | vs run | peak memory |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  cat "$table"
  echo
  echo "Machine: see [machine.md](machine.md)."
} > "$results/diff-e2e.md"
cat "$results/diff-e2e.md"

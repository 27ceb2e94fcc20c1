# Repository checks sourced by .ci/run; each `run_check NAME COMMAND…` counts as one test.
policyrules() { dotnet run --project src/PolicyRules.Cli --no-build -- "$@"; }

run_check "policyrules check rules/handan-2017-04" policyrules check rules/handan-2017-04
run_check "README quick start: bulk run on the bundled sample" \
  policyrules run --rules rules/handan-2017-04 --module land_use_tax_parcel \
    --input samples/parcels.csv --output artifacts/parcels-tax.csv --at 2017-09-01
run_check "docs/packages/handan-2017-04.md matches a fresh 'policyrules doc'" \
  policyrules doc rules/handan-2017-04 --output docs/packages/handan-2017-04.md --check

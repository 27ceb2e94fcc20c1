# Repository checks sourced by .ci/run; each `run_check NAME COMMAND…` counts as one test.
policyrules() { dotnet run --project src/PolicyRules.Cli --no-build -- "$@"; }

run_check "policyrules check rules/handan-2017-04" policyrules check rules/handan-2017-04
run_check "README quick start: bulk run on the bundled sample" \
  policyrules run --rules rules/handan-2017-04 --module land_use_tax_parcel \
    --input samples/parcels.csv --output artifacts/parcels-tax.csv --at 2017-09-01
run_check "docs/packages/handan-2017-04.md matches a fresh 'policyrules doc'" \
  policyrules doc rules/handan-2017-04 --output docs/packages/handan-2017-04.md --check
# A NuGet consumer: pack the rule package into a local feed and run the sample app that restores it from there.
sample_from_local_feed() {
  rm -rf artifacts/feed artifacts/sample-packages &&
  dotnet pack rules/handan-2017-04 -o artifacts/feed > artifacts/pack.log 2>&1 &&
  dotnet run --project samples/PolicyRules.Sample > artifacts/sample.log 2>&1 &&
  grep -Eq "^  \[[0-9]+\] 邯政办字〔2017〕107号 §二" artifacts/sample.log
}
run_check "the sample app consumes PolicyRules.Handan2017 from a local NuGet feed" sample_from_local_feed
# The package ships its scenario files: `policyrules test` runs them on the package as NuGet installed it.
installed_package_scenarios() {
  local rules
  rules=$(ls -d artifacts/sample-packages/policyrules.handan2017/*/rules | head -n 1) &&
  policyrules test "$rules" > artifacts/installed-test.log 2>&1 &&
  # The package's scenario files are Chinese, so the summary is Chinese unless --lang en is given.
  grep -Eq '^([1-9][0-9]* passed, 0 failed|通过 [1-9][0-9]* 个，未通过 0 个)$' artifacts/installed-test.log
}
run_check "policyrules test on the installed PolicyRules.Handan2017 package" installed_package_scenarios


using BenchmarkDotNet.Running;
using PolicyRules.Benchmarks;

// dotnet run -c Release --project benchmarks/PolicyRules.Benchmarks -- --filter '*'     (BenchmarkDotNet)
// dotnet run -c Release --project benchmarks/PolicyRules.Benchmarks -- cpu-ratio [ROUNDS] [landtax|subsidy|child|deadline…]   (thread CPU time, compiled against hand-written)
// dotnet run -c Release --project benchmarks/PolicyRules.Benchmarks -- parcels-csv N OUT.csv [BAD_PER_THOUSAND]
if (args.Length >= 3 && args[0] == "parcels-csv")
{
    var rows = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
    var bad = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10;
    ParcelsCsv.Write(args[2], rows, bad);
    return 0;
}
if (args.Length >= 1 && args[0] == "cpu-ratio")
{
    CpuRatio.Run(args[1..]);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(LandTaxBenchmarks).Assembly).Run(args);
return 0;

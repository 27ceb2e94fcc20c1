// A bounded load test of `policyrules serve` on loopback: N evaluate requests at a fixed concurrency, with and without
// the explanation, each answer checked (annual_tax = the §二 rate × area). Writes throughput and latency percentiles
// as Markdown. A tool, not a test: speed is measured here, never asserted.
//
//   dotnet run -c Release --project benchmarks/ServeLoad -- [--requests 20000] [--concurrency 32] [--out FILE]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PolicyRules.Server;

var requests = Option("--requests", 20_000);
var concurrency = Option("--concurrency", 32);
var warmup = Option("--warmup", 2_000);
var output = OptionText("--out");
var root = FindRoot();

using var stop = new CancellationTokenSource();
var started = new TaskCompletionSource<Uri>();
var log = new StringWriter();
var server = Task.Run(() => ServeCommand.RunAsync(
    new ServeOptions(Path.Combine(root, "rules", "handan-2017-04")) { Host = "127.0.0.1", Port = 0 }, log, log, stop.Token, started.SetResult));
var address = await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
if (!IPAddress.IsLoopback(IPAddress.Parse(address.Host))) throw new InvalidOperationException("the load test runs on loopback only");

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = address,
};

// 邯政办字〔2017〕107号 §二: 一级地段 25 元, 二级 18 元, 三级 10 元, 四级 6 元, 五级 3 元 a square metre a year.
decimal[] rates = [25m, 18m, 10m, 6m, 3m];
var random = new Random(20171);
var questions = Enumerable.Range(0, requests + warmup).Select(_ =>
{
    var grade = random.Next(1, 6);
    var area = random.Next(1, 5_000_000) / 100m;
    return (Body: $"{{\"grade\":{grade},\"area_m2\":{area.ToString(CultureInfo.InvariantCulture)}}}", Tax: rates[grade - 1] * area);
}).ToArray();

var report = new StringBuilder();
report.AppendLine("# `policyrules serve` under load");
report.AppendLine();
report.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project benchmarks/ServeLoad -- --requests {requests} --concurrency {concurrency}`: ");
report.AppendLine($"the service and the client in one process (server GC) on {address}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
    $"load average before the run {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (the machine is shared).");
report.AppendLine($"`POST /api/modules/land_use_tax_parcel/evaluate?at=2017-09-01`, a seeded mix of grades 1–5 and areas with cents; every answer is checked");
report.AppendLine($"against 邯政办字〔2017〕107号 §二 (rate × area). {warmup:N0} warm-up requests of each kind before the measured runs are not counted.");
report.AppendLine();
report.AppendLine("| run | requests | concurrency | errors | wall | throughput | p50 | p90 | p99 | max |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
// Both kinds of request are warmed up before either is measured, so that neither run pays for the other's JIT.
foreach (var explain in new[] { false, true }) await Run(questions[..warmup], explain);
foreach (var explain in new[] { false, true })
{
    var (wall, latencies, errors) = await Run(questions[warmup..], explain);
    Array.Sort(latencies);
    string Ms(double ticks) => (ticks * 1000 / Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture) + " ms";
    double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
    var line = $"| evaluate{(explain ? " &explain=true" : "")} | {requests:N0} | {concurrency} | {errors} | {wall.TotalSeconds:0.00} s | " +
        $"{requests / wall.TotalSeconds:N0} req/s | {Ms(P(0.50))} | {Ms(P(0.90))} | {Ms(P(0.99))} | {Ms(latencies[^1])} |";
    report.AppendLine(line);
    Console.WriteLine(line);
}
stop.Cancel();
await server;

if (output is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    File.WriteAllText(output, report.ToString());
    Console.WriteLine($"written to {output}");
}
else Console.Write(report);

async Task<(TimeSpan Wall, long[] Latencies, int Errors)> Run((string Body, decimal Tax)[] batch, bool explain)
{
    var latencies = new long[batch.Length];
    var errors = 0;
    var next = -1;
    var path = "api/modules/land_use_tax_parcel/evaluate?at=2017-09-01" + (explain ? "&explain=true" : "");
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < batch.Length)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync(path, new StringContent(batch[i].Body, Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsByteArrayAsync();
            latencies[i] = Stopwatch.GetTimestamp() - start;
            if (response.StatusCode != HttpStatusCode.OK || !Correct(body, batch[i].Tax)) Interlocked.Increment(ref errors);
        }
    }));
    return (wall.Elapsed, latencies, errors);
}

static bool Correct(byte[] body, decimal tax)
{
    using var doc = JsonDocument.Parse(body);
    return doc.RootElement.GetProperty("outputs").GetProperty("annual_tax").GetDecimal() == tax;
}

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln"))) return dir.FullName;
    throw new InvalidOperationException("cannot find PolicyRules.sln above " + AppContext.BaseDirectory);
}

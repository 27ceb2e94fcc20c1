using PolicyRules.Benchmarks;

namespace PolicyRules.Benchmarks.Tests;

/// <summary>
/// Every engine of the benchmarks gives the hand-written baseline's answers on the benchmark data (smaller N),
/// so a fast wrong answer cannot win. Timings are never asserted here.
/// </summary>
public class EnginesAgreeTests
{
    private const int N = 3000;
    private const int RulesEngineN = 400;

    [Fact]
    public void Land_tax_every_engine_agrees()
    {
        var d = new LandTaxData(N);
        var expected = new LandTaxResults(N);
        LandTaxEngines.HandWritten(d, expected, N);
        Assert.All(expected.Ok, Assert.True);
        Assert.Equal(5, expected.RatePerM2.Distinct().Count());

        void Same(LandTaxResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.Equal(expected.Ok[i], r.Ok[i]);
                Assert.Equal(expected.RatePerM2[i], r.RatePerM2[i]);
                Assert.Equal(expected.AnnualTax[i], r.AnnualTax[i]);
                Assert.Equal(expected.AnnualTax[i].ToString(), r.AnnualTax[i].ToString());
            }
        }
        var records = new LandTaxResults(N);
        LandTaxEngines.HandWrittenRecords(new LandTaxEngines.Generated(d).Inputs, records, N);
        Same(records, N);
        var compiled = new LandTaxEngines.Compiled(d);
        Assert.Equal(0, compiled.Module.MemoFlags);
        compiled.Run();
        compiled.Run();   // a second run over the same batch gives the same
        var c = new LandTaxResults(N);
        compiled.CopyTo(c);
        Same(c, N);
        var g = new LandTaxResults(N);
        new LandTaxEngines.Generated(d).Run(g, N);
        Same(g, N);
        g = new LandTaxResults(N);
        new LandTaxEngines.Generated(d).RunValues(g, N);
        Same(g, N);
        var i = new LandTaxResults(N);
        new LandTaxEngines.Interpreted(d, N).Run(i, N);
        Same(i, N);
        var re = new LandTaxResults(N);
        new LandTaxEngines.RulesEngineRun(d, RulesEngineN).Run(re, RulesEngineN);
        Same(re, RulesEngineN);
    }

    [Fact]
    public void Subsidy_every_engine_agrees()
    {
        var d = new SubsidyData(N);
        var expected = new SubsidyResults(N);
        SubsidyEngines.HandWritten(d, expected, N);
        Assert.Contains(true, expected.Eligible);
        Assert.Contains(false, expected.Eligible);
        Assert.Contains(12, expected.MaxMonths);
        Assert.Equal(2, expected.CoverageRatio.Distinct().Count());

        void Same(SubsidyResults r, int count)
        {
            for (var k = 0; k < count; k++)
            {
                Assert.Equal(expected.Ok[k], r.Ok[k]);
                Assert.Equal(expected.Eligible[k], r.Eligible[k]);
                Assert.Equal(expected.CoverageRatio[k], r.CoverageRatio[k]);
                Assert.Equal(expected.MaxMonths[k], r.MaxMonths[k]);
                Assert.Equal(expected.GrantedMonths[k], r.GrantedMonths[k]);
                Assert.Equal(expected.MonthlyAmount[k], r.MonthlyAmount[k]);
                Assert.Equal(expected.SubsidyAmount[k], r.SubsidyAmount[k]);
                Assert.Equal(expected.SubsidyAmount[k].ToString(), r.SubsidyAmount[k].ToString());
            }
        }
        var compiled = new SubsidyEngines.Compiled(d);
        compiled.Run();
        var c = new SubsidyResults(N);
        compiled.CopyTo(c);
        Same(c, N);
        var g = new SubsidyResults(N);
        new SubsidyEngines.Generated(d).Run(g, N);
        Same(g, N);
        g = new SubsidyResults(N);
        new SubsidyEngines.Generated(d).RunValues(g, N);
        Same(g, N);
        var i = new SubsidyResults(N);
        new SubsidyEngines.Interpreted(d, N).Run(i, N);
        Same(i, N);
        var re = new SubsidyResults(N);
        new SubsidyEngines.RulesEngineRun(d, RulesEngineN).Run(re, RulesEngineN);
        Same(re, RulesEngineN);
    }

    [Fact]
    public void Left_behind_child_every_engine_agrees()
    {
        var d = new ChildData(N);
        var expected = new ChildResults(N);
        ChildEngines.HandWritten(d, expected, N);
        Assert.Contains(true, expected.IsDoubleLeftBehind);
        Assert.Contains(false, expected.IsLeftBehind);
        Assert.Contains(16, expected.Age);

        void Same(ChildResults r)
        {
            for (var k = 0; k < N; k++)
            {
                Assert.Equal(expected.Ok[k], r.Ok[k]);
                Assert.Equal(expected.Age[k], r.Age[k]);
                Assert.Equal(expected.IsLeftBehind[k], r.IsLeftBehind[k]);
                Assert.Equal(expected.IsDoubleLeftBehind[k], r.IsDoubleLeftBehind[k]);
            }
        }
        var compiled = new ChildEngines.Compiled(d);
        compiled.Run();
        var c = new ChildResults(N);
        compiled.CopyTo(c);
        Same(c);
        var g = new ChildResults(N);
        new ChildEngines.Generated(d).Run(g, N);
        Same(g);
        g = new ChildResults(N);
        new ChildEngines.Generated(d).RunValues(g, N);
        Same(g);
        var i = new ChildResults(N);
        new ChildEngines.Interpreted(d, N).Run(i, N);
        Same(i);
    }

    [Fact]
    public void Publication_deadline_every_engine_agrees()
    {
        var d = new DeadlineData(N);
        var expected = new DeadlineResults(N);
        DeadlineEngines.HandWritten(DeadlineEngines.Calendar(), d, expected, N);
        Assert.All(expected.Ok, Assert.True);

        void Same(DeadlineResults r)
        {
            for (var k = 0; k < N; k++)
            {
                Assert.Equal(expected.Ok[k], r.Ok[k]);
                Assert.Equal(expected.PublishBy[k], r.PublishBy[k]);
            }
        }
        var records = new DeadlineResults(N);
        DeadlineEngines.HandWrittenRecords(DeadlineEngines.Calendar(), new DeadlineEngines.Generated(d).Inputs, records, N);
        Same(records);
        var compiled = new DeadlineEngines.Compiled(d);
        compiled.Run();
        var c = new DeadlineResults(N);
        compiled.CopyTo(c);
        Same(c);
        var g = new DeadlineResults(N);
        new DeadlineEngines.Generated(d).Run(g, N);
        Same(g);
        g = new DeadlineResults(N);
        new DeadlineEngines.Generated(d).RunValues(g, N);
        Same(g);
        var i = new DeadlineResults(N);
        new DeadlineEngines.Interpreted(d, N).Run(i, N);
        Same(i);
    }

    [Fact]
    public void The_compiled_bulk_path_allocates_nothing_per_record()
    {
        var d = new SubsidyData(20_000);
        var compiled = new SubsidyEngines.Compiled(d);
        compiled.Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        compiled.Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"{allocated} bytes allocated for 20,000 records");
    }

    [Fact]
    public void The_parcels_csv_is_deterministic()
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-bench-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        ParcelsCsv.Write(Path.Combine(dir, "a.csv"), 2000);
        ParcelsCsv.Write(Path.Combine(dir, "b.csv"), 2000);
        var a = File.ReadAllBytes(Path.Combine(dir, "a.csv"));
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(dir, "b.csv")));
        var lines = File.ReadAllLines(Path.Combine(dir, "a.csv"));
        Assert.Equal(2001, lines.Length);
        Assert.InRange(lines.Count(l => l.Split(',').Length != 3 || l.Contains(",7,") || l.Contains(",x,") || l.EndsWith(',') || l.Contains(",-")), 5, 60);
    }
}

using System.Diagnostics;
using PolicyRules.Rules;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// The analyzer in a real build: `dotnet build` of a small project in a temporary folder that receives the analyzer
/// as a consumer does (the analyzer, the netstandard2.0 front end and Sprache as Analyzer items). An uncited rule fails
/// the build with PR0106 at its line in the .rules file, a [Rule] class without [Cites] with PR0401 at its line in C#;
/// cited, the project builds and calls the generated module.
/// </summary>
public sealed class BuildTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policyrules-build-").FullName;

    private const string Registry = """
        document hz107 "邯政办字〔2017〕107号" {
          title "关于调整城区城镇土地使用税地段等级范围的通知"
          in_force from 2017-08-16
          § 二 "一级地段 25 元，二级地段 18 元，三级地段 10 元，四级地段 6 元，五级地段 3 元。"
        }
        """;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void An_uncited_rule_fails_the_build_with_its_id_at_its_line()
    {
        WriteProject(
            """
            module tax {
              input area_m2: decimal

              output annual_tax: money
                = 25 yuan * area_m2
            }
            """,
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule]
            public sealed class GradeOneRate
            {
            }
            """);

        var (exitCode, output) = Build();

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{Path.Combine(_dir, "tax.rules")}(4,3): error PR0106: output 'annual_tax' cites no provision", output);
        Assert.Contains($"{Path.Combine(_dir, "Rule.cs")}(6,21): error PR0401: 'GradeOneRate' is marked [Rule] but cites no provision", output);
    }

    [Fact]
    public void A_cited_rule_builds_and_its_generated_module_is_there_to_call()
    {
        WriteProject(
            """
            module tax {
              input area_m2: decimal

              output annual_tax: money
                cites hz107 §二
                = 25 yuan * area_m2
            }
            """,
            """
            using System;
            using PolicyRules.Rules;

            namespace Demo;

            [Rule]
            [Cites("邯政办字〔2017〕107号", "二")]
            public sealed class GradeOneRate
            {
                public static PolicyRules.Money For(decimal areaM2) =>
                    Tax.Evaluate(new Tax.Input { AreaM2 = areaM2 }, new DateOnly(2018, 1, 1)).Value.AnnualTax;
            }
            """);

        var (exitCode, output) = Build();

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("warning PR", output);
    }

    private void WriteProject(string rules, string csharp)
    {
        var analyzers = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "analyzer-paths.txt")).Where(l => l.Length > 0).ToList();
        Assert.Equal(3, analyzers.Count); // the analyzer, PolicyRules.Language (netstandard2.0), Sprache
        var runtime = typeof(CitesAttribute).Assembly.Location;
        var language = typeof(PolicyRules.Language.RuleCompilation).Assembly.Location;
        File.WriteAllText(Path.Combine(_dir, "Demo.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RootNamespace>Demo</RootNamespace>
                <EnableDefaultItems>false</EnableDefaultItems>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="*.cs" />
                <AdditionalFiles Include="*.rules" />
                <Reference Include="{runtime}" />
                <Reference Include="{language}" />
            {string.Join("\n", analyzers.Select(a => $"    <Analyzer Include=\"{a}\" />"))}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_dir, "registry.rules"), Registry);
        File.WriteAllText(Path.Combine(_dir, "tax.rules"), rules);
        File.WriteAllText(Path.Combine(_dir, "Rule.cs"), csharp);
    }

    private (int ExitCode, string Output) Build()
    {
        var start = new ProcessStartInfo("dotnet", ["build", _dir, "-nologo", "-clp:NoSummary", "--disable-build-servers", "-p:UseSharedCompilation=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(50)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet build took more than 50 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

using Microsoft.CodeAnalysis;
using PolicyRules.Analyzers.Tests.Infrastructure;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// Each rule-language diagnostic reported by <see cref="RulesFileAnalyzer"/> in a .rules file, at the marked place
/// ([|…|]: the diagnostic starts there, at that line and column of that file), and the same module fixed reports nothing.
/// </summary>
public sealed class RulesFileAnalyzerTests
{
    private const string RegistryPath = "/pkg/registry.rules";
    private const string ModulePath = "/pkg/module.rules";

    /// <summary>A small registry: 107号 (in force, repeals 〔2014〕26号 at §三), 〔2014〕26号, and the Civil Code (external).</summary>
    public const string Registry = """
        document hz107 "邯政办字〔2017〕107号" {
          title "关于调整城区城镇土地使用税地段等级范围的通知"
          issued 2017-08-16
          in_force from 2017-08-16
          repeals hz2014_26 §三
          § 一 "城区范围内新地段等级范围划分情况"
          § 二 "一级地段 25 元，二级地段 18 元，三级地段 10 元，四级地段 6 元，五级地段 3 元。"
          § 三 "（〔2014〕26 号）同时废止。"
        }

        document hz2014_26 "〔2014〕26号" {
          in_force from 2014-01-01
        }

        document mfd "中华人民共和国民法典" {
          external
          in_force from 2021-01-01
          § 第201条 "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。"
        }
        """;

    public static TheoryData<string, string, string> Cases() => new()
    {
        {
            "PR0001",
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = 25 yuan * area_m2 [|)|]
            }
            """,
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = 25 yuan * area_m2
            }
            """
        },
        {
            "PR0003",
            """
            module tax {
              output big: int cites hz107 §二 = [|99999999999|]
            }
            """,
            """
            module tax {
              output big: decimal cites hz107 §二 = 99999999999.0
            }
            """
        },
        {
            "PR0004",
            """
            module tax {
              input area_m2: decimal label "面积" [|label "面积（平方米）"|]
              output annual_tax: money cites hz107 §二 = 25 yuan * area_m2
            }
            """,
            """
            module tax {
              input area_m2: decimal label "面积（平方米）"
              output annual_tax: money cites hz107 §二 = 25 yuan * area_m2
            }
            """
        },
        {
            "PR0101",
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = 25 yuan * [|area|]
            }
            """,
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = 25 yuan * area_m2
            }
            """
        },
        {
            "PR0102",
            """
            module tax {
              output rate: money cites hz107 §二 = 25 yuan
              [|output rate: money cites hz107 §二 = 18 yuan|]
            }
            """,
            """
            module tax {
              output rate: money cites hz107 §二 = 25 yuan
              output rate2: money cites hz107 §二 = 18 yuan
            }
            """
        },
        {
            "PR0103",
            """
            module tax {
              output grade: int cites hz107 §一 = 1
              output rate: money cites [|hz999 §二|] = 25 yuan
            }
            """,
            """
            module tax {
              output rate: money cites hz107 §二 = 25 yuan
            }
            """
        },
        {
            "PR0104",
            """
            module tax {
              output grade: int cites hz107 §一 = 1
              output rate: money cites [|hz107 §九|] = 25 yuan
            }
            """,
            """
            module tax {
              output rate: money cites hz107 §二 = 25 yuan
            }
            """
        },
        {
            "PR0105",
            """
            module tax {
              output grade: int cites hz107 §一 = 1
              output rate: money cites [|hz2014_26|] = 25 yuan
            }
            """,
            """
            module tax {
              output rate: money cites hz107 §二 = 25 yuan
            }
            """
        },
        {
            "PR0106",
            """
            module tax {
              input area_m2: decimal
              [|output annual_tax: money
                = 25 yuan * area_m2|]
            }
            """,
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money
                cites hz107 §二
                = 25 yuan * area_m2
            }
            """
        },
        {
            "PR0107",
            """
            module tax {
              [|in_force from 2010-01-01|]
              output rate: money cites hz107 §二 = 25 yuan
            }
            """,
            """
            module tax {
              in_force from 2018-01-01
              output rate: money cites hz107 §二 = 25 yuan
            }
            """
        },
        {
            "PR0108",
            """
            module tax {
              output grade: [|integer|] cites hz107 §一 = 1
            }
            """,
            """
            module tax {
              output grade: int cites hz107 §一 = 1
            }
            """
        },
        {
            "PR0109",
            """
            module tax {
              input central: bool
              output grade: int cites hz107 §一
                rule rest cites hz107 §一 = 5
                rule centre exception of [|rset|] when central cites hz107 §一 = 1
            }
            """,
            """
            module tax {
              input central: bool
              output grade: int cites hz107 §一
                rule rest cites hz107 §一 = 5
                rule centre exception of rest when central cites hz107 §一 = 1
            }
            """
        },
        {
            "PR0110",
            """
            module tax {
              [|output a: int cites hz107 §二 = b + 1|]
              output b: int cites hz107 §二 = a + 1
            }
            """,
            """
            module tax {
              output a: int cites hz107 §二 = b + 1
              output b: int cites hz107 §二 = 1
            }
            """
        },
        {
            "PR0111",
            """
            [|document hz200 "邯政办字〔2017〕200号" {
              § 一 "……"
            }|]
            module tax {
              output rate: money cites hz107 §二 = 25 yuan
            }
            """,
            """
            document hz200 "邯政办字〔2017〕200号" {
              issued 2017-09-01
              § 一 "……"
            }
            module tax {
              output rate: money cites hz107 §二 = 25 yuan
            }
            """
        },
        {
            "PR0112",
            """
            [|module period {
              input start: date
              output end: date cites mfd §第201条 = add_days(start, 10)
            }|]
            """,
            """
            module period {
              input start: date
              output end: date cites hz107 §三, mfd §第201条 = add_days(start, 10)
            }
            """
        },
        {
            "PR0201",
            """
            module tax {
              output grade: int cites hz107 §一 = [|true|]
            }
            """,
            """
            module tax {
              output grade: int cites hz107 §一 = 1
            }
            """
        },
        {
            "PR0202",
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = [|25 yuan + area_m2|]
            }
            """,
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = 25 yuan * area_m2
            }
            """
        },
        {
            "PR0203",
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = [|rnd(25 yuan * area_m2, 2)|]
            }
            """,
            """
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = round(25 yuan * area_m2, 2)
            }
            """
        },
        {
            "PR0204",
            """
            module tax {
              input grade: int
              output rate: money cites hz107 §二 = [|match grade {
                  case 1 => 25 yuan
                  case 2 => 18 yuan
                }|]
            }
            """,
            """
            module tax {
              input grade: int
              output rate: money cites hz107 §二 = match grade {
                  case 1 => 25 yuan
                  case 2 => 18 yuan
                  else => 3 yuan
                }
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_the_error_at_its_line_and_column_in_the_rules_file(string id, string marked, string _)
    {
        var markup = Markup.Parse(marked);
        var diagnostics = await Analyze(markup.Text);

        var expected = markup.Starts().Select(s => (id, ModulePath, s.Line, s.Column)).ToList();
        var actual = diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().Path, d.Location.GetLineSpan().StartLinePosition.Line + 1,
            d.Location.GetLineSpan().StartLinePosition.Character + 1)).ToList();
        Assert.Equal(expected, actual);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(Location.Create(ModulePath, markup.Spans[0], default).SourceSpan.Start, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(PolicyRules.Language.Diagnostics.DiagnosticIds.HelpUri(id), diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal(LocationKind.ExternalFile, diagnostic.Location.Kind);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_nothing_once_the_rule_is_fixed(string id, string _, string fixedRules)
    {
        var diagnostics = await Analyze(fixedRules);
        Assert.True(diagnostics.IsEmpty, $"{id}: " + string.Join("\n", diagnostics));
    }

    [Fact]
    public async Task PR0002_a_rules_file_the_compiler_cannot_read()
    {
        var diagnostics = await TestCompilation.AnalyzeAsync([], [TestCompilation.Rules(RegistryPath, Registry), TestCompilation.Rules(ModulePath, null)]);
        var d = Assert.Single(diagnostics);
        Assert.Equal("PR0002", d.Id);
        Assert.Equal(ModulePath, d.Location.GetLineSpan().Path);
    }

    [Fact]
    public async Task PR0002_not_reported_for_a_readable_file()
    {
        var diagnostics = await TestCompilation.AnalyzeAsync([], [TestCompilation.Rules(RegistryPath, Registry), TestCompilation.Rules(ModulePath, "")]);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task A_case_listed_twice_is_its_own_warning_PR0205()
    {
        var diagnostics = await Analyze("""
            module tax {
              input grade: int
              output rate: money cites hz107 §二 = match grade {
                  case 1 => 25 yuan
                  case 1 => 18 yuan
                  else => 3 yuan
                }
            }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal(("PR0205", DiagnosticSeverity.Warning), (d.Id, d.Severity));
        Assert.Equal(5, d.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public async Task Files_of_a_referenced_rule_package_are_not_reported_again()
    {
        var options = new TestOptionsProvider().WithFile(ModulePath, new Dictionary<string, string> { ["PolicyRulesReference"] = "true" });
        var diagnostics = await TestCompilation.AnalyzeAsync([],
            [TestCompilation.Rules(RegistryPath, Registry), TestCompilation.Rules(ModulePath, "module m { output x: int = 1 }")], options);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task The_message_carries_the_front_ends_suggestion()
    {
        var diagnostics = await Analyze("""
            module tax {
              input area_m2: decimal
              output annual_tax: money cites hz107 §二 = 25 yuan * area_m
            }
            """);
        Assert.Equal("unknown name 'area_m' in module 'tax'; did you mean 'area_m2'?", Assert.Single(diagnostics).GetMessage());
    }

    private static Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> Analyze(string module) =>
        TestCompilation.AnalyzeAsync([], [TestCompilation.Rules(RegistryPath, Registry), TestCompilation.Rules(ModulePath, module)]);
}

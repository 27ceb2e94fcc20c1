using PolicyRules.Language;
using PolicyRules.Language.Core;
using PolicyRules.Language.Messages;
using PolicyRules.Rules;
using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// The <c>not_in_force</c> sentence has one source (<c>InForce.NotInForceText</c>): the interpreter's error, a generated
/// module's <see cref="ModuleInfo.NotInForceError"/> and the SQL statement's message say the same words, for a
/// module whose document has an end date, one whose document is open-ended, and modules with their own period.
/// </summary>
public sealed class NotInForceWordingTests
{
    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("inline.rules", """
        document cur "测试〔2017〕2号" {
          issued 2017-01-01
          in_force from 2017-01-01 to 2019-12-31
          § 一 "规定。"
        }

        document later "测试〔2018〕3号" {
          issued 2018-01-01
          § 一 "规定。"
        }

        module ended {
          input x: int
          output y: int cites cur §一 = x
        }

        module open_ended {
          input x: int
          output y: int cites later §一 = x
        }

        module own_period {
          in_force from 2018-06-01 to 2018-12-31
          input x: int
          output y: int cites later §一 = x
        }

        module own_start {
          in_force from 2018-06-01
          input x: int
          output y: int cites later §一 = x
        }
        """)])));

    [Theory]
    [InlineData("ended", "2016-06-01", "module 'ended' is not in force on 2016-06-01: 测试〔2017〕2号 is in force 2017-01-01 to 2019-12-31")]
    [InlineData("ended", "2020-06-01", "module 'ended' is not in force on 2020-06-01: 测试〔2017〕2号 is in force 2017-01-01 to 2019-12-31")]
    [InlineData("open_ended", "2017-12-31", "module 'open_ended' is not in force on 2017-12-31: 测试〔2018〕3号 is in force from 2018-01-01")]
    [InlineData("own_period", "2018-03-01", "module 'own_period' is not in force on 2018-03-01: the module applies 2018-06-01 to 2018-12-31")]
    [InlineData("own_period", "2019-01-01", "module 'own_period' is not in force on 2019-01-01: the module applies 2018-06-01 to 2018-12-31")]
    [InlineData("own_start", "2018-05-31", "module 'own_start' is not in force on 2018-05-31: the module applies 2018-06-01 onwards")]
    public void Interpreter_generated_module_info_and_sql_say_the_same_words(string name, string date, string expected)
    {
        var package = Package.Value;
        var module = package.FindModule(name)!;
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        var interpreter = package.Evaluate(module, day, new Dictionary<string, object?> { ["x"] = 1 }).Error!;
        Assert.Equal("not_in_force", interpreter.Code);
        Assert.Equal(expected, interpreter.Message);

        // As the generator writes it (analyzers/…/Generation/ModuleEmitter.cs): the core's period and documents.
        var inForce = Lowering.Lower(module).InForce;
        var info = new ModuleInfo(module.Name, module.Label, module.Note, DateOnly.FromDateTime(inForce.From),
            inForce.To is { } to ? DateOnly.FromDateTime(to) : null, inForce.Documents.Select(d => package.Registry.Single(r => r.Alias == d.Alias)).ToList());
        Assert.False(info.IsInForce(day));
        var generated = info.NotInForceError(day);
        Assert.Equal((interpreter.Code, expected), (generated.Code, generated.Message));
        Assert.Equal(interpreter.MessageIn(Language.Messages.Lang.Zh), generated.Text!.Render(Language.Messages.Lang.Zh));

        var sql = Engines.DuckDb(module, [new Dictionary<string, object?> { ["x"] = 1, ["at"] = day }], package: package).Single();
        Assert.Equal("not_in_force", sql.ErrorCode);
        Assert.Equal(expected, sql.ErrorMessage);
    }

    [Fact]
    public void The_chinese_sentence_comes_from_the_same_catalogue_entries()
    {
        var package = Package.Value;
        Assert.Equal("模块 ended 在 2020-06-01 不在施行期内：测试〔2017〕2号 的施行期为自 2017-01-01 至 2019-12-31",
            package.Evaluate(package.FindModule("ended")!, new DateOnly(2020, 6, 1), new Dictionary<string, object?> { ["x"] = 1 }).Error!.MessageIn(Lang.Zh));
        Assert.Equal("模块 own_start 在 2018-05-31 不在施行期内：本模块自 2018-06-01 起适用",
            package.Evaluate(package.FindModule("own_start")!, new DateOnly(2018, 5, 31), new Dictionary<string, object?> { ["x"] = 1 }).Error!.MessageIn(Lang.Zh));
    }

    /// <summary>A repealed document's sentence (no module can cite one, PR0105, so no statement shows it): the
    /// repealed wording extends the plain one, which lets the SQL add only the repeal when the day is past it.</summary>
    [Fact]
    public void The_repealed_wording_extends_the_plain_one_in_both_languages()
    {
        var doc = new Language.Model.InForceDocument("测试〔2016〕1号", new DateTime(2016, 1, 1), new DateTime(2016, 12, 31), "测试〔2017〕2号");
        foreach (var lang in new[] { Lang.En, Lang.Zh })
            Assert.StartsWith(Language.Model.InForce.DocumentWhy(doc, repealed: false).Render(lang), Language.Model.InForce.DocumentWhy(doc, repealed: true).Render(lang), StringComparison.Ordinal);
        Assert.Equal("module 'm' is not in force on 2017-03-01: 测试〔2016〕1号 is in force 2016-01-01 to 2016-12-31 (repealed by 测试〔2017〕2号)",
            Language.Model.InForce.NotInForceMessage("m", new DateTime(2017, 3, 1), new DateTime(2016, 1, 1), new DateTime(2016, 12, 31), doc));
    }
}

using PolicyRules.Language;
using PolicyRules.Language.Core;

namespace PolicyRules.Tests.Core;

/// <summary>Rules written inline in a test (or a golden good file), compiled into a package or checked and lowered.</summary>
internal static class InlineModule
{
    /// <summary>A package of the rules <paramref name="rules"/>, as the file <paramref name="file"/>.</summary>
    public static RulePackage Package(string rules, string file = "inline.rules") =>
        RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText(file, rules)]));

    /// <summary>A package of a golden good file of the language tests (tests/PolicyRules.Tests/Language/golden/good).</summary>
    public static RulePackage Golden(string name) =>
        Package(File.ReadAllText(TestPaths.InRepo("tests", "PolicyRules.Tests", "Language", "golden", "good", name)), name);

    /// <summary>One module written inline, checked and lowered; it may cite <c>law §一</c> and <c>law §二</c>.</summary>
    public static CoreModule Lower(string module)
    {
        var compilation = RuleCompilation.Compile([new SourceText("inline.rules", """
            document law "测试〔2017〕9号" {
              issued 2017-01-01
              § 一 "一般规定。"
              § 二 "特别规定。"
            }
            """ + "\n" + module)]);
        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
        return Lowering.Lower(compilation.Package.Modules.Single());
    }
}

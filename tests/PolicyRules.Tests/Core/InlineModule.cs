using PolicyRules.Language;
using PolicyRules.Language.Core;

namespace PolicyRules.Tests.Core;

/// <summary>One module written inline in a test, checked and lowered; it may cite <c>law §一</c> and <c>law §二</c>.</summary>
internal static class InlineModule
{
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

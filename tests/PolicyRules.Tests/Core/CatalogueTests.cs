using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Core;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Core;

/// <summary>The builtin catalogue is the one source of the functions: implementations, binder, reference table, suggestions.</summary>
public class CatalogueTests
{
    [Fact]
    public void Every_builtin_function_has_exactly_one_catalogue_implementation_in_order()
    {
        var functions = Enum.GetValues<BuiltinFunction>();
        Assert.Equal(functions.Length, BuiltinCatalogue.Implementations.Count);
        for (var i = 0; i < functions.Length; i++) Assert.Equal(functions[i], BuiltinCatalogue.Implementations[i].Function);
    }

    [Fact]
    public void Every_implementation_resolves_to_a_public_static_method_of_the_runtime()
    {
        Assert.Equal(typeof(PolicyRules.Rules.RuleOps), BuiltinMethods.RuntimeType);
        foreach (var implementation in BuiltinCatalogue.Implementations)
        {
            Assert.True(BuiltinMethods.Candidates(implementation).Count > 0, $"{implementation} does not exist");
            if (implementation.ParameterTypes is not null)
                Assert.True(BuiltinMethods.Exact(implementation) is not null,
                    $"{implementation}({string.Join(", ", implementation.ParameterTypes)}) → {implementation.ReturnType} does not exist exactly once");
        }
    }

    // By name: BuiltinFunction is internal to the front end, and a public test method cannot take it.
    public static TheoryData<string, RuleType[]> EveryTypingOfEveryBuiltin()
    {
        RuleType[] numbers = [RuleType.Int, RuleType.Decimal, RuleType.Money, RuleType.Rate];
        RuleType[] ordered = [.. numbers, RuleType.Date, RuleType.DateTime];
        var data = new TheoryData<string, RuleType[]>();
        void Add(BuiltinFunction f, RuleType[] arguments) => data.Add(f.ToString(), arguments);
        foreach (var t in numbers)
        {
            foreach (var f in new[] { BuiltinFunction.Round, BuiltinFunction.RoundUp, BuiltinFunction.RoundDown }) Add(f, [t, RuleType.Int]);
            Add(BuiltinFunction.Abs, [t]);
            Add(BuiltinFunction.Sum, [RuleType.ListOf(t)]);
        }
        foreach (var t in ordered)
        {
            Add(BuiltinFunction.Min2, [t, t]);
            Add(BuiltinFunction.Max2, [t, t]);
            Add(BuiltinFunction.MinOf, [RuleType.ListOf(t)]);
            Add(BuiltinFunction.MaxOf, [RuleType.ListOf(t)]);
        }
        Add(BuiltinFunction.Sum, [RuleType.ListOf(RuleType.Never)]);
        Add(BuiltinFunction.MinOf, [RuleType.ListOf(RuleType.Never)]);
        Add(BuiltinFunction.Count, [RuleType.ListOf(RuleType.String)]);
        Add(BuiltinFunction.Count, [RuleType.ListOf(RuleType.Never)]);
        Add(BuiltinFunction.Ceil, [RuleType.Decimal]);
        Add(BuiltinFunction.Floor, [RuleType.Decimal]);
        Add(BuiltinFunction.Age, [RuleType.Date]);
        Add(BuiltinFunction.AgeOn, [RuleType.Date, RuleType.Date]);
        Add(BuiltinFunction.AddDays, [RuleType.Date, RuleType.Int]);
        Add(BuiltinFunction.AddMonths, [RuleType.Date, RuleType.Int]);
        Add(BuiltinFunction.AddYears, [RuleType.Date, RuleType.Int]);
        Add(BuiltinFunction.AddHours, [RuleType.DateTime, RuleType.Decimal]);
        Add(BuiltinFunction.DateOf, [RuleType.DateTime]);
        Add(BuiltinFunction.WorkingDaysAfter, [RuleType.Date, RuleType.Int, RuleType.Calendar]);
        Add(BuiltinFunction.NextWorkingDay, [RuleType.Date, RuleType.Calendar]);
        Add(BuiltinFunction.IsWorkingDay, [RuleType.Date, RuleType.Calendar]);
        Add(BuiltinFunction.DocumentInForce, [RuleType.String]);
        Add(BuiltinFunction.DaysBetween, [RuleType.Date, RuleType.Date]);
        Add(BuiltinFunction.WorkingDaysBetween, [RuleType.Date, RuleType.Date, RuleType.Calendar]);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTypingOfEveryBuiltin))]
    public void Every_call_the_binder_types_resolves_to_its_one_implementation(string name, RuleType[] arguments)
    {
        var function = Enum.Parse<BuiltinFunction>(name);
        // What the interpreter and the compiled bulk engine call: the catalogue's method, with the arguments' CLR types first.
        var method = BuiltinMethods.Resolve(function, arguments);
        Assert.Equal(typeof(PolicyRules.Rules.RuleOps), method.DeclaringType);
        Assert.Equal(BuiltinCatalogue.Implementation(function).MethodName, method.Name);
        Assert.Equal(arguments.Select(BuiltinMethods.ParameterType), method.GetParameters().Take(arguments.Length).Select(p => p.ParameterType));
    }

    [Fact]
    public void Every_builtin_is_in_the_resolution_test()
    {
        var tested = EveryTypingOfEveryBuiltin().Select(row => Enum.Parse<BuiltinFunction>((string)row[0])).ToHashSet();
        Assert.Equal(Enum.GetValues<BuiltinFunction>().ToHashSet(), tested);
    }

    [Fact]
    public void Every_function_name_binds_to_a_builtin_whose_surface_name_is_its_own()
    {
        foreach (var entry in BuiltinCatalogue.Functions)
            Assert.Contains(Enum.GetValues<BuiltinFunction>(), f => BuiltinCatalogue.NameOf(f) == entry.Name);
        foreach (var f in Enum.GetValues<BuiltinFunction>())
            Assert.NotNull(BuiltinCatalogue.Find(BuiltinCatalogue.NameOf(f)));
    }

    [Fact]
    public void The_language_reference_function_table_is_the_catalogue()
    {
        var doc = File.ReadAllText(TestPaths.InRepo("docs", "language.md")).Replace("\r\n", "\n");
        const string start = "<!-- functions: generated from BuiltinCatalogue (src/PolicyRules.Language/Core); a test checks this table -->\n";
        var from = doc.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, "docs/language.md has lost its function-table marker");
        var to = doc.IndexOf("<!-- end functions -->", from, StringComparison.Ordinal);
        Assert.Equal(BuiltinCatalogue.MarkdownTable(), doc[(from + start.Length)..to]);
    }

    [Fact]
    public void An_unknown_function_is_suggested_from_the_catalogue()
    {
        var compilation = RuleCompilation.Compile([new SourceText("inline.rules", """
            document law "测试〔2017〕9号" {
              issued 2017-01-01
              § 一 "一般规定。"
            }
            module m {
              input a: date
              output d: int cites law §一 = day_between(a, a)
            }
            """)]);
        var error = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("unknown function 'day_between'", error.Message);
        Assert.Contains("days_between", error.Suggestion);
    }

    [Fact]
    public void Min_of_a_list_whose_items_may_be_none_is_refused_by_the_binder()
    {
        var compilation = RuleCompilation.Compile([new SourceText("inline.rules", """
            document law "测试〔2017〕9号" {
              issued 2017-01-01
              § 一 "一般规定。"
            }
            module m {
              input a: int?
              output d: int? cites law §一 = min([a, 1])
            }
            """)]);
        var error = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("PR0203", error.Id);
        Assert.Equal("min cannot order a list whose items may be none (list<int?>); filter out none first", error.Message);
    }
}

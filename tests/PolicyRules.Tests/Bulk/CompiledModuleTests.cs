using System.Reflection;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language.Core;
using PolicyRules.Language.Model;
using PolicyRules.TestSupport;
using PolicyRules.Tests.Core;
using static PolicyRules.TestSupport.BulkAgreement;

namespace PolicyRules.Tests.Bulk;

/// <summary>
/// The compiled bulk path on every module of the Handan package and the golden files: it compiles, its period in force,
/// and hand-picked cases. Its agreement with the interpreter on extreme, boundary and random inputs is checked by the
/// differential harness (tests/PolicyRules.Analyzers.Tests/Differential).
/// </summary>
public class CompiledModuleTests
{
    private static readonly Lazy<RulePackage> Handan = new(() => RulePackage.Load(TestPaths.Package));
    private static RulePackage Package => Handan.Value;
    private static readonly Dictionary<string, RulePackage> Goldens = new();

    /// <summary>"handan" or a golden good file of the language tests.</summary>
    private static RulePackage Source(string source)
    {
        if (source == "handan") return Package;
        lock (Goldens)
        {
            if (!Goldens.TryGetValue(source, out var p))
                Goldens[source] = p = InlineModule.Golden(source);
            return p;
        }
    }

    public static TheoryData<string, string> Modules()
    {
        var data = new TheoryData<string, string>();
        foreach (var m in Package.Model.Modules) data.Add("handan", m.Name);
        foreach (var file in Directory.GetFiles(TestPaths.InRepo("tests", "PolicyRules.Tests", "Language", "golden", "good"), "*.rules").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            foreach (var m in Source(name).Model.Modules) data.Add(name, m.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Every_module_compiles(string source, string module)
    {
        var compiled = CompiledModule.Compile(Source(source), module);
        Assert.True(compiled.IsCompiled, compiled.NotCompiledReason?.ToString());
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void The_in_force_interval_is_the_module_period(string source, string module)
    {
        var compiled = CompiledModule.Compile(Source(source), module);
        var (lo, hi) = compiled.InForceDays;
        for (var day = new DateOnly(2010, 1, 1); day <= new DateOnly(2030, 12, 31); day = day.AddDays(1))
            Assert.Equal(compiled.Module.IsInForce(day.ToDateTime(TimeOnly.MinValue)), day.DayNumber >= lo && day.DayNumber <= hi);
    }

    [Fact]
    public void Land_tax_scenarios()
    {
        var rows = new[]
        {
            Row("2017-09-01", 1, 1000m), Row("2017-09-01", 2, 1234.56m), Row("2017-09-01", 5, 0m),
            Row("2017-09-01", 0, 10m), Row("2017-09-01", 6, 10m), Row("2017-09-01", 3, -1m), Row("2017-08-15", 1, 10m),
        };
        var compiled = CompiledModule.Compile(Package, "land_use_tax_parcel");
        AssertSameAsInterpreter(compiled, rows);
        var batch = Fill(compiled, rows);
        compiled.Evaluate(batch);
        Assert.Equal(25000m, batch.Output<Money>("annual_tax")[0].Amount);
        Assert.Equal(22222.08m, batch.Output<Money>("annual_tax")[1].Amount);
        Assert.Equal(RowStatus.Error, batch.StatusOf(3));
        Assert.Equal(ErrorCodes.InvalidInput, batch.Errors[3]!.Code);
        Assert.Equal(ErrorCodes.NotInForce, batch.Errors[6]!.Code);
    }

    [Fact]
    public void Not_determinable_branch_does_not_fire_when_not_taken()
    {
        // medical_insurance_contribution: the flexible-employment rate is not_determinable; other categories compute.
        var m = Package.FindModule("medical_insurance_contribution")!;
        var compiled = CompiledModule.Compile(Package, m);
        var category = Package.Model.FindEnum(m.Inputs[0].Type.Name!)!;
        var employer = Package.Model.FindEnum(m.Inputs[1].Type.Name!)!;
        var rows = category.Members.SelectMany(c => employer.Members.Select(e =>
            new InputRow(new DateOnly(2017, 9, 1), [c.Name, e.Name, new Money(60000m), new Money(50000m)]))).ToArray();
        AssertSameAsInterpreter(compiled, rows);
        var batch = Fill(compiled, rows);
        compiled.Evaluate(batch);
        Assert.Contains(Enumerable.Range(0, rows.Length), i => batch.StatusOf(i) == RowStatus.Ok);
        Assert.Contains(Enumerable.Range(0, rows.Length), i => batch.Errors[i]?.Code == ErrorCodes.NotDeterminable);
    }

    [Fact]
    public void Conflicts_and_no_rule_applies_match_the_interpreter()
    {
        var package = InlineModule.Package("""
            document d1 "测试〔2017〕1号" {
              issued 2017-01-01
              § 一 "x"
            }
            module m {
              input a: int
              input b: bool
              output x: int cites d1 §一
                rule r1 when a > 0 cites d1 §一 = 1
                rule r2 when b cites d1 §一 = 2
                rule r3 exception of r1 when a > 10 cites d1 §一 = 3
              output y: decimal cites d1 §一 = if a > 5 then x / 0 else 1.5
            }
            """);
        var compiled = CompiledModule.Compile(package, "m");
        Assert.True(compiled.IsCompiled, compiled.NotCompiledReason?.ToString());
        var rows = new List<InputRow>();
        foreach (var a in new[] { -1, 0, 1, 5, 6, 11, 20 })
            foreach (var b in new[] { false, true })
                rows.Add(new InputRow(new DateOnly(2017, 6, 1), [a, b]));
        AssertSameAsInterpreter(compiled, rows.ToArray());
        var batch = Fill(compiled, rows.ToArray());
        compiled.Evaluate(batch);
        var codes = Enumerable.Range(0, rows.Count).Select(i => batch.Errors[i]?.Code).ToHashSet();
        Assert.Contains(ErrorCodes.Conflict, codes);
        Assert.Contains(ErrorCodes.NoRuleApplies, codes);
        Assert.Contains(ErrorCodes.EvaluationFailed, codes);
    }

    /// <summary>A module whose kernel throws on some rows: x = a², which overflows an int from a = 46341.</summary>
    private static CompiledModule Square() => CompiledModule.Compile(InlineModule.Package("""
        document d1 "测试〔2017〕1号" {
          issued 2017-01-01
          § 一 "x"
        }
        module m {
          input a: int
          output x: int cites d1 §一 = a * a
        }
        """), "m");

    [Fact]
    public void An_exception_in_the_kernel_leaves_only_its_row_to_the_interpreter_and_the_rows_after_it_are_compiled()
    {
        var compiled = Square();
        Assert.True(compiled.IsCompiled, compiled.NotCompiledReason?.ToString());
        // 50000² overflows an int: the kernel throws at rows 1 and 3, twice in one run and on adjacent rows too.
        int[] values = [3, 50000, 4, 50000, 50000, 5];
        var rows = values.Select(a => new InputRow(new DateOnly(2017, 6, 1), [a])).ToArray();
        var batch = Fill(compiled, rows);
        Assert.True(compiled.RunCompiledOnly(batch, 0, rows.Length));
        Assert.Equal([RowStatus.Ok, RowStatus.Fallback, RowStatus.Ok, RowStatus.Fallback, RowStatus.Fallback, RowStatus.Ok],
            Enumerable.Range(0, rows.Length).Select(batch.StatusOf));
        Assert.Equal([9, 0, 16, 0, 0, 25], batch.Output<int>("x").Take(rows.Length));

        var again = Fill(compiled, rows);
        Assert.Equal(3, compiled.Evaluate(again));   // the three overflowing rows, answered by the interpreter
        Assert.All([1, 3, 4], i => Assert.Equal(ErrorCodes.EvaluationFailed, again.Errors[i]!.Code));
        AssertSameAsInterpreter(compiled, rows);
    }

    [Fact]
    public void Rows_that_are_not_pending_are_left_alone_between_runs_of_pending_rows()
    {
        // The kernel runs once per run of pending rows: rows another step already decided (an unreadable CSV line is an
        // Error, a row answered before is Ok) keep their status and outputs, and an exception inside a run still hands
        // only its row to the interpreter.
        var compiled = Square();
        int[] values = [3, 7, 50000, 4, 8, 9, 50000, 5, 6];
        var batch = Fill(compiled, values.Select(a => new InputRow(new DateOnly(2017, 6, 1), [a])).ToArray());
        var x = batch.Output<int>("x");
        foreach (var (row, status) in new[] { (1, RowStatus.Error), (4, RowStatus.Ok), (5, RowStatus.Error), (8, RowStatus.Ok) })
        {
            batch.Status[row] = (byte)status;
            x[row] = -1;
        }
        Assert.True(compiled.RunCompiledOnly(batch, 0, values.Length));
        Assert.Equal([RowStatus.Ok, RowStatus.Error, RowStatus.Fallback, RowStatus.Ok, RowStatus.Ok, RowStatus.Error, RowStatus.Fallback, RowStatus.Ok, RowStatus.Ok],
            Enumerable.Range(0, values.Length).Select(batch.StatusOf));
        Assert.Equal([9, -1, 0, 16, -1, -1, 0, 25, -1], x.Take(values.Length));
    }

    [Fact]
    public void A_batch_column_replaced_by_an_array_of_another_type_is_refused_not_read()
    {
        var compiled = CompiledModule.Compile(Package, "land_use_tax_parcel");
        var batch = Fill(compiled, [Row("2017-09-01", 1, 1000m)]);
        var grade = compiled.InputIndex("grade");
        batch.Inputs[grade] = new long[batch.Capacity];
        foreach (var run in new Action[] { () => compiled.RunCompiledOnly(batch, 0, 1), () => compiled.Evaluate(batch) })
        {
            var error = Assert.Throws<ArgumentException>(run);
            Assert.Contains("input column 'grade' is Int64[] (length 1) where the module reads Int32[] (length at least 1)", error.Message);
        }
        Assert.Equal(RowStatus.Pending, batch.StatusOf(0));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_run_at_one_date_agrees_with_the_interpreter_on_each_side_of_every_date_break(string source, string module)
    {
        // A batch at one date runs the kernel of that date's segment, compiled with the period in force and the parameters'
        // dated values decided: the first and last day of every segment, at the module's extreme and boundary rows.
        var compiled = CompiledModule.Compile(Source(source), module);
        var rows = ModuleInputs.Cases(compiled.Package, compiled.Module, 0);
        var days = compiled.DateBreaks.SelectMany(d => new[] { d - 1, d }).Where(d => d >= DateOnly.MinValue.DayNumber)
            .Concat([DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber]).Distinct();
        foreach (var day in days)
            AssertSameAsInterpreter(compiled, rows.Select(r => r with { At = DateOnly.FromDayNumber(day) }).ToArray(), fixedAt: true);
    }

    [Fact]
    public void A_parameter_with_two_dated_values_gives_two_date_breaks_and_each_segment_its_own_value()
    {
        // golden/good/006-parameters.rules (made-up figures): rate_by_grade is 25 yuan for grade 1 from 2017-03-01, 30 yuan from 2018-01-01.
        var compiled = CompiledModule.Compile(Source("006-parameters.rules"), "parameters");
        Assert.Contains(new DateOnly(2017, 3, 1).DayNumber, compiled.DateBreaks);
        Assert.Contains(new DateOnly(2018, 1, 1).DayNumber, compiled.DateBreaks);
        foreach (var (at, rate) in new[] { ("2017-12-31", 25m), ("2018-01-01", 30m) })
        {
            var batch = Fill(compiled, [new InputRow(DateOnly.Parse(at), [1, "city", 10m, new Money(0m)])], fixedAt: true);
            Assert.True(compiled.RunCompiledOnly(batch, 0, 1));
            Assert.Equal(RowStatus.Ok, batch.StatusOf(0));
            Assert.Equal(rate, batch.Output<Money>("rate_per_m2")[0].Amount);
        }
    }

    [Fact]
    public void The_compiled_comparison_of_decimals_is_decimal_Compare()
    {
        var values = new List<decimal>
        {
            0m, -0m, 0.0m, -0.00m, 1m, -1m, 1.0m, 1.00m, 0.045m, 4.5m, 5m, 0.5m, 100m, 1.5m, 1.50m, -1.5m, 10m, 9.99m,
            18446744073709551615m, 18446744073709551616m, 1844674407370955161.5m, 0.1844674407370955161m,
            decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m,
            0.1234567890123456789012345678m, 7.9228162514264337593543950335m, 0.9999999999999999999999999999m,
        };
        var random = new Random(20171);
        for (var k = 0; k < 2000; k++)
            values.Add(new decimal(random.Next(), random.Next(4) == 0 ? random.Next() : 0, random.Next(8) == 0 ? random.Next() : 0,
                random.Next(2) == 0, (byte)random.Next(29)));
        foreach (var a in values)
            foreach (var b in values.Take(60).Concat(values.Skip(60 + random.Next(100)).Take(40)))
                Assert.True(Math.Sign(decimal.Compare(a, b)) == Math.Sign(BulkOps.CompareDecimal(a, b)), $"{a} against {b}");
    }

    /// <summary>
    /// The checked operations: each arithmetic operator, <c>-x</c> on an int, and every overload of each builtin that takes its
    /// call's place (the catalogue's <see cref="ImplicitArguments.Location"/>), a generic one at decimal. The kernels call each
    /// in its check-free form (<see cref="CheckFreeOps"/>: a failure is the runtime's exception, the row falls back to the
    /// interpreter): the checked operation has a protected region and does not inline. A change to RuleOps once removed the
    /// check-free forms and the land tax's kernel went from 1.06x to 1.28x the hand-written loop, the deadline's from 0.96x
    /// to 1.79x, with every test green.
    /// </summary>
    internal static List<MethodInfo> CheckedOperations()
    {
        var types = new[] { RuleType.Int, RuleType.Decimal, RuleType.Money, RuleType.Rate };
        var arithmetic = new[] { BinaryOperator.Add, BinaryOperator.Subtract, BinaryOperator.Multiply, BinaryOperator.Divide };
        var operations = new List<MethodInfo> { OperatorMethods.Negate(RuleType.Int) };
        foreach (var op in arithmetic)
            foreach (var left in types)
                foreach (var right in types)
                {
                    try { operations.Add(OperatorMethods.Arithmetic(op, left, right)); }
                    catch (NotCompilableException) { }   // money + int and the like: the core converts first
                }
        foreach (var function in Enum.GetValues<BuiltinFunction>())
        {
            var implementation = BuiltinCatalogue.Implementation(function);
            if (!implementation.Implicit.HasFlag(ImplicitArguments.Location)) continue;
            // the overloads a call resolves to end with the place (RuleOps.Fast.cs's total forms, for generated code, end with a flag)
            foreach (var method in BuiltinMethods.Candidates(implementation).Where(m => m.GetParameters()[^1].Name == CheckFreeOps.PlaceParameter))
                operations.Add(method.IsGenericMethodDefinition ? method.MakeGenericMethod(method.GetGenericArguments().Select(_ => typeof(decimal)).ToArray()) : method);
        }
        return operations;
    }

    [Fact]
    public void Every_checked_operation_the_kernels_call_has_a_check_free_form()
    {
        var operations = CheckedOperations();
        Assert.True(operations.Count >= 60, $"{operations.Count} checked operations");
        var forms = new HashSet<MethodInfo>();
        foreach (var operation in operations)
        {
            Assert.True(CheckFreeOps.Of(operation) is not null, $"{operation} has no check-free form");
            var (form, place) = CheckFreeOps.Of(operation)!.Value;
            Assert.Equal(CheckFreeOps.PlaceParameter, operation.GetParameters()[place].Name);
            Assert.Equal(operation.ReturnType, form.ReturnType);
            Assert.Equal(operation.GetParameters().Where((_, k) => k != place).Select(p => p.ParameterType), form.GetParameters().Select(p => p.ParameterType));
            forms.Add(form.IsGenericMethod ? form.GetGenericMethodDefinition() : form);
        }
        // and the other way: every form stands for a checked operation, and has no protected region of its own
        foreach (var form in typeof(CheckFreeOps).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(m => m.Name != nameof(CheckFreeOps.Of)))
        {
            Assert.True(forms.Contains(form), $"{form} stands for no checked operation");
            Assert.True(form.GetMethodBody()!.ExceptionHandlingClauses.Count == 0, $"{form} has a protected region");
        }
    }

    /// <summary>What the kernels call, read from their trees: no operation that words an error at a place (those are the
    /// checked ones; each has its check-free form) but the scale of a parameter, a loop that is not worth a second
    /// implementation of the law's brackets.</summary>
    [Theory]
    [MemberData(nameof(Modules))]
    public void The_kernel_calls_no_checked_operation(string source, string module)
    {
        var package = Source(source);
        var tree = ModuleCompiler.PerRowDateTree(ModuleCompiler.Plan(package, package.FindModule(module)!));
        var called = new CalledMethods();
        called.Visit(tree);
        var placed = called.Methods.Where(m => m.GetParameters().Any(p => p.Name == CheckFreeOps.PlaceParameter && p.ParameterType == typeof(string))
            && m.Name != nameof(Rules.RuleOps.Scale));
        Assert.Empty(placed);
    }

    private sealed class CalledMethods : System.Linq.Expressions.ExpressionVisitor
    {
        public HashSet<MethodInfo> Methods { get; } = new();

        protected override System.Linq.Expressions.Expression VisitMethodCall(System.Linq.Expressions.MethodCallExpression node)
        {
            Methods.Add(node.Method);
            return base.VisitMethodCall(node);
        }
    }

    [Fact]
    public void A_module_the_compiler_refuses_is_reported_in_the_runs_language()
    {
        // Every module compiles today, so the first pass here asks the compiler's operator table for an ordering it has
        // not got (a yes/no against a date), as a module with such a construct would.
        var compiled = CompiledModule.Compile(Package, Package.FindModule("land_use_tax_parcel")!,
            () => { OperatorMethods.Compare(RuleType.Bool, RuleType.Date); throw new InvalidOperationException("unreachable"); });
        Assert.False(compiled.IsCompiled);
        Assert.Equal("bulk.ordering", compiled.NotCompiledReason!.Key);
        var run = new BulkCsvRun(compiled, ["grade", "area_m2"], new DateOnly(2018, 1, 1), 1);
        var counts = new BulkRunCounts(3, 3, 0);
        Assert.Equal("引擎：解释器；模块 land_use_tax_parcel 无法编译（无法比较是或否与日期（年-月-日，例如 2017-09-01）的大小），3 行全部由解释器计算",
            run.EngineReport(counts).Render(global::PolicyRules.Language.Messages.Lang.Zh));
        Assert.Equal("engine interpreter: module 'land_use_tax_parcel' could not be compiled (cannot order true or false and a date (yyyy-mm-dd)); all 3 rows were interpreted",
            run.EngineReport(counts).Render(global::PolicyRules.Language.Messages.Lang.En));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static InputRow Row(string at, int grade, decimal area) => new(DateOnly.Parse(at), [grade, area]);
}

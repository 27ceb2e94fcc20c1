using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Binding;
using PolicyRules.Language.Core;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Model
{
    /// <summary>The builtin operations after overload resolution (<c>min(list)</c> is <see cref="MinOf"/>, <c>min(a, b)</c> is <see cref="Min2"/>).
    /// Each has exactly one entry in <see cref="BuiltinCatalogue.Implementations"/>.</summary>
    internal enum BuiltinFunction
    {
        Round, RoundUp, RoundDown, Ceil, Floor, Min2, Max2, Abs,
        Sum, Count, MinOf, MaxOf,
        Age, AgeOn, AddDays, AddMonths, AddYears, AddHours, DateOf,
        WorkingDaysAfter, NextWorkingDay, IsWorkingDay,
        DocumentInForce,
        DaysBetween, WorkingDaysBetween,
    }
}

namespace PolicyRules.Language.Core
{
    using PolicyRules.Language.Model;

    /// <summary>
    /// Where the one implementation of a builtin lives: a public static method of <see cref="TypeName"/> in the runtime
    /// assembly (PolicyRules), which this assembly cannot reference; the runtime resolves it by reflection and a test checks
    /// that every entry resolves. <see cref="ParameterTypes"/> (CLR full names) and <see cref="ReturnType"/> are given when the
    /// method has a single overload, so a back end can bind it exactly (the parameters include the
    /// <see cref="Implicit"/> ones); null for the builtins whose implementation is overloaded per type (round, abs, min, …) and for
    /// document_in_force (its registry parameter is a generic list): a back end picks the overload whose parameters are the
    /// arguments' types followed by the implicit ones (PolicyRules.Evaluation.BuiltinMethods.Resolve).
    /// </summary>
    internal sealed class BuiltinImplementation
    {
        internal BuiltinImplementation(BuiltinFunction function, string method, string[]? parameterTypes = null, string? returnType = null,
            ImplicitArguments implicitArguments = ImplicitArguments.None)
        {
            Function = function; MethodName = method; ParameterTypes = parameterTypes; ReturnType = returnType; Implicit = implicitArguments;
        }
        /// <summary>What a back end passes after the call's own arguments, in this order.</summary>
        public ImplicitArguments Implicit { get; }
        public BuiltinFunction Function { get; }
        public string TypeName => BuiltinCatalogue.RuntimeType;
        public string MethodName { get; }
        public IReadOnlyList<string>? ParameterTypes { get; }
        public string? ReturnType { get; }
        public override string ToString() => $"{TypeName}.{MethodName}";
    }

    /// <summary>Arguments a back end adds after a call's own, in this order: the evaluation date (<c>age</c>), the call's place as
    /// <c>file(line,col)</c> text, which the implementation puts in its error messages, and the package's document registry
    /// (<c>IReadOnlyList&lt;PolicyRules.Rules.DocumentInfo&gt;</c>, for <c>document_in_force</c>).</summary>
    [Flags]
    internal enum ImplicitArguments { None = 0, EvaluationDate = 1, Location = 2, Registry = 4 }

    /// <summary>A function name of the language: its signatures as people read them, one documentation line, and its typing rule.</summary>
    internal sealed class BuiltinEntry
    {
        internal BuiltinEntry(string name, string signature, string documentation, Func<CallTyping, BoundExpression> bind)
        {
            Name = name; Signature = signature; Documentation = documentation; Bind = bind;
        }
        public string Name { get; }
        /// <summary>How a call is written, e.g. <c>days_between(A, B)</c>; several forms are joined by " or ".</summary>
        public string Signature { get; }
        public string Documentation { get; }
        /// <summary>The typing rule: a <see cref="BoundCall"/> naming the resolved <see cref="BuiltinFunction"/>, or an error (reported through the context).</summary>
        internal Func<CallTyping, BoundExpression> Bind { get; }
    }

    /// <summary>What a typing rule sees: the call's name and bound arguments, and how to report a bad call.</summary>
    internal sealed class CallTyping
    {
        private readonly Func<Msg, BoundExpression> _fail;
        internal CallTyping(string name, IReadOnlyList<BoundExpression> args, TextSpan span, Func<Msg, BoundExpression> fail)
        { Name = name; Args = args; Span = span; _fail = fail; }
        public string Name { get; }
        public IReadOnlyList<BoundExpression> Args { get; }
        public TextSpan Span { get; }
        public BoundExpression Fail(Msg message) => _fail(message);
        /// <summary>The standard message for arguments that do not fit, written once: "f takes (…); got (…)".</summary>
        public Msg Sig(Msg signature) => Msg.Of("call.signature", ("function", Name), ("signature", signature), ("got", Got));
        /// <summary><see cref="Sig(Msg)"/> with the reason the arguments do not fit.</summary>
        public Msg Sig(Msg signature, Msg reason) => Msg.Of("call.signature_because", ("function", Name), ("signature", signature), ("got", Got), ("reason", reason));
        private List<string> Got => Args.Select(a => a.Type.ToString()).ToList();
        public bool Is(int i, params TypeKind[] kinds) => Args[i].Type.Kind == TypeKind.Never || (!Args[i].Type.Optional && kinds.Contains(Args[i].Type.Kind));
        public BoundExpression Make(BuiltinFunction f, RuleType t) => new BoundCall(f, Args, t, Span);
    }

    /// <summary>
    /// The one catalogue of the language's functions: the binder types calls by it, the language reference's function
    /// table is checked against it, unknown names get suggestions from it, and every back end finds the single
    /// implementation of each <see cref="BuiltinFunction"/> through <see cref="Implementation"/>.
    /// </summary>
    internal static class BuiltinCatalogue
    {
        /// <summary>The runtime class that holds every implementation.</summary>
        public const string RuntimeType = "PolicyRules.Rules.RuleOps";

        /// <summary>The comprehensions <c>map(x in L: …)</c>, <c>filter</c>, <c>any</c>, <c>all</c>: syntax, not functions, but names people call.</summary>
        public static readonly IReadOnlyList<string> ComprehensionNames = new[] { "map", "filter", "any", "all" };

        private static readonly TypeKind[] Numberish = { TypeKind.Int, TypeKind.Decimal, TypeKind.Money, TypeKind.Rate };

        private static BoundExpression Round(CallTyping c, BuiltinFunction f)
        {
            var args = c.Args;
            if (args.Count != 2 || !c.Is(0, Numberish) || !c.Is(1, TypeKind.Int)) return c.Fail(c.Sig(Msg.Of("sig.number_places")));
            if (args[1] is not BoundLiteral places) return c.Fail(Msg.Of("call.places_literal", ("function", c.Name)));
            // decimal keeps at most 28 places; more would fail at every evaluation.
            if (places.Value is int p && p > 28) return c.Fail(Msg.Of("call.places_at_most", ("function", c.Name), ("places", p)));
            return c.Make(f, args[0].Type.Kind == TypeKind.Int ? RuleType.Decimal : args[0].Type);
        }

        private static BoundExpression MinMax(CallTyping c, bool min)
        {
            var args = c.Args;
            if (args.Count == 1)
            {
                if (!c.Is(0, TypeKind.List) || !args[0].Type.Element!.Kind.In(Numberish.Concat(new[] { TypeKind.Date, TypeKind.DateTime, TypeKind.Never })))
                    return c.Fail(c.Sig(Msg.Of("sig.list_of_numbers_or_dates_or_pair")));
                // The runtime cannot order none: a list whose items may be none is refused here, not at evaluation.
                if (args[0].Type.Element!.Optional)
                    return c.Fail(Msg.Of("call.list_may_be_none", ("function", c.Name), ("type", args[0].Type.ToString())));
                return c.Make(min ? BuiltinFunction.MinOf : BuiltinFunction.MaxOf, args[0].Type.Element!);
            }
            if (args.Count == 2)
            {
                var outcome = TypeRules.Ordering(args[0].Type, args[1].Type);
                var type = RuleType.Unify(args[0].Type, args[1].Type);
                if (outcome.Type is null || type is null) return c.Fail(outcome.Message is null ? c.Sig(Msg.Of("sig.same_kind")) : c.Sig(Msg.Of("sig.same_kind"), outcome.Message));
                return c.Make(min ? BuiltinFunction.Min2 : BuiltinFunction.Max2, type);
            }
            return c.Fail(c.Sig(Msg.Of("sig.list_or_pair")));
        }

        private static BoundExpression AddPeriod(CallTyping c, BuiltinFunction f)
        {
            if (c.Args.Count != 2 || !c.Is(0, TypeKind.Date) || !c.Is(1, TypeKind.Int)) return c.Fail(c.Sig(Msg.Of("sig.date_int")));
            return c.Make(f, RuleType.Date);
        }

        /// <summary>Every function name, in the order of the language reference's table.</summary>
        public static readonly IReadOnlyList<BuiltinEntry> Functions = new[]
        {
            new BuiltinEntry("round", "round(x, n)", "to `n` decimal places, half away from zero (四舍五入); `n` is written as a number, at most 28; an `int` gives a `decimal`",
                c => Round(c, BuiltinFunction.Round)),
            new BuiltinEntry("round_up", "round_up(x, n)", "toward +∞ at `n` places", c => Round(c, BuiltinFunction.RoundUp)),
            new BuiltinEntry("round_down", "round_down(x, n)", "toward −∞ at `n` places", c => Round(c, BuiltinFunction.RoundDown)),
            new BuiltinEntry("ceil", "ceil(x)", "to an `int`: the smallest whole number ≥ `x`", c => Ceiling(c, BuiltinFunction.Ceil)),
            new BuiltinEntry("floor", "floor(x)", "to an `int`: the largest whole number ≤ `x`", c => Ceiling(c, BuiltinFunction.Floor)),
            new BuiltinEntry("abs", "abs(x)", "the absolute value, of the same type", c =>
                c.Args.Count != 1 || !c.Is(0, Numberish) ? c.Fail(c.Sig(Msg.Of("sig.number"))) : c.Make(BuiltinFunction.Abs, c.Args[0].Type)),
            new BuiltinEntry("min", "min(a, b) or min(L)", "the smaller of two values of the same kind; the least item of a list of numbers or dates (an empty list is an `evaluation_error`; a list whose items may be `none` is refused)",
                c => MinMax(c, true)),
            new BuiltinEntry("max", "max(a, b) or max(L)", "the larger of two values; the greatest item of a list (as `min`)", c => MinMax(c, false)),
            new BuiltinEntry("sum", "sum(L)", "the total of a list of numbers, money or rates (0 for an empty list)", c =>
                c.Args.Count != 1 || !c.Is(0, TypeKind.List) || !c.Args[0].Type.Element!.Kind.In(Numberish.Concat(new[] { TypeKind.Never })) || c.Args[0].Type.Element!.Optional
                    ? c.Fail(c.Sig(Msg.Of("sig.list_of_numbers")))
                    : c.Make(BuiltinFunction.Sum, c.Args[0].Type.Element!.Kind == TypeKind.Never ? RuleType.Int : c.Args[0].Type.Element!)),
            new BuiltinEntry("count", "count(L)", "the number of items of a list", c =>
                c.Args.Count != 1 || !c.Is(0, TypeKind.List) ? c.Fail(c.Sig(Msg.Of("sig.list"))) : c.Make(BuiltinFunction.Count, RuleType.Int)),
            new BuiltinEntry("age", "age(BIRTH)", "周岁 at `at` (法释〔2006〕1号 第二条: a year of age begins the day after the birthday; 29 February → 28 February)", c =>
                c.Args.Count != 1 || !c.Is(0, TypeKind.Date) ? c.Fail(c.Sig(Msg.Of("sig.birth_date"))) : c.Make(BuiltinFunction.Age, RuleType.Int)),
            new BuiltinEntry("age_on", "age_on(BIRTH, DATE)", "周岁 at `DATE`", c =>
                c.Args.Count != 2 || !c.Is(0, TypeKind.Date) || !c.Is(1, TypeKind.Date) ? c.Fail(c.Sig(Msg.Of("sig.birth_date_date"))) : c.Make(BuiltinFunction.AgeOn, RuleType.Int)),
            new BuiltinEntry("add_days", "add_days(D, n)", "`n` calendar days after `D`", c => AddPeriod(c, BuiltinFunction.AddDays)),
            new BuiltinEntry("add_months", "add_months(D, n)", "民法典 第202条: the corresponding day `n` months later, else the last day of that month",
                c => AddPeriod(c, BuiltinFunction.AddMonths)),
            new BuiltinEntry("add_years", "add_years(D, n)", "the same, `n` years later", c => AddPeriod(c, BuiltinFunction.AddYears)),
            new BuiltinEntry("add_hours", "add_hours(T, h)", "`h` hours after the date-time `T`", c =>
                c.Args.Count != 2 || !c.Is(0, TypeKind.DateTime) || !c.Is(1, TypeKind.Int, TypeKind.Decimal) ? c.Fail(c.Sig(Msg.Of("sig.datetime_hours"))) : c.Make(BuiltinFunction.AddHours, RuleType.DateTime)),
            new BuiltinEntry("date_of", "date_of(T)", "the date of a date-time", c =>
                c.Args.Count != 1 || !c.Is(0, TypeKind.DateTime) ? c.Fail(c.Sig(Msg.Of("sig.datetime"))) : c.Make(BuiltinFunction.DateOf, RuleType.Date)),
            new BuiltinEntry("days_between", "days_between(A, B)", "the calendar days after `A` up to and including `B`, that is `B − A` (`A` not counted, 民法典 第201条); negative when `B` is before `A`",
                c => c.Args.Count != 2 || !c.Is(0, TypeKind.Date) || !c.Is(1, TypeKind.Date) ? c.Fail(c.Sig(Msg.Of("sig.date_date"))) : c.Make(BuiltinFunction.DaysBetween, RuleType.Int)),
            new BuiltinEntry("working_days_after", "working_days_after(D, n, CAL)", "the `n`-th working day after `D` (`D` not counted, 第201条); `n` must be at least 1",
                c => c.Args.Count != 3 || !c.Is(0, TypeKind.Date) || !c.Is(1, TypeKind.Int) || !c.Is(2, TypeKind.Calendar) ? c.Fail(c.Sig(Msg.Of("sig.date_days_calendar"))) : c.Make(BuiltinFunction.WorkingDaysAfter, RuleType.Date)),
            new BuiltinEntry("working_days_between", "working_days_between(A, B, CAL)", "the working days after `A` up to and including `B` (`A` not counted, 第201条); negative when `B` is before `A`; a day outside the calendar's data is `not_determinable`, naming its year",
                c => c.Args.Count != 3 || !c.Is(0, TypeKind.Date) || !c.Is(1, TypeKind.Date) || !c.Is(2, TypeKind.Calendar) ? c.Fail(c.Sig(Msg.Of("sig.date_date_calendar"))) : c.Make(BuiltinFunction.WorkingDaysBetween, RuleType.Int)),
            new BuiltinEntry("next_working_day", "next_working_day(D, CAL)", "`D` if it is a working day, else the first working day after it (第203条)", c =>
                c.Args.Count != 2 || !c.Is(0, TypeKind.Date) || !c.Is(1, TypeKind.Calendar) ? c.Fail(c.Sig(Msg.Of("sig.date_calendar"))) : c.Make(BuiltinFunction.NextWorkingDay, RuleType.Date)),
            new BuiltinEntry("is_working_day", "is_working_day(D, CAL)", "whether `D` is a working day", c =>
                c.Args.Count != 2 || !c.Is(0, TypeKind.Date) || !c.Is(1, TypeKind.Calendar) ? c.Fail(c.Sig(Msg.Of("sig.date_calendar"))) : c.Make(BuiltinFunction.IsWorkingDay, RuleType.Bool)),
            new BuiltinEntry("document_in_force", "document_in_force(S)", "whether the registry document numbered `S` is in force at `at` (a number not in the registry is `not_determinable`)", c =>
                c.Args.Count != 1 || !c.Is(0, TypeKind.String) ? c.Fail(c.Sig(Msg.Of("sig.document_number"))) : c.Make(BuiltinFunction.DocumentInForce, RuleType.Bool)),
        };

        private static BoundExpression Ceiling(CallTyping c, BuiltinFunction f) =>
            c.Args.Count != 1 || !c.Is(0, TypeKind.Int, TypeKind.Decimal) ? c.Fail(c.Sig(Msg.Of("sig.decimal"))) : c.Make(f, RuleType.Int);

        private static readonly string[] DateDate = { "System.DateOnly", "System.DateOnly" };
        private static readonly string[] DateIntAt = { "System.DateOnly", "System.Int32", "System.String" };

        /// <summary>The single implementation of each <see cref="BuiltinFunction"/>, indexed by it.</summary>
        public static readonly IReadOnlyList<BuiltinImplementation> Implementations = new[]
        {
            new BuiltinImplementation(BuiltinFunction.Round, "Round", implicitArguments: ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.RoundUp, "RoundUp", implicitArguments: ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.RoundDown, "RoundDown", implicitArguments: ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.Ceil, "Ceiling", new[] { "System.Decimal", "System.String" }, "System.Int32", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.Floor, "Floor", new[] { "System.Decimal", "System.String" }, "System.Int32", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.Min2, "Min"),
            new BuiltinImplementation(BuiltinFunction.Max2, "Max"),
            new BuiltinImplementation(BuiltinFunction.Abs, "Abs", implicitArguments: ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.Sum, "Sum", implicitArguments: ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.Count, "Count"),
            new BuiltinImplementation(BuiltinFunction.MinOf, "MinOf", implicitArguments: ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.MaxOf, "MaxOf", implicitArguments: ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.Age, "Age", DateDate, "System.Int32", ImplicitArguments.EvaluationDate),
            new BuiltinImplementation(BuiltinFunction.AgeOn, "Age", DateDate, "System.Int32"),
            new BuiltinImplementation(BuiltinFunction.AddDays, "AddDays", DateIntAt, "System.DateOnly", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.AddMonths, "AddMonths", DateIntAt, "System.DateOnly", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.AddYears, "AddYears", DateIntAt, "System.DateOnly", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.AddHours, "AddHours", new[] { "System.DateTime", "System.Decimal", "System.String" }, "System.DateTime", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.DateOf, "DateOf", new[] { "System.DateTime" }, "System.DateOnly"),
            new BuiltinImplementation(BuiltinFunction.WorkingDaysAfter, "WorkingDaysAfter",
                new[] { "System.DateOnly", "System.Int32", "PolicyRules.Rules.RuleCalendar", "System.String" }, "System.DateOnly", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.NextWorkingDay, "NextWorkingDay",
                new[] { "System.DateOnly", "PolicyRules.Rules.RuleCalendar", "System.String" }, "System.DateOnly", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.IsWorkingDay, "IsWorkingDay",
                new[] { "System.DateOnly", "PolicyRules.Rules.RuleCalendar", "System.String" }, "System.Boolean", ImplicitArguments.Location),
            new BuiltinImplementation(BuiltinFunction.DocumentInForce, "DocumentInForce", implicitArguments: ImplicitArguments.EvaluationDate | ImplicitArguments.Registry),
            new BuiltinImplementation(BuiltinFunction.DaysBetween, "DaysBetween", DateDate, "System.Int32"),
            new BuiltinImplementation(BuiltinFunction.WorkingDaysBetween, "WorkingDaysBetween",
                new[] { "System.DateOnly", "System.DateOnly", "PolicyRules.Rules.RuleCalendar" }, "System.Int32"),
        };

        public static BuiltinImplementation Implementation(BuiltinFunction f) => Implementations[(int)f];

        /// <summary>
        /// The types a builtin takes its arguments at, given the arguments' own types and the call's type (what the typing
        /// rules above accept): Lowering converts each argument to its type, the core check (<see cref="CoreTypeCheck"/>) holds
        /// the core to it, and the generator declares the arguments by it. An argument that never has a value
        /// (<c>not_determinable</c>) is given a type all the same.
        /// </summary>
        public static IReadOnlyList<RuleType> ArgumentTypes(BuiltinFunction f, IReadOnlyList<RuleType> args, RuleType result) => f switch
        {
            BuiltinFunction.Round or BuiltinFunction.RoundUp or BuiltinFunction.RoundDown => new[] { args[0].Kind == TypeKind.Never ? RuleType.Decimal : args[0], RuleType.Int },
            BuiltinFunction.Ceil or BuiltinFunction.Floor => new[] { RuleType.Decimal },
            BuiltinFunction.Abs => new[] { result },
            BuiltinFunction.Min2 or BuiltinFunction.Max2 => new[] { result, result },
            BuiltinFunction.Sum or BuiltinFunction.MinOf or BuiltinFunction.MaxOf => new[] { RuleType.ListOf(result) },
            BuiltinFunction.Count => new[] { args[0].Kind == TypeKind.List ? args[0] : RuleType.ListOf(RuleType.Decimal) },
            BuiltinFunction.Age => new[] { RuleType.Date },
            BuiltinFunction.AgeOn or BuiltinFunction.DaysBetween => new[] { RuleType.Date, RuleType.Date },
            BuiltinFunction.AddDays or BuiltinFunction.AddMonths or BuiltinFunction.AddYears => new[] { RuleType.Date, RuleType.Int },
            BuiltinFunction.AddHours => new[] { RuleType.DateTime, RuleType.Decimal },
            BuiltinFunction.DateOf => new[] { RuleType.DateTime },
            BuiltinFunction.WorkingDaysAfter => new[] { RuleType.Date, RuleType.Int, RuleType.Calendar },
            BuiltinFunction.WorkingDaysBetween => new[] { RuleType.Date, RuleType.Date, RuleType.Calendar },
            BuiltinFunction.NextWorkingDay or BuiltinFunction.IsWorkingDay => new[] { RuleType.Date, RuleType.Calendar },
            BuiltinFunction.DocumentInForce => new[] { RuleType.String },
            _ => throw new InvalidOperationException($"no argument types for {f}"),
        };

        /// <summary>The name a rule writes for <paramref name="f"/>: <c>min</c> for both <see cref="BuiltinFunction.Min2"/> and <see cref="BuiltinFunction.MinOf"/>.</summary>
        public static string NameOf(BuiltinFunction f) => f switch
        {
            BuiltinFunction.Min2 or BuiltinFunction.MinOf => "min",
            BuiltinFunction.Max2 or BuiltinFunction.MaxOf => "max",
            _ => string.Concat(f.ToString().Select((ch, i) => char.IsUpper(ch) ? (i == 0 ? "" : "_") + char.ToLowerInvariant(ch) : ch.ToString())),
        };

        public static BuiltinEntry? Find(string name) => Functions.FirstOrDefault(f => f.Name == name);

        /// <summary>The function table of the language reference (docs/language.md), generated from <see cref="Functions"/>.</summary>
        public static string MarkdownTable() =>
            "| function | meaning |\n|---|---|\n" + string.Concat(Functions.Select(f => $"| {string.Join(", ", f.Signature.Split(new[] { " or " }, StringSplitOptions.None).Select(form => $"`{form}`"))} | {f.Documentation} |\n"));

        /// <summary>Every name a call may use, for suggestions.</summary>
        public static IEnumerable<string> Names => Functions.Select(f => f.Name).Concat(ComprehensionNames);
    }
}

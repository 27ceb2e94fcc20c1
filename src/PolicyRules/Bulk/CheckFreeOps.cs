using System.Reflection;
using System.Runtime.CompilerServices;
using PolicyRules.Rules;
using PolicyRules.Time;

namespace PolicyRules.Bulk;

/// <summary>
/// The check-free forms of the checked <see cref="RuleOps"/> operations, for the compiled kernels. A checked operation (an
/// arithmetic operator, <c>-x</c> on an int, a builtin that takes its call's place) catches the runtime's exception to
/// word it as an <c>evaluation_error</c> at its place, and that protected region keeps it from inlining into the kernel's
/// loop. Its form here computes the same value the same way with no protected region and no place; where the checked
/// operation would fail, the form lets the runtime's own exception out (an overflow, a division by zero, a date out of
/// range, a calendar's coverage), the row falls back to the interpreter, and the interpreter's checked call words the error.
/// <para>The mark is the name: a form has its checked operation's name, return type and parameters, less the place
/// <c>at</c>. <see cref="Of"/> finds a form by that, and <c>CompiledModuleTests</c> checks both ways that every form here
/// stands for a checked operation and every checked operation the kernels call has its form.</para>
/// </summary>
internal static class CheckFreeOps
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    /// <summary>The name of the place parameter of a checked operation.</summary>
    public const string PlaceParameter = "at";

    /// <summary>The check-free form of <paramref name="operation"/> (a <see cref="RuleOps"/> method, a generic one constructed)
    /// and the index of its place parameter (the argument the form does not take; -1 when it has none), or null when it has no form.</summary>
    public static (MethodInfo Form, int Place)? Of(MethodInfo operation)
    {
        if (operation.DeclaringType != typeof(RuleOps)) return null;
        var definition = operation.IsGenericMethod ? operation.GetGenericMethodDefinition() : operation;
        var parameters = definition.GetParameters();
        var place = Array.FindIndex(parameters, p => p.Name == PlaceParameter && p.ParameterType == typeof(string));
        var wanted = parameters.Where((_, k) => k != place).Select(p => p.ParameterType.ToString()).ToArray();
        var arity = definition.IsGenericMethod ? definition.GetGenericArguments().Length : 0;
        var form = typeof(CheckFreeOps).GetMethods(BindingFlags.Public | BindingFlags.Static).SingleOrDefault(m =>
            m.Name == definition.Name
            && (m.IsGenericMethod ? m.GetGenericArguments().Length : 0) == arity
            && m.ReturnType.ToString() == definition.ReturnType.ToString()
            && m.GetParameters().Select(p => p.ParameterType.ToString()).SequenceEqual(wanted));
        if (form is null) return null;
        return (arity > 0 ? form.MakeGenericMethod(operation.GetGenericArguments()) : form, place);
    }

    // ---- arithmetic --------------------------------------------------------------------------------

    /// <summary><see cref="RuleOps.Add(int, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static int Add(int a, int b) => checked(a + b);
    /// <summary><see cref="RuleOps.Subtract(int, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static int Subtract(int a, int b) => checked(a - b);
    /// <summary><see cref="RuleOps.Multiply(int, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static int Multiply(int a, int b) => checked(a * b);
    /// <summary><see cref="RuleOps.Divide(int, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Divide(int a, int b) => (decimal)a / b;
    /// <summary><see cref="RuleOps.Add(decimal, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Add(decimal a, decimal b) => a + b;
    /// <summary><see cref="RuleOps.Subtract(decimal, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Subtract(decimal a, decimal b) => a - b;
    /// <summary><see cref="RuleOps.Multiply(decimal, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Multiply(decimal a, decimal b) => a * b;
    /// <summary><see cref="RuleOps.Divide(decimal, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Divide(decimal a, decimal b) => a / b;
    /// <summary><see cref="RuleOps.Add(Money, Money, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Add(Money a, Money b) => a + b;
    /// <summary><see cref="RuleOps.Subtract(Money, Money, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Subtract(Money a, Money b) => a - b;
    /// <summary><see cref="RuleOps.Multiply(Money, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Multiply(Money a, decimal k) => a * k;
    /// <summary><see cref="RuleOps.Multiply(decimal, Money, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Multiply(decimal k, Money a) => k * a;
    /// <summary><see cref="RuleOps.Multiply(Money, Rate, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Multiply(Money a, Rate r) => a * r;
    /// <summary><see cref="RuleOps.Multiply(Rate, Money, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Multiply(Rate r, Money a) => r * a;
    /// <summary><see cref="RuleOps.Divide(Money, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Divide(Money a, decimal k) => a / k;
    /// <summary><see cref="RuleOps.Divide(Money, Rate, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Divide(Money a, Rate k) => new(a.Amount / k.Value);
    /// <summary><see cref="RuleOps.Divide(Money, Money, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Divide(Money a, Money b) => a / b;
    /// <summary><see cref="RuleOps.Add(Rate, Rate, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate Add(Rate a, Rate b) => a + b;
    /// <summary><see cref="RuleOps.Subtract(Rate, Rate, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate Subtract(Rate a, Rate b) => a - b;
    /// <summary><see cref="RuleOps.Multiply(Rate, Rate, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate Multiply(Rate a, Rate b) => a * b;
    /// <summary><see cref="RuleOps.Multiply(Rate, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Multiply(Rate a, decimal k) => a.Value * k;
    /// <summary><see cref="RuleOps.Multiply(decimal, Rate, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Multiply(decimal k, Rate a) => k * a.Value;
    /// <summary><see cref="RuleOps.Divide(Rate, Rate, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Divide(Rate a, Rate b) => a.Value / b.Value;
    /// <summary><see cref="RuleOps.Divide(Rate, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate Divide(Rate a, decimal k) => new(a.Value / k);
    /// <summary><see cref="RuleOps.Negate(int, string)"/>.</summary>
    [MethodImpl(Inline)] public static int Negate(int x) => checked(-x);

    // ---- builtins that take their call's place --------------------------------------------------------

    /// <summary><see cref="RuleOps.Round(int, int, MidpointRounding, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Round(int x, int places, MidpointRounding mode) => x;
    /// <summary><see cref="RuleOps.Round(decimal, int, MidpointRounding, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Round(decimal x, int places, MidpointRounding mode) => Math.Round(x, places, mode);
    /// <summary><see cref="RuleOps.Round(Money, int, MidpointRounding, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Round(Money x, int places, MidpointRounding mode) => new(Math.Round(x.Amount, places, mode));
    /// <summary><see cref="RuleOps.Round(Rate, int, MidpointRounding, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate Round(Rate x, int places, MidpointRounding mode) => new(Math.Round(x.Value, places, mode));
    /// <summary><see cref="RuleOps.Round(int, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Round(int x, int places) => Round(x, places, MidpointRounding.AwayFromZero);
    /// <summary><see cref="RuleOps.Round(decimal, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Round(decimal x, int places) => Round(x, places, MidpointRounding.AwayFromZero);
    /// <summary><see cref="RuleOps.Round(Money, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Round(Money x, int places) => Round(x, places, MidpointRounding.AwayFromZero);
    /// <summary><see cref="RuleOps.Round(Rate, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate Round(Rate x, int places) => Round(x, places, MidpointRounding.AwayFromZero);
    /// <summary><see cref="RuleOps.RoundUp(int, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal RoundUp(int x, int places) => Round(x, places, MidpointRounding.ToPositiveInfinity);
    /// <summary><see cref="RuleOps.RoundUp(decimal, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal RoundUp(decimal x, int places) => Round(x, places, MidpointRounding.ToPositiveInfinity);
    /// <summary><see cref="RuleOps.RoundUp(Money, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money RoundUp(Money x, int places) => Round(x, places, MidpointRounding.ToPositiveInfinity);
    /// <summary><see cref="RuleOps.RoundUp(Rate, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate RoundUp(Rate x, int places) => Round(x, places, MidpointRounding.ToPositiveInfinity);
    /// <summary><see cref="RuleOps.RoundDown(int, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal RoundDown(int x, int places) => Round(x, places, MidpointRounding.ToNegativeInfinity);
    /// <summary><see cref="RuleOps.RoundDown(decimal, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal RoundDown(decimal x, int places) => Round(x, places, MidpointRounding.ToNegativeInfinity);
    /// <summary><see cref="RuleOps.RoundDown(Money, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money RoundDown(Money x, int places) => Round(x, places, MidpointRounding.ToNegativeInfinity);
    /// <summary><see cref="RuleOps.RoundDown(Rate, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate RoundDown(Rate x, int places) => Round(x, places, MidpointRounding.ToNegativeInfinity);

    /// <summary><see cref="RuleOps.Ceiling(decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static int Ceiling(decimal x) => checked((int)decimal.Ceiling(x));
    /// <summary><see cref="RuleOps.Floor(decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static int Floor(decimal x) => checked((int)decimal.Floor(x));

    /// <summary><see cref="RuleOps.Abs(int, string)"/>.</summary>
    [MethodImpl(Inline)] public static int Abs(int x) => x < 0 ? checked(-x) : x;
    /// <summary><see cref="RuleOps.Abs(decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static decimal Abs(decimal x) => x < 0m ? -x : x;
    /// <summary><see cref="RuleOps.Abs(Money, string)"/>.</summary>
    [MethodImpl(Inline)] public static Money Abs(Money x) => x < Money.Zero ? -x : x;
    /// <summary><see cref="RuleOps.Abs(Rate, string)"/>.</summary>
    [MethodImpl(Inline)] public static Rate Abs(Rate x) => x < new Rate(0m) ? new Rate(-x.Value) : x;

    // The loops are indexed: a foreach over an interface has a protected region (the enumerator's Dispose).

    /// <summary><see cref="RuleOps.Sum(IReadOnlyList{int}, string)"/>.</summary>
    public static int Sum(IReadOnlyList<int> list)
    {
        var total = 0;
        for (var i = 0; i < list.Count; i++) total = checked(total + list[i]);
        return total;
    }
    /// <summary><see cref="RuleOps.Sum(IReadOnlyList{decimal}, string)"/>.</summary>
    public static decimal Sum(IReadOnlyList<decimal> list)
    {
        var total = 0m;
        for (var i = 0; i < list.Count; i++) total += list[i];
        return total;
    }
    /// <summary><see cref="RuleOps.Sum(IReadOnlyList{Money}, string)"/>.</summary>
    public static Money Sum(IReadOnlyList<Money> list)
    {
        var total = Money.Zero;
        for (var i = 0; i < list.Count; i++) total += list[i];
        return total;
    }
    /// <summary><see cref="RuleOps.Sum(IReadOnlyList{Rate}, string)"/>.</summary>
    public static Rate Sum(IReadOnlyList<Rate> list)
    {
        var total = new Rate(0m);
        for (var i = 0; i < list.Count; i++) total += list[i];
        return total;
    }

    // min and max of a list have no protected region (an empty list is thrown, not caught); their forms are the checked
    // operations' loops without the place, so that every builtin that takes its place has a form and the rule has no exceptions.

    /// <summary><see cref="RuleOps.MinOf{T}(IReadOnlyList{T}, string)"/>.</summary>
    public static T MinOf<T>(IReadOnlyList<T> list) where T : IComparable<T> => Extreme(list, true);
    /// <summary><see cref="RuleOps.MaxOf{T}(IReadOnlyList{T}, string)"/>.</summary>
    public static T MaxOf<T>(IReadOnlyList<T> list) where T : IComparable<T> => Extreme(list, false);
    /// <summary><see cref="RuleOps.MinOf{T}(IReadOnlyList{T?}, string)"/>.</summary>
    public static T? MinOf<T>(IReadOnlyList<T?> list) where T : struct, IComparable<T> => Extreme(list, true);
    /// <summary><see cref="RuleOps.MaxOf{T}(IReadOnlyList{T?}, string)"/>.</summary>
    public static T? MaxOf<T>(IReadOnlyList<T?> list) where T : struct, IComparable<T> => Extreme(list, false);

    private static T Extreme<T>(IReadOnlyList<T> list, bool min) where T : IComparable<T>
    {
        if (list.Count == 0) throw new InvalidOperationException(min ? "min of an empty list" : "max of an empty list");
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            var cmp = list[i].CompareTo(best);
            if (min ? cmp < 0 : cmp > 0) best = list[i];
        }
        return best;
    }

    private static T? Extreme<T>(IReadOnlyList<T?> list, bool min) where T : struct, IComparable<T>
    {
        if (list.Count == 0) throw new InvalidOperationException(min ? "min of an empty list" : "max of an empty list");
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i] is not { } x || best is not { } b) throw new InvalidOperationException("an item is none");
            var cmp = x.CompareTo(b);
            if (min ? cmp < 0 : cmp > 0) best = x;
        }
        return best;
    }

    /// <summary><see cref="RuleOps.AddDays(DateOnly, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static DateOnly AddDays(DateOnly d, int n) => CivilDates.AddDays(d, n);
    /// <summary><see cref="RuleOps.AddMonths(DateOnly, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static DateOnly AddMonths(DateOnly d, int n) => CivilDates.AddMonths(d, n);
    /// <summary><see cref="RuleOps.AddYears(DateOnly, int, string)"/>.</summary>
    [MethodImpl(Inline)] public static DateOnly AddYears(DateOnly d, int n) => CivilDates.AddYears(d, n);
    /// <summary><see cref="RuleOps.AddHours(DateTime, decimal, string)"/>.</summary>
    [MethodImpl(Inline)] public static DateTime AddHours(DateTime t, decimal hours) => CivilDates.AddHours(t, hours);
    /// <summary><see cref="RuleOps.WorkingDaysAfter(DateOnly, int, RuleCalendar, string)"/> (n below 1 is the calendar's
    /// ArgumentOutOfRangeException).</summary>
    [MethodImpl(Inline)] public static DateOnly WorkingDaysAfter(DateOnly d, int n, RuleCalendar calendar) => calendar.Calendar.WorkingDaysAfter(d, n);
    /// <summary><see cref="RuleOps.NextWorkingDay(DateOnly, RuleCalendar, string)"/>.</summary>
    [MethodImpl(Inline)] public static DateOnly NextWorkingDay(DateOnly d, RuleCalendar calendar) => calendar.Calendar.NextWorkingDay(d);
    /// <summary><see cref="RuleOps.IsWorkingDay(DateOnly, RuleCalendar, string)"/>.</summary>
    [MethodImpl(Inline)] public static bool IsWorkingDay(DateOnly d, RuleCalendar calendar) => calendar.Calendar.IsWorkingDay(d);
}

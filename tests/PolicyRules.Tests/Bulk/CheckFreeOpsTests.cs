using System.Reflection;
using PolicyRules.Bulk;
using PolicyRules.Rules;
using static PolicyRules.Tests.Runtime.China2017To2018Calendar;

namespace PolicyRules.Tests.Bulk;

/// <summary>
/// Each check-free form (<see cref="CheckFreeOps"/>) against its checked operation, on every combination of a few ordinary
/// and extreme values of its parameters' types: where the checked operation answers, the form answers the same value (to
/// the decimal's scale); where the checked operation throws, the form throws too (the kernel's row then falls back to the
/// interpreter). A form that answered where the checked operation fails would put a wrong value in the output.
/// </summary>
public class CheckFreeOpsTests
{
    private static readonly decimal[] Decimals =
    [
        0m, 1m, -1m, 0.5m, -2.5m, 2.5m, 10.25m, 1234.5678m, 0.0000000000000000000000000001m, 1.2345678901234567890123456789m,
        int.MaxValue, decimal.MaxValue, decimal.MinValue, 39614081257132168796771975168m,
    ];

    private static readonly int[] Ints = [0, 1, -1, 2, 3, 28, 29, -3, 46341, int.MaxValue, int.MinValue];

    private static readonly DateOnly[] Dates =
        [DateOnly.MinValue, DateOnly.MaxValue, new(2016, 12, 31), new(2017, 9, 29), new(2017, 10, 1), new(2018, 12, 28), new(2018, 12, 31), new(2024, 2, 29)];

    private static readonly Dictionary<Type, object?[]> Samples = new()
    {
        [typeof(int)] = Ints.Cast<object?>().ToArray(),
        [typeof(decimal)] = Decimals.Cast<object?>().ToArray(),
        [typeof(Money)] = Decimals.Select(d => (object?)new Money(d)).ToArray(),
        [typeof(Rate)] = Decimals.Select(d => (object?)new Rate(d)).ToArray(),
        [typeof(MidpointRounding)] = [MidpointRounding.AwayFromZero, MidpointRounding.ToEven, MidpointRounding.ToPositiveInfinity, MidpointRounding.ToNegativeInfinity],
        [typeof(DateOnly)] = Dates.Cast<object?>().ToArray(),
        [typeof(DateTime)] = [DateTime.MinValue, DateTime.MaxValue, new DateTime(2017, 9, 1, 12, 30, 0), new DateTime(9999, 12, 31, 23, 0, 0)],
        [typeof(RuleCalendar)] = [new RuleCalendar(Build(), [])],
        [typeof(IReadOnlyList<int>)] = [Array.Empty<int>(), new[] { 1, -2, 3 }, new[] { int.MaxValue, 1 }, new[] { int.MinValue, -1 }],
        [typeof(IReadOnlyList<decimal>)] = [Array.Empty<decimal>(), new[] { 1.5m, -2.50m, 3m }, new[] { decimal.MaxValue, 1m }, new[] { 2m, 2.00m }],
        [typeof(IReadOnlyList<decimal?>)] = [Array.Empty<decimal?>(), new decimal?[] { 1.5m, -2.5m }, new decimal?[] { null }, new decimal?[] { 1m, null }],
        [typeof(IReadOnlyList<Money>)] = [Array.Empty<Money>(), new[] { new Money(1.5m), new Money(-2.25m) }, new[] { new Money(decimal.MaxValue), new Money(1m) }],
        [typeof(IReadOnlyList<Rate>)] = [Array.Empty<Rate>(), new[] { new Rate(0.5m), new Rate(0.25m) }, new[] { new Rate(decimal.MinValue), new Rate(-1m) }],
    };

    [Fact]
    public void Every_form_answers_as_its_checked_operation_or_throws_where_it_throws()
    {
        var compared = 0;
        foreach (var operation in CompiledModuleTests.CheckedOperations())
        {
            var (form, place) = CheckFreeOps.Of(operation)!.Value;
            var types = form.GetParameters().Select(p => p.ParameterType).ToList();
            foreach (var args in Combinations(types.Select(t => Samples.TryGetValue(t, out var v) ? v : throw new InvalidOperationException($"no sample values of {t} for {form}")).ToList()))
            {
                var withPlace = args.ToList();
                withPlace.Insert(place, "test.rules(1,1)");
                var (expected, checkedThrew) = Call(operation, withPlace.ToArray());
                var (actual, formThrew) = Call(form, args);
                var what = $"{operation.Name}({string.Join(", ", args.Select(Show))})";
                if (checkedThrew) Assert.True(formThrew, $"{what}: the checked operation fails, the form answers {Show(actual)}");
                else
                {
                    Assert.False(formThrew, $"{what}: the form throws, the checked operation answers {Show(expected)}");
                    Assert.True(Equals(expected, actual) && Show(expected) == Show(actual), $"{what}: {Show(expected)} checked, {Show(actual)} check-free");
                }
                compared++;
            }
        }
        Assert.True(compared > 5000, $"{compared} calls compared");
    }

    private static (object? Value, bool Threw) Call(MethodInfo method, object?[] args)
    {
        try { return (method.Invoke(null, args), false); }
        catch (TargetInvocationException) { return (null, true); }
    }

    private static string Show(object? value) => value switch
    {
        null => "none",
        System.Collections.IEnumerable list and not string => "[" + string.Join(", ", list.Cast<object?>().Select(Show)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static IEnumerable<object?[]> Combinations(IReadOnlyList<object?[]> values)
    {
        IEnumerable<object?[]> result = [[]];
        foreach (var choices in values)
            result = result.SelectMany(prefix => choices.Select(c => prefix.Append(c).ToArray()));
        return result;
    }
}

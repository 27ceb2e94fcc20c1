// Using a rule package from C#: typed inputs and outputs, an explanation that quotes the gazette, and error
// codes instead of guesses. The package PolicyRules.Handan2017 holds the modules generated from its .rules files.
using System.Reflection;
using PolicyRules;
using PolicyRules.Handan2017;
using PolicyRules.Rules;

var at = new DateOnly(2018, 1, 1);

// A taxpayer with two parcels: 1000 m² in the 一级地段, and 500.5 m² lying where the 二级 and 三级 areas
// overlap (§一.重叠区域: the higher grade applies).
var input = new LandUseTax.Input
{
    Parcels =
    [
        new Parcel { Grades = [1], AreaM2 = 1000m },
        new Parcel { Grades = [3, 2], AreaM2 = 500.5m },
    ],
};

var result = LandUseTax.Evaluate(input, at);
Console.WriteLine(result.Explain());
if (result.Succeeded)
    Console.WriteLine($"年应纳税额 {result.Output.AnnualTax} 元 (parcels: {string.Join(" + ", result.Output.ParcelTaxes)})");

// The provisions the module cites, as attributes on the generated class.
Console.WriteLine();
Console.WriteLine($"{nameof(LandUseTax)} cites: {string.Join("; ", typeof(LandUseTax).GetCustomAttributes<CitesAttribute>())}");
Console.WriteLine($"in force from {LandUseTax.Info.InForceFrom:yyyy-MM-dd} ({string.Join(", ", LandUseTax.Info.Documents)})");

// Outside its period the module answers not_in_force, naming the document; a bad input answers invalid_input.
Console.WriteLine();
foreach (var (what, outcome) in new (string, RuleResult)[]
{
    ("before 107号 took effect", LandUseTax.Evaluate(input, new DateOnly(2017, 8, 15))),
    ("a grade that does not exist", LandUseTaxParcel.Evaluate(new LandUseTaxParcel.Input { Grade = 6, AreaM2 = 10m }, at)),
})
{
    Console.WriteLine($"{what}: {outcome.Error!.Code} — {outcome.Error.Message}");
}

// .Value throws a RuleErrorException carrying the code, for callers that prefer exceptions.
try
{
    _ = LandUseTaxParcel.Evaluate(new LandUseTaxParcel.Input { Grade = 0, AreaM2 = 10m }, at).Value;
}
catch (RuleErrorException e)
{
    Console.WriteLine($"exception: {e.Code}");
}

// Many records: TryEvaluate answers what Evaluate(…, explain: false) answers, the outputs as a struct, allocating
// nothing on success (for a module without list comprehensions); a failure gives the same RuleError.
var parcels = new[]
{
    new LandUseTaxParcel.Input { Grade = 1, AreaM2 = 1000m },
    new LandUseTaxParcel.Input { Grade = 3, AreaM2 = 250.5m },
    new LandUseTaxParcel.Input { Grade = 9, AreaM2 = 10m },
};
var total = Money.Zero;
foreach (var parcel in parcels)
{
    if (LandUseTaxParcel.TryEvaluate(parcel, at, out var values, out var error)) total += values.AnnualTax;
    else Console.WriteLine($"grade {parcel.Grade}: {error.Code}");
}
Console.WriteLine($"bulk: {total} 元 for the parcels that could be taxed");

// A rule of your own, written by hand: the analyzer the package brings requires [Cites] naming a document and
// section of the package's registry (PR0401, PR0103, PR0104), and checks it at build time.
Console.WriteLine();
Console.WriteLine($"grade 1, 1000 m² by hand: {GradeOneTax.For(1000m)} 元 = {LandUseTaxParcel.Evaluate(new() { Grade = 1, AreaM2 = 1000m }, at).Value.AnnualTax} 元 generated");

[Rule]
[Cites("邯政办字〔2017〕107号", "二")]
internal sealed class GradeOneTax
{
    public static Money For(decimal areaM2) => Money.Yuan(25m) * areaM2;
}

using PolicyRules.Language.Diagnostics;

namespace PolicyRules.Tests.Language;

public class NameSuggesterTests
{
    private static readonly string[] Modules = ["land_grade", "land_use_tax", "land_use_tax_parcel", "left_behind_child"];

    [Theory]
    [InlineData("land_use_tx", "land_use_tax")]          // a typo
    [InlineData("lnad_grade", "land_grade")]              // transposed letters
    [InlineData("land_tax", "land_use_tax")]              // a word left out: the shortest name with every word
    [InlineData("land_tax_parcel", "land_use_tax_parcel")]
    [InlineData("medical", null)]                         // nothing close: no guess
    public void Suggests_the_nearest_name_or_nothing(string name, string? expected) =>
        Assert.Equal(expected, NameSuggester.Nearest(name, Modules));
}

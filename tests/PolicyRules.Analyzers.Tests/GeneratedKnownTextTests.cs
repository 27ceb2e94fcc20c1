using PolicyRules.Evaluation;
using PolicyRules.Handan2017;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// The generated LandGrade reads its township input as the interpreter does (one runtime function, RuleOps.KnownInput):
/// 107号 §一.四级地段.第1段 (gazette line 713) makes 丛台区黄粱梦镇 grade 4; the variant 黄梁梦镇 and a padded name are
/// read as it, a near miss is invalid_input with a did-you-mean, and a name §一 does not list is taken as written
/// (丛台区 outside the ring roads: grade 3, §一.三级地段.第1段, line 703).
/// </summary>
public sealed class GeneratedKnownTextTests
{
    private static LandGrade.Input In(string? township) => new()
    {
        District = LandDistrict.Congtai, Township = township, WithinFirstGradeRoads = false, WithinRingRoads = false,
        WithinFeixiangTownRoads = false, InFormerMatouArea = false, WestOfExpressway = false,
    };

    private static readonly DateOnly At = new(2017, 9, 1);

    [Theory]
    [InlineData("黄粱梦镇", 4, true)]
    [InlineData("黄梁梦镇", 4, true)]
    [InlineData(" 黄粱梦镇\u3000", 4, true)]
    [InlineData("马庄乡", 3, false)]
    public void Evaluate_and_TryEvaluate_read_the_township(string township, int grade, bool named)
    {
        var r = LandGrade.Evaluate(In(township), At);
        Assert.True(r.Output is not null, r.Error?.Message);
        Assert.Equal(grade, r.Output!.Grade);
        Assert.Equal(named, r.Output.TownshipNamed);
        Assert.True(LandGrade.TryEvaluate(In(township), At, out var o, out var error), error?.Message);
        Assert.Equal(grade, o.Grade);
    }

    [Fact]
    public void A_near_miss_is_invalid_input_with_a_did_you_mean()
    {
        var r = LandGrade.Evaluate(In("黄粱梦"), At);
        Assert.Equal(ErrorCodes.InvalidInput, r.Error?.Code);
        Assert.Contains("did you mean '黄粱梦镇'?", r.Error!.Message);
        Assert.False(LandGrade.TryEvaluate(In("黄粱梦"), At, out _, out var error));
        Assert.Equal(r.Error.Message, error.Message);
    }
}

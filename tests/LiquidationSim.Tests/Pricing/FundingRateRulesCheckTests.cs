using LiquidationSim.Instruments;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Pricing;

/// <summary><see cref="FundingRateRules.Check"/> reports every problem of the rules' inputs; <see cref="FundingRateRules.Create"/> throws the first.</summary>
public sealed class FundingRateRulesCheckTests
{
    private static readonly SourceReference _source = SourceReference.UserSupplied(TestInstruments.AsOf);

    public static TheoryData<decimal, decimal?, TimeSpan, string, string[]> Cases => new()
    {
        // clamp limit, rate cap, interval, citation → every parameter at fault, in order
        { -0.1m, 0m, TimeSpan.Zero, " ", ["clampLimit", "rateCap", "interval", "source.Citation"] },
        { 0.0005m, -0.01m, TimeSpan.FromHours(-8), "x", ["rateCap", "interval"] },
        { 0.0005m, null, TimeSpan.FromHours(8), "", ["source.Citation"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_problem_is_reported_at_once_and_Create_throws_the_first(decimal clampLimit, decimal? rateCap, TimeSpan interval, string citation, string[] expected)
    {
        var source = _source with { Citation = citation };

        var problems = FundingRateRules.Check(clampLimit, rateCap, interval, source);

        problems.Select(p => p.Parameter).Should().Equal(expected);
        Action create = () => FundingRateRules.Create(0.0001m, clampLimit, rateCap, interval, source);
        create.ShouldThrowFirstOf(problems);
    }

    [Fact]
    public void Binance_rules_have_no_problems()
    {
        var binance = FundingRateRules.Binance;

        FundingRateRules.Check(binance.ClampLimit, binance.RateCap, binance.Interval, binance.Source).Should().BeEmpty();
    }
}

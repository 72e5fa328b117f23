using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Instruments;

/// <summary><see cref="Instrument.Check"/> reports every problem of a contract's inputs; the factories throw the first.</summary>
public sealed class InstrumentCheckTests
{
    private static readonly RiskTierTable _tiers = TestInstruments.Flat(0.005m, 100m);

    public static TheoryData<string, string, string, decimal, decimal, decimal, bool, int, string[]> Cases => new()
    {
        // symbol, base, quote, contract, tick, lot, has tiers, settlement decimals → every parameter at fault, in order
        { "BTCUSDT", "BTC", "USDT", 0m, -0.1m, 0m, true, 8, ["contractSize", "tickSize", "lotSize"] },
        { " ", "", "USDT", 1m, 0m, 0.001m, true, 8, ["symbol", "baseAsset", "tickSize"] },
        { "BTCUSDT", "BTC", " ", 1m, 0.1m, 0.001m, false, 19, ["settlementDecimals", "quoteAsset", "riskTiers"] },
        { "BTCUSDT", "BTC", "USDT", -1m, 0.1m, -0.001m, false, 8, ["contractSize", "lotSize", "riskTiers"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_problem_is_reported_at_once_and_the_factories_throw_the_first(
        string symbol, string baseAsset, string quoteAsset, decimal contract, decimal tick, decimal lot, bool hasTiers, int decimals, string[] expected)
    {
        RiskTierTable? tiers = hasTiers ? _tiers : null;

        var problems = Instrument.Check(symbol, baseAsset, quoteAsset, contract, tick, lot, tiers, decimals);

        problems.Select(p => p.Parameter).Should().Equal(expected);
        Action linear = () => Instrument.Linear(symbol, baseAsset, quoteAsset, tiers!, tick, lot, contract, decimals);
        Action inverse = () => Instrument.Inverse(symbol, baseAsset, quoteAsset, tiers!, tick, lot, contract, decimals);
        linear.ShouldThrowFirstOf(problems);
        inverse.ShouldThrowFirstOf(problems);
    }

    [Fact]
    public void Each_problem_carries_its_rule_and_value()
    {
        var problems = Instrument.Check("X", "A", "B", 1m, -0.1m, 0m, _tiers, 8);

        problems.Should().Equal(
            new DomainProblem("tickSize", "must be greater than zero", -0.1m, DomainRule.Positive),
            new DomainProblem("lotSize", "must be greater than zero", 0m, DomainRule.Positive));
        problems[0].Describe().Should().Be("tickSize must be greater than zero; got -0.1.");
    }

    [Fact]
    public void Valid_inputs_have_no_problems() =>
        Instrument.Check("BTCUSDT", "BTC", "USDT", 1m, 0.1m, 0.001m, _tiers, 8).Should().BeEmpty();

    [Theory]
    [InlineData(0.0005, new[] { "size" }, "must be a whole multiple of the lot size 0.001")]
    [InlineData(-0.0005, new[] { "size", "size" }, "must be greater than zero")]
    [InlineData(0, new[] { "size" }, "must be greater than zero")]
    public void CheckSize_reports_every_problem_and_ValidateSize_throws_the_first(double size, string[] expected, string first)
    {
        Instrument instrument = TestInstruments.BtcUsdt;

        var problems = instrument.CheckSize((decimal)size);

        problems.Select(p => p.Parameter).Should().Equal(expected);
        problems[0].Message.Should().Be(first);
        new Action(() => instrument.ValidateSize((decimal)size)).ShouldThrowFirstOf(problems);
    }
}

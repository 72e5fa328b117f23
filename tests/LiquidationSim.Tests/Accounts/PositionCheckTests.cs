using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Accounts;

/// <summary><see cref="Position.Check"/> reports every problem of an opening; <see cref="Position.Open"/> throws the first.</summary>
public sealed class PositionCheckTests
{
    /// <summary>Flat 0.5% maintenance, 100x, tick 0.01, lot 0.001.</summary>
    private static readonly Instrument _instrument = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);

    public static TheoryData<PositionSide, decimal, decimal, MarginMode, decimal, decimal?, string[]> Cases => new()
    {
        // side, size, entry price, margin mode, leverage, isolated margin → every parameter at fault, in order
        { PositionSide.Long, 0.0005m, 0m, MarginMode.Isolated, 0m, null, ["size", "entryPrice", "leverage"] },
        { (PositionSide)0, -1m, 100m, MarginMode.Cross, 10m, null, ["side", "size"] },
        { PositionSide.Short, 1m, 100m, MarginMode.Cross, 0m, 5m, ["leverage", "isolatedMargin"] },
        { PositionSide.Long, 1m, -1m, (MarginMode)7, 10m, null, ["entryPrice", "marginMode"] },
        { PositionSide.Long, 1m, 100m, MarginMode.Isolated, 150m, -1m, ["leverage", "isolatedMargin"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_problem_is_reported_at_once_and_Open_throws_the_first(
        PositionSide side, decimal size, decimal entryPrice, MarginMode mode, decimal leverage, decimal? isolatedMargin, string[] expected)
    {
        var problems = Position.Check(_instrument, side, size, entryPrice, mode, leverage, isolatedMargin);

        problems.Select(p => p.Parameter).Should().Equal(expected);
        Action open = () => Position.Open(_instrument, side, size, entryPrice, mode, leverage, isolatedMargin);
        open.ShouldThrowFirstOf(problems);
    }

    [Fact]
    public void Leverage_above_the_bracket_names_the_bracket_and_the_notional()
    {
        var problem = Position.Check(_instrument, PositionSide.Long, 1m, 100m, MarginMode.Cross, 150m).Should().ContainSingle().Subject;

        problem.Should().Be(new DomainProblem("leverage", "must not exceed the bracket maximum 100x at notional 100", 150m, DomainRule.OutOfRange));
    }

    [Fact]
    public void The_bracket_is_not_judged_while_the_size_it_needs_is_invalid() =>
        Position.Check(_instrument, PositionSide.Long, 0.0005m, 100m, MarginMode.Cross, 150m).Select(p => p.Parameter).Should().Equal("size");

    [Fact]
    public void A_missing_instrument_is_the_first_problem_and_Open_throws_ArgumentNullException()
    {
        var problems = Position.Check(null, PositionSide.Long, 1m, 0m, MarginMode.Cross, 10m);

        problems.Select(p => p.Parameter).Should().Equal("instrument", "entryPrice");
        new Action(() => Position.Open(null!, PositionSide.Long, 1m, 0m, MarginMode.Cross, 10m)).ShouldThrowFirstOf(problems);
    }

    [Fact]
    public void A_valid_opening_has_no_problems() =>
        Position.Check(_instrument, PositionSide.Short, 0.5m, 100m, MarginMode.Isolated, 100m).Should().BeEmpty();
}

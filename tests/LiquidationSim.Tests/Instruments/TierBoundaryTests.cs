using LiquidationSim.Instruments;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Instruments;

/// <summary>
/// The boundary value itself, for every shipped table of every venue (issue 16): a notional exactly on a bracket
/// boundary belongs to the bracket the venue's own rule names, a cent either side to the brackets below and above,
/// and the maintenance margin is the same read from either bracket (the recurrence makes it continuous).
/// </summary>
/// <remarks>
/// The rules: Binance's <c>leverageBracket</c> is read <c>notional ≥ floor</c> → the higher bracket (reference cefi.md
/// §1.3.1); Hyperliquid's margin tiers start at their <c>lowerBound</c> (cefi.md §6); BitMEX's risk limit is the largest
/// position a step allows (cefi.md §4.2); Bybit's risk limit includes its upper bound ("Maintenance Margin (USDT
/// Contract)": 0–1,000, &gt;1,000–2,000, …; cefi.md §2.3); an OKX tier's maximum size is in that tier (ccxt reads OKX's
/// tiers as min = previous max + 1 contracts, cefi.md §3).
/// </remarks>
public sealed class TierBoundaryTests
{
    /// <summary>Bybit's tax-bracket illustration (cefi.md §2.3) built with the Bybit constructor.</summary>
    private static readonly RiskTierTable s_bybitIllustration = RiskTierTable.Bybit(
        "XYZUSDT",
        [new(1_000m, 2m, 10m), new(2_000m, 2.5m, 10m), new(3_000m, 3m, 10m), new(4_000m, 3.5m, 10m), new(5_000m, 4m, 10m)],
        RateUnit.Percent,
        SourceReference.UserSupplied(TestInstruments.AsOf));

    public static TheoryData<string, TierBoundary> ShippedTables => new()
    {
        { "binance-btcusdt", TierBoundary.FloorInclusive },
        { "binance-ethusdt", TierBoundary.FloorInclusive },
        { "binance-btcusdt-legacy", TierBoundary.FloorInclusive },
        { "bitmex-xbtusd", TierBoundary.CapInclusive },
        { "hyperliquid-btc", TierBoundary.FloorInclusive },
        { "hyperliquid-eth", TierBoundary.FloorInclusive },
        { "hyperliquid-sol", TierBoundary.FloorInclusive },
        { "hyperliquid-btc-testnet", TierBoundary.FloorInclusive },
        { "okx-btcusdt-swap", TierBoundary.CapInclusive },
        { "okx-ethusdt-swap", TierBoundary.CapInclusive },
        { "bybit-btcusdt", TierBoundary.CapInclusive },
        { "bybit-illustration", TierBoundary.CapInclusive },
    };

    private static RiskTierTable Table(string name) =>
        name == "bybit-illustration" ? s_bybitIllustration : ScenarioCatalogue.Tiers(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "not a shipped table");

    [Fact]
    public void Every_table_a_scenario_can_name_is_covered() =>
        ShippedTables.Select(row => row.Data.Item1).Should().Contain(ScenarioCatalogue.TierNames);

    [Theory]
    [MemberData(nameof(ShippedTables))]
    public void A_notional_on_a_boundary_is_in_the_bracket_the_venue_names(string name, TierBoundary rule)
    {
        RiskTierTable table = Table(name);
        table.Boundary.Should().Be(rule);
        table.Count.Should().BeGreaterThan(1, "a table with one bracket has no boundary to test");

        for (int i = 0; i + 1 < table.Count; i++)
        {
            decimal boundary = table.Tiers[i + 1].NotionalFloor;
            table.Tiers[i].NotionalCap.Should().Be(boundary);
            table.IndexOf(boundary).Should().Be(rule == TierBoundary.CapInclusive ? i : i + 1, "{0} at {1}", name, boundary);
            table.IndexOf(boundary - 0.01m).Should().Be(i, "{0} just below {1}", name, boundary);
            table.IndexOf(boundary + 0.01m).Should().Be(i + 1, "{0} just above {1}", name, boundary);
            table.MaxLeverage(boundary).Should().Be(table.Tiers[table.IndexOf(boundary)].MaxLeverage);
        }
    }

    [Theory]
    [MemberData(nameof(ShippedTables))]
    public void Maintenance_margin_is_the_same_read_from_either_bracket_at_a_boundary(string name, TierBoundary rule)
    {
        RiskTierTable table = Table(name);
        _ = rule;
        if (table.AmountRule != MaintenanceAmountRule.Cumulative)
        {
            return; // BitMEX charges the whole position at its step's rate: a jump at each limit, by design
        }

        for (int i = 0; i + 1 < table.Count; i++)
        {
            decimal b = table.Tiers[i + 1].NotionalFloor;
            decimal below = (b * table.Tiers[i].MaintenanceMarginRate) - table.Tiers[i].MaintenanceAmount;
            decimal above = (b * table.Tiers[i + 1].MaintenanceMarginRate) - table.Tiers[i + 1].MaintenanceAmount;
            above.Should().Be(below, "{0} at {1}", name, b);
            table.MaintenanceMargin(b).Should().Be(below);
        }
    }

    [Fact]
    public void A_bybit_position_worth_exactly_its_risk_limit_stays_in_that_limit()
    {
        // 1,000 USDT is the first risk limit of the illustration: MMR 2 %, so MM = 20, not 2.5 % − deduction.
        s_bybitIllustration.TierFor(1_000m).MaintenanceMarginRate.Should().Be(0.02m);
        s_bybitIllustration.TierFor(1_000.000001m).MaintenanceMarginRate.Should().Be(0.025m);
        s_bybitIllustration.MaintenanceMargin(1_000m).Should().Be(20m);
    }

    [Fact]
    public void Tables_from_rates_take_the_venues_boundary_rule()
    {
        (decimal, decimal, decimal)[] brackets = [(0m, 50m, 0.01m), (1_000m, 25m, 0.02m)];

        RiskTierTable floor = RiskTierTable.FromRates("floor", brackets, SourceReference.UserSupplied(TestInstruments.AsOf));
        RiskTierTable cap = RiskTierTable.FromRates("cap", brackets, SourceReference.UserSupplied(TestInstruments.AsOf), boundary: TierBoundary.CapInclusive);

        floor.TierFor(1_000m).MaxLeverage.Should().Be(25m);
        cap.TierFor(1_000m).MaxLeverage.Should().Be(50m);
        cap.Invoking(_ => RiskTierTable.FromRates("bad", brackets, SourceReference.UserSupplied(TestInstruments.AsOf), boundary: (TierBoundary)7))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "boundary");
    }
}

using LiquidationSim.Instruments;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Instruments;

public class RiskTierTableValidationTests
{
    private static readonly SourceReference _source = SourceReference.UserSupplied(TestInstruments.AsOf);

    private static RiskTierTable Table(params RiskTier[] tiers) =>
        RiskTierTable.Create("test", tiers, MaintenanceAmountRule.Cumulative, _source);

    // ---------------------------------------------------------------------------------------------------------
    // The maintenance-amount recurrence
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, 0.004, 50_000, 0.005, 50)] // 50,000 × 0.1% = 50
    [InlineData(50, 0.005, 600_000, 0.0065, 950)] // 50 + 600,000 × 0.15% = 950
    [InlineData(950, 0.0065, 3_000_000, 0.01, 11_450)] // 950 + 3,000,000 × 0.35% = 11,450
    public void Next_maintenance_amount_follows_the_recurrence(decimal previous, decimal previousRate, decimal floor, decimal rate, decimal expected) =>
        RiskTierTable.NextMaintenanceAmount(previous, previousRate, floor, rate).Should().Be(expected);

    [Fact]
    public void Maintenance_margin_is_continuous_across_a_cumulative_boundary()
    {
        // 50,000 × 0.4% − 0 = 200 just below, 50,000 × 0.5% − 50 = 200 at the floor: the deduction exists for this.
        RiskTierTable t = BinanceUsdmTiers.BtcUsdt;
        t.MaintenanceMargin(50_000m).Should().Be(200m);
        t.MaintenanceMargin(49_999.99m).Should().Be(49_999.99m * 0.004m);
        t.MaintenanceMargin(600_000m).Should().Be(600_000m * 0.005m - 50m).And.Be(600_000m * 0.0065m - 950m);
    }

    [Fact]
    public void FromRates_computes_each_amount_from_the_one_below()
    {
        // (0, 0.5%), (1,000, 1%), (5,000, 2.5%): cum 0, 1,000 × 0.5% = 5, 5 + 5,000 × 1.5% = 80.
        RiskTierTable t = RiskTierTable.FromRates("r", [(0m, 100m, 0.005m), (1_000m, 50m, 0.01m), (5_000m, 20m, 0.025m)], _source);

        t.Tiers.Select(x => x.MaintenanceAmount).Should().Equal(0m, 5m, 80m);
        t.Tiers.Select(x => x.NotionalCap).Should().Equal(1_000m, 5_000m, decimal.MaxValue);

        // Tax-bracket check at 6,000: 1,000 × 0.5% + 4,000 × 1% + 1,000 × 2.5% = 5 + 40 + 25 = 70 = 6,000 × 2.5% − 80.
        t.MaintenanceMargin(6_000m).Should().Be(70m);
    }

    [Fact]
    public void Hyperliquid_tiers_charge_half_the_initial_rate_with_the_recurrence_deduction()
    {
        // BTC: 40x → MMR 1/80 = 1.25%; from 150M, 20x → 2.5%; deduction 150,000,000 × (2.5% − 1.25%) = 1,875,000.
        RiskTierTable t = HyperliquidTiers.Btc;

        t.Tiers[0].MaintenanceMarginRate.Should().Be(0.0125m);
        t.Tiers[1].MaintenanceMarginRate.Should().Be(0.025m);
        t.Tiers[1].MaintenanceAmount.Should().Be(1_875_000m);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Invalid tables
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void A_gap_between_tiers_is_refused()
    {
        var tiers = new[] { new RiskTier(0m, 100m, 100m, 0.005m, 0m), new RiskTier(150m, decimal.MaxValue, 50m, 0.01m, 0.75m) };

        FluentActions.Invoking(() => Table(tiers)).ShouldRefuse("tiers[1].NotionalFloor", "150")
            .Which.Message.Should().Contain("(100)", "the message shows the previous cap it should have equalled");
    }

    [Fact]
    public void Overlapping_tiers_are_refused()
    {
        var tiers = new[] { new RiskTier(0m, 100m, 100m, 0.005m, 0m), new RiskTier(80m, decimal.MaxValue, 50m, 0.01m, 0.4m) };

        FluentActions.Invoking(() => Table(tiers)).ShouldRefuse("tiers[1].NotionalFloor", "80");
    }

    [Fact]
    public void A_decreasing_maintenance_rate_is_refused()
    {
        var tiers = new[] { new RiskTier(0m, 100m, 100m, 0.005m, 0m), new RiskTier(100m, decimal.MaxValue, 50m, 0.004m, 0m) };

        FluentActions.Invoking(() => Table(tiers)).ShouldRefuse("tiers[1].MaintenanceMarginRate", "0.004")
            .Which.Message.Should().Contain("0.005");
    }

    [Fact]
    public void An_increasing_maximum_leverage_is_refused()
    {
        // Amount by the recurrence: 100 × (0.006 − 0.005) = 0.1, so only the leverage is wrong.
        var tiers = new[] { new RiskTier(0m, 100m, 100m, 0.005m, 0m), new RiskTier(100m, decimal.MaxValue, 125m, 0.006m, 0.1m) };

        FluentActions.Invoking(() => Table(tiers)).ShouldRefuse("tiers[1].MaxLeverage", "125");
    }

    [Fact]
    public void A_maintenance_amount_that_disagrees_with_the_recurrence_is_refused_and_shows_the_expected_one()
    {
        // Expected cum = 50,000 × (0.5% − 0.4%) = 50; 60 given.
        var tiers = new[] { new RiskTier(0m, 50_000m, 125m, 0.004m, 0m), new RiskTier(50_000m, decimal.MaxValue, 100m, 0.005m, 60m) };

        FluentActions.Invoking(() => Table(tiers)).ShouldRefuse("tiers[1].MaintenanceAmount", "60")
            .Which.Message.Should().Contain("(50", "it shows the recurrence value 50 (printed with the scale decimal gives it, 50.000)");
    }

    [Fact]
    public void Whole_position_tables_take_no_deduction()
    {
        var tiers = new[] { new RiskTier(0m, 100m, 100m, 0.005m, 0m), new RiskTier(100m, decimal.MaxValue, 50m, 0.01m, 0.5m) };

        FluentActions.Invoking(() => RiskTierTable.Create("w", tiers, MaintenanceAmountRule.WholePosition, _source))
            .ShouldRefuse("tiers[1].MaintenanceAmount", "0.5");
    }

    [Fact]
    public void The_first_tier_must_start_at_zero()
    {
        FluentActions.Invoking(() => Table(new RiskTier(10m, decimal.MaxValue, 100m, 0.005m, 0m))).ShouldRefuse("tiers[0].NotionalFloor", "10");
    }

    [Fact]
    public void A_cap_must_lie_above_its_floor()
    {
        FluentActions.Invoking(() => Table(new RiskTier(0m, 0m, 100m, 0.005m, 0m))).ShouldRefuse("tiers[0].NotionalCap", "0");
    }

    [Fact]
    public void An_empty_table_is_refused()
    {
        FluentActions.Invoking(() => Table()).ShouldRefuse("tiers", "\"[]\"");
    }

    [Fact]
    public void A_maintenance_rate_of_one_or_more_is_refused()
    {
        // Max leverage 0.5 gives an initial rate of 2, so only the maintenance rate is out of range.
        FluentActions.Invoking(() => Table(new RiskTier(0m, decimal.MaxValue, 0.5m, 1m, 0m)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("tiers[0].MaintenanceMarginRate")
            .Which.Message.Should().Contain("got 1.");
    }

    [Fact]
    public void An_initial_rate_at_or_below_the_maintenance_rate_is_refused()
    {
        // 300x → initial rate 1/300 = 0.333…% < 0.4% maintenance: the position would be liquidatable when opened.
        FluentActions.Invoking(() => Table(new RiskTier(0m, decimal.MaxValue, 300m, 0.004m, 0m)))
            .Should().Throw<ArgumentException>().WithParameterName("tiers[0].InitialMarginRate");
    }

    [Theory]
    [InlineData(0, "maxLeverage", "0")]
    [InlineData(-5, "maxLeverage", "-5")]
    public void A_tier_needs_a_positive_maximum_leverage(decimal maxLeverage, string param, string value) =>
        FluentActions.Invoking(() => new RiskTier(0m, 100m, maxLeverage, 0.005m, 0m)).ShouldRefuse(param, value);

    [Fact]
    public void A_tier_refuses_negative_floor_rate_and_amount()
    {
        FluentActions.Invoking(() => new RiskTier(-1m, 100m, 10m, 0.005m, 0m)).ShouldRefuse("NotionalFloor", "-1");
        FluentActions.Invoking(() => new RiskTier(0m, 100m, 10m, -0.005m, 0m)).ShouldRefuse("MaintenanceMarginRate", "-0.005");
        FluentActions.Invoking(() => new RiskTier(0m, 100m, 10m, 0.005m, -3m)).ShouldRefuse("MaintenanceAmount", "-3");
    }

    [Fact]
    public void Enum_arguments_outside_their_values_are_refused()
    {
        var tiers = new[] { new RiskTier(0m, decimal.MaxValue, 100m, 0.005m, 0m) };

        FluentActions.Invoking(() => RiskTierTable.Create("x", tiers, (MaintenanceAmountRule)9, _source)).ShouldRefuse("rule", "9");
        FluentActions.Invoking(() => RiskTierTable.Create("x", tiers, MaintenanceAmountRule.Cumulative, _source, (TierBoundary)4)).ShouldRefuse("boundary", "4");
        FluentActions.Invoking(() => RiskTierTable.Bybit("x", [new BybitRiskLimit(1_000m, 1m, 5m)], (RateUnit)5, _source)).ShouldRefuse("unit", "5");
    }

    [Fact]
    public void A_source_must_say_where_the_numbers_come_from()
    {
        var tiers = new[] { new RiskTier(0m, decimal.MaxValue, 100m, 0.005m, 0m) };

        FluentActions.Invoking(() => RiskTierTable.Create("x", tiers, MaintenanceAmountRule.Cumulative, new SourceReference(" ", TestInstruments.AsOf)))
            .ShouldRefuse("source.Citation", "\" \"");
    }

    [Fact]
    public void Hyperliquid_and_BitMex_builders_refuse_bad_parameters()
    {
        FluentActions.Invoking(() => RiskTierTable.Hyperliquid("h", [(0m, 0)], _source)).ShouldRefuse("tiers[0].MaxLeverage", "0");
        FluentActions.Invoking(() => RiskTierTable.BitMexSteps("b", 0m, 1m, 200m, 150m, 3, RateUnit.Percent, _source)).ShouldRefuse("baseMaintenanceRate", "0");
        FluentActions.Invoking(() => RiskTierTable.BitMexSteps("b", 0.5m, 1m, 200m, -150m, 3, RateUnit.Percent, _source)).ShouldRefuse("stepSize", "-150");
        FluentActions.Invoking(() => RiskTierTable.BitMexSteps("b", 0.5m, 1m, 200m, 150m, -1, RateUnit.Percent, _source)).ShouldRefuse("steps", "-1");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bybit risk limits: units are explicit
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Caps 1,000 / 3,000 / 6,000 with MMR 1% / 2% / 4% and IMR 5% / 10% / 20%. Deductions by the recurrence (each
    /// tier's floor is the previous cap): 0; 1,000 × (2% − 1%) = 10; 10 + 3,000 × (4% − 2%) = 70.
    /// </summary>
    private static readonly BybitRiskLimit[] _percent =
        [new(1_000m, 1m, 5m), new(3_000m, 2m, 10m), new(6_000m, 4m, 20m)];

    private static readonly BybitRiskLimit[] _fraction =
        [new(1_000m, 0.01m, 0.05m), new(3_000m, 0.02m, 0.10m), new(6_000m, 0.04m, 0.20m)];

    [Fact]
    public void Bybit_limits_in_percent_and_in_fractions_give_the_same_table()
    {
        RiskTierTable fromPercent = RiskTierTable.Bybit("b", _percent, RateUnit.Percent, _source);
        RiskTierTable fromFraction = RiskTierTable.Bybit("b", _fraction, RateUnit.Fraction, _source);

        fromPercent.Should().Be(fromFraction);
        fromPercent.Tiers.Select(t => t.MaintenanceMarginRate).Should().Equal(0.01m, 0.02m, 0.04m);
        fromPercent.Tiers.Select(t => t.InitialMarginRate).Should().Equal(0.05m, 0.10m, 0.20m);
        fromPercent.Tiers.Select(t => t.MaxLeverage).Should().Equal(20m, 10m, 5m);
        fromPercent.Tiers.Select(t => t.MaintenanceAmount).Should().Equal(0m, 10m, 70m);
        fromPercent.Tiers.Select(t => t.NotionalFloor).Should().Equal(0m, 1_000m, 3_000m);

        // Tax-bracket check at 4,000: 1,000 × 1% + 2,000 × 2% + 1,000 × 4% = 90 = 4,000 × 4% − 70.
        fromPercent.MaintenanceMargin(4_000m).Should().Be(90m);
    }

    [Fact]
    public void Bybit_published_deductions_are_checked_against_the_recurrence()
    {
        BybitRiskLimit[] right = [_percent[0] with { MaintenanceDeduction = 0m }, _percent[1] with { MaintenanceDeduction = 10m }, _percent[2] with { MaintenanceDeduction = 70m }];
        BybitRiskLimit[] wrong = [right[0], right[1], right[2] with { MaintenanceDeduction = 75m }];

        RiskTierTable.Bybit("b", right, RateUnit.Percent, _source).Should().Be(RiskTierTable.Bybit("b", _percent, RateUnit.Percent, _source));
        FluentActions.Invoking(() => RiskTierTable.Bybit("b", wrong, RateUnit.Percent, _source)).ShouldRefuse("limits[2].MaintenanceDeduction", "75")
            .Which.Message.Should().Contain("70");
    }

    [Fact]
    public void Percent_numbers_passed_as_fractions_are_refused_not_silently_used()
    {
        // 1 "percent" read as a fraction is a 100% maintenance rate: refused, not built as a nonsense table.
        FluentActions.Invoking(() => RiskTierTable.Bybit("b", _percent, RateUnit.Fraction, _source))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("got 1.");
    }

    [Fact]
    public void Bybit_refuses_a_non_positive_initial_rate()
    {
        FluentActions.Invoking(() => RiskTierTable.Bybit("b", [new BybitRiskLimit(1_000m, 1m, 0m)], RateUnit.Percent, _source))
            .ShouldRefuse("limits[0].InitialMarginRate", "0");
    }

    [Fact]
    public void Decreasing_rates_in_FromRates_and_Bybit_are_refused()
    {
        FluentActions.Invoking(() => RiskTierTable.FromRates("r", [(0m, 100m, 0.005m), (100m, 50m, 0.004m)], _source))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => RiskTierTable.Bybit("b", [new BybitRiskLimit(1_000m, 2m, 5m), new BybitRiskLimit(3_000m, 1m, 10m)], RateUnit.Percent, _source))
            .Should().Throw<ArgumentException>();
    }

    /// <summary>
    /// The builders that take venue rows should report problems against the caller's own argument (the
    /// <c>brackets</c> / <c>limits</c> row and field at fault, with the value as given), as <c>Bybit</c> already does
    /// for <c>limits[i].InitialMarginRate</c> and <c>limits[i].MaintenanceDeduction</c>. Today a decreasing rate
    /// surfaces as "MaintenanceAmount must not be negative; got -0.100" (the derived deduction, from the RiskTier
    /// constructor), and a percent-as-fraction mix-up as "tiers[0].MaintenanceMarginRate … got 1", neither of which
    /// names a parameter the caller passed.
    /// </summary>
    [Fact]
    public void Row_builders_name_the_callers_row_and_field()
    {
        FluentActions.Invoking(() => RiskTierTable.FromRates("r", [(0m, 100m, 0.005m), (100m, 50m, 0.004m)], _source))
            .ShouldRefuse("brackets[1].MaintenanceMarginRate", "0.004");
        FluentActions.Invoking(() => RiskTierTable.Bybit("b", [new BybitRiskLimit(1_000m, 2m, 5m), new BybitRiskLimit(3_000m, 1m, 10m)], RateUnit.Percent, _source))
            .ShouldRefuse("limits[1].MaintenanceMarginRate", "1");
        FluentActions.Invoking(() => RiskTierTable.Bybit("b", _percent, RateUnit.Fraction, _source))
            .ShouldRefuse("limits[0].MaintenanceMarginRate", "1");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Boundary semantics
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void By_default_a_notional_equal_to_a_floor_belongs_to_the_higher_bracket()
    {
        RiskTierTable t = BinanceUsdmTiers.BtcUsdt;

        t.Boundary.Should().Be(TierBoundary.FloorInclusive);
        t.IndexOf(0m).Should().Be(0);
        t.IndexOf(49_999.99m).Should().Be(0);
        t.IndexOf(50_000m).Should().Be(1);
        t.MaxLeverage(49_999.99m).Should().Be(125m);
        t.MaxLeverage(50_000m).Should().Be(100m);
        t.TierFor(1_200_000_000m).MaintenanceMarginRate.Should().Be(0.5m);
    }

    [Fact]
    public void A_notional_above_the_last_cap_is_charged_at_the_last_bracket()
    {
        // 2,000,000,000 × 50% − 421,481,450 = 578,518,550.
        BinanceUsdmTiers.BtcUsdt.IndexOf(2_000_000_000m).Should().Be(11);
        BinanceUsdmTiers.BtcUsdt.MaintenanceMargin(2_000_000_000m).Should().Be(578_518_550m);
    }

    [Fact]
    public void BitMex_steps_are_cap_inclusive_and_charge_the_whole_position()
    {
        // XBTUSD table A: base 0.5% MM / 1% IM below 200 XBT, +0.5% on both each 150 XBT.
        RiskTierTable t = BitMexTiers.XbtUsd;

        t.Boundary.Should().Be(TierBoundary.CapInclusive);
        t.AmountRule.Should().Be(MaintenanceAmountRule.WholePosition);
        t.IndexOf(200m).Should().Be(0);
        t.IndexOf(200.0001m).Should().Be(1);
        t.IndexOf(350m).Should().Be(1);
        t.IndexOf(350.0001m).Should().Be(2);
        t.MaintenanceMargin(200m).Should().Be(1m); // 200 × 0.5%
        t.MaintenanceMargin(201m).Should().Be(2.01m); // the whole 201 at 1%
        t.MaintenanceMargin(351m).Should().Be(5.265m); // the whole 351 at 1.5%
        t.MaxLeverage(200m).Should().Be(100m); // IM 1%
        t.TierFor(201m).InitialMarginRate.Should().Be(0.015m);
    }

    [Fact]
    public void The_same_brackets_with_the_other_boundary_rule_place_a_boundary_notional_differently()
    {
        RiskTier[] tiers = [new(0m, 100m, 100m, 0.005m, 0m), new(100m, decimal.MaxValue, 50m, 0.01m, 0m)];
        RiskTierTable floorInclusive = RiskTierTable.Create("t", tiers, MaintenanceAmountRule.WholePosition, _source, TierBoundary.FloorInclusive);
        RiskTierTable capInclusive = RiskTierTable.Create("t", tiers, MaintenanceAmountRule.WholePosition, _source, TierBoundary.CapInclusive);

        floorInclusive.IndexOf(100m).Should().Be(1);
        capInclusive.IndexOf(100m).Should().Be(0);
        floorInclusive.MaintenanceMargin(100m).Should().Be(1m);
        capInclusive.MaintenanceMargin(100m).Should().Be(0.5m);
    }

    /// <summary>
    /// Two tables that place the same notional in different brackets (previous test) must not compare equal:
    /// an Instrument built on one would otherwise be Equal to one built on the other, and a cached result for one
    /// could be served for the other. RiskTierTable.Equals compares Name, AmountRule, Source and Tiers, not Boundary.
    /// </summary>
    [Fact]
    public void Tables_that_differ_only_in_boundary_rule_are_not_equal()
    {
        RiskTier[] tiers = [new(0m, 100m, 100m, 0.005m, 0m), new(100m, decimal.MaxValue, 50m, 0.01m, 0m)];
        RiskTierTable floorInclusive = RiskTierTable.Create("t", tiers, MaintenanceAmountRule.WholePosition, _source, TierBoundary.FloorInclusive);
        RiskTierTable capInclusive = RiskTierTable.Create("t", tiers, MaintenanceAmountRule.WholePosition, _source, TierBoundary.CapInclusive);

        floorInclusive.Should().NotBe(capInclusive);
    }

    [Fact]
    public void Tier_lookups_refuse_a_negative_notional()
    {
        RiskTierTable t = BinanceUsdmTiers.BtcUsdt;

        FluentActions.Invoking(() => t.IndexOf(-1m)).ShouldRefuse("notional", "-1");
        FluentActions.Invoking(() => t.MaintenanceMargin(-0.01m)).ShouldRefuse("notional", "-0.01");
        FluentActions.Invoking(() => t.MaxLeverage(-5m)).ShouldRefuse("notional", "-5");
        FluentActions.Invoking(() => t.Tiers[0].MaintenanceMargin(-2m)).ShouldRefuse("notional", "-2");
    }
}

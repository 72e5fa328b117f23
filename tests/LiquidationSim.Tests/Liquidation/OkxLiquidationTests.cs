using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>The OKX profile in the engine: partial liquidation two tiers at a time from tier 3, the liquidation fee to the fund.</summary>
public sealed class OkxLiquidationTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Tiers in contracts (1 contract = 1 BTC here): up to 10 at 1% / 2%, then +10 contracts and +0.5% per tier
    /// (20 at 1.5%, 30 at 2%, 40 at 2.5%, open at 3%), valued at 100.
    /// </summary>
    private static readonly Instrument s_btc = Instrument.Linear(
        "BTCUSDT",
        "BTC",
        "USDT",
        OkxPositionTierTable
            .Create("five OKX tiers", ContractKind.Linear, 1m, [new(10m, 0.01m, 0.02m)], SourceReference.UserSupplied(TestInstruments.AsOf))
            .Extend(5, 10m, 0.005m)
            .ToRiskTierTable(100m),
        0.01m,
        0.01m);

    private static LiquidationEngine Engine(decimal size, decimal margin) =>
        new(
            VenueProfile.Okx,
            [s_btc],
            [KeyValuePair.Create(new AccountId(1), Account.Create("USDT", margin).WithPosition(Position.Open(s_btc, PositionSide.Long, size, 100m, MarginMode.Isolated, 20m, margin)))],
            [OrderBook.Create("BTCUSDT", [new PriceLevel(95m, 1_000m)], [new PriceLevel(200m, 1_000m)])],
            new Dictionary<string, decimal> { ["BTCUSDT"] = 100m },
            1_000m,
            s_t0);

    /// <summary>
    /// Long 35 @ 100 (tier 4) with 230 margin: the liquidation price is where 230 + 35 (P − 100) = 35 P × (2.5% +
    /// 0.05%), P = 3,270 ÷ 34.1075 = 95.87, so mark 95 crosses it. Two tiers down is tier 2 (cap 2,000 at 100): the
    /// largest size within it at 95 is 21.05, so one IOC sells 13.95 at 95 (realised −69.75, fee 0.05% × 1,325.25 =
    /// 0.662625 to the fund). The rest, 21.05 with 159.587375 margin, would reach liquidation only at
    /// (2,105 − 159.587375) ÷ (21.05 × 0.9795) = 94.35 even in tier 3, below the mark: it stops.
    /// </summary>
    [Fact]
    public void Tier_four_is_reduced_two_tiers_and_stops_once_compliant()
    {
        LiquidationEngine engine = Engine(35m, 230m);

        EngineResult r = engine.OnPriceTick("BTCUSDT", 95m, s_t0.AddSeconds(1));

        LiquidationOrderPlaced order = r.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Subject;
        (order.Size, order.TimeInForce, order.Reason).Should().Be((13.95m, TimeInForce.ImmediateOrCancel, "reduce from tier 4 to tier 2"));
        PositionClosed fill = r.Events.OfType<PositionClosed>().Should().ContainSingle().Subject;
        (fill.Size, fill.Price, fill.RealizedPnl).Should().Be((13.95m, 95m, -69.75m));
        r.Events.OfType<CollateralTransfer>().Should().ContainSingle().Which.Amount.Should().Be(0.662625m);
        Position rest = engine.GetAccount(new AccountId(1)).Positions.Should().ContainSingle().Subject;
        (rest.Size, rest.IsolatedMargin).Should().Be((21.05m, 159.587375m));
        engine.InsuranceFund.Should().Be(1_000.662625m);
    }

    /// <summary>
    /// The same long under cross margin, backed by a 230 wallet: the same numbers, one reduction of 13.95 to tier 2,
    /// and the wallet keeps 230 − 69.75 − 0.662625 = 159.587375.
    /// </summary>
    [Fact]
    public void Cross_margin_is_reduced_the_same_way()
    {
        Account cross = Account.Create("USDT", 230m).WithPosition(Position.Open(s_btc, PositionSide.Long, 35m, 100m, MarginMode.Cross, 20m));
        LiquidationEngine engine = new(
            VenueProfile.Okx,
            [s_btc],
            [KeyValuePair.Create(new AccountId(1), cross)],
            [OrderBook.Create("BTCUSDT", [new PriceLevel(95m, 1_000m)], [new PriceLevel(200m, 1_000m)])],
            new Dictionary<string, decimal> { ["BTCUSDT"] = 100m },
            1_000m,
            s_t0);

        EngineResult r = engine.OnPriceTick("BTCUSDT", 95m, s_t0.AddSeconds(1));

        r.Events.OfType<LiquidationOrderPlaced>().Should().ContainSingle().Which.Reason.Should().Be("reduce from tier 4 to tier 2");
        r.Events.OfType<CollateralTransfer>().Should().ContainSingle().Which.Amount.Should().Be(0.662625m);
        Account after = engine.GetAccount(new AccountId(1));
        after.Positions.Should().ContainSingle().Which.Size.Should().Be(21.05m);
        after.WalletBalance.Should().Be(159.587375m);
    }

    /// <summary>
    /// Long 15 @ 100 (tier 2) with 20 margin: at 95 equity −55 is below maintenance, and below tier 3 OKX liquidates
    /// in full: no reduction order, the position is taken over.
    /// </summary>
    [Fact]
    public void Below_tier_three_the_position_is_liquidated_in_full()
    {
        LiquidationEngine engine = Engine(15m, 20m);

        EngineResult r = engine.OnPriceTick("BTCUSDT", 95m, s_t0.AddSeconds(1));

        r.LiquidatedAccounts.Should().Equal(new AccountId(1));
        r.Events.OfType<LiquidationOrderPlaced>().Should().NotContain(o => o.Reason.StartsWith("reduce", StringComparison.Ordinal));
        engine.GetAccount(new AccountId(1)).Positions.Should().BeEmpty();
    }

    /// <summary>The policy's parameters are checked when an engine is built.</summary>
    [Fact]
    public void Policy_parameters_are_validated()
    {
        FluentActions.Invoking(() => (VenueProfile.Okx with { Policy = OkxTierReductionPolicy.Okx with { TiersPerStep = 0 } }).Validate())
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*profile.Policy.TiersPerStep*");
        FluentActions.Invoking(() => (VenueProfile.Okx with { Policy = OkxTierReductionPolicy.Okx with { FirstPartialTier = 1 } }).Validate())
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*profile.Policy.FirstPartialTier*");
        VenueProfile.Okx.Validate();
    }
}

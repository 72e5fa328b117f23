using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// Funding inside the engine: payments are events, they move isolated margins and so liquidation prices, and a
/// payment that makes a position liquidatable liquidates it at once. The position is Bybit's Y1 (reference cefi.md
/// §2.1): long 1 BTC at 20,000, 50x, position margin 400, MMR 0.5% → liquidation price 19,700.
/// </summary>
public sealed class LiquidationEngineFundingTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly AccountId s_one = new(1);

    private static (LiquidationEngine Engine, Instrument Instrument) Y1()
    {
        Instrument btc = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m, tick: 0.5m, lot: 0.001m);
        Position p = Position.Open(btc, PositionSide.Long, 1m, 20_000m, MarginMode.Isolated, 50m);
        LiquidationEngine engine = LiquidationEngine.CreateBuilder(VenueProfile.Bybit, s_t0)
            .AddInstrument(btc, 20_000m, OrderBook.Create(btc.Symbol, [new PriceLevel(19_800m, 10m)], [new PriceLevel(20_100m, 10m)]))
            .AddAccount(s_one, Account.Create("USDT", 1_000m).WithPosition(p))
            .WithInsuranceFund(1_000m)
            .Build();
        return (engine, btc);
    }

    /// <summary>
    /// Y3: 200 USDT of funding taken from the position margin moves the liquidation price to 19,900. A rate of 1% on
    /// 20,000 of notional at the mark is that payment. Before it, a mark of 19,850 is safe (above 19,700); after it,
    /// the same mark liquidates.
    /// </summary>
    [Fact]
    public void Funding_paid_from_isolated_margin_moves_the_liquidation_price_Y3()
    {
        (LiquidationEngine engine, Instrument btc) = Y1();

        EngineResult funding = engine.OnFunding(btc.Symbol, 0.01m, s_t0.AddHours(8));

        funding.Events.OfType<FundingPaid>().Should().ContainSingle().Which.Amount.Should().Be(-200m);
        funding.LiquidatedAccounts.Should().BeEmpty("20,000 is still above the new 19,900");
        engine.GetAccount(s_one).Positions[0].IsolatedMargin.Should().Be(200m);
        engine.GetAccount(s_one).WalletBalance.Should().Be(600m, "isolated funding does not touch the wallet (1,000 − 400 margin)");

        engine.OnPriceTick(btc.Symbol, 19_850m, s_t0.AddHours(8).AddSeconds(1)).LiquidatedAccounts.Should().Equal(s_one);
    }

    [Fact]
    public void Without_the_funding_the_same_mark_is_safe()
    {
        (LiquidationEngine engine, Instrument btc) = Y1();

        engine.OnPriceTick(btc.Symbol, 19_850m, s_t0.AddSeconds(1)).LiquidatedAccounts.Should().BeEmpty();
    }

    /// <summary>
    /// A payment that crosses the liquidation price liquidates in the same call: 2% at 20,000 is 400, the whole
    /// margin, so the liquidation price moves to 20,000 − (0 − 100) = 20,100, above the mark.
    /// </summary>
    [Fact]
    public void A_payment_that_crosses_the_liquidation_price_liquidates_at_once()
    {
        (LiquidationEngine engine, Instrument btc) = Y1();

        EngineResult r = engine.OnFunding(btc.Symbol, 0.02m, s_t0.AddHours(8));

        r.LiquidatedAccounts.Should().Equal(s_one);
        r.Events[0].Should().BeOfType<FundingRound>();
        engine.GetAccount(s_one).Positions.Should().BeEmpty();
    }

    /// <summary>Funding events replay like any other, and value moves by exactly the payments and realised PnL.</summary>
    [Fact]
    public void Funding_replays_and_conserves_value()
    {
        (LiquidationEngine engine, Instrument btc) = Y1();
        decimal before = engine.TotalValue;

        engine.OnFunding(btc.Symbol, 0.005m, s_t0.AddHours(8));
        engine.OnPriceTick(btc.Symbol, 19_700m, s_t0.AddHours(9));
        engine.OnFunding(btc.Symbol, -0.001m, s_t0.AddHours(16));

        decimal moved = engine.Events.OfType<FundingPaid>().Sum(f => f.Amount)
            + engine.Events.OfType<PositionClosed>().Sum(c => c.RealizedPnl)
            + engine.Events.OfType<InsuranceFundTrade>().Sum(t => t.Pnl);
        engine.TotalValue.Should().Be(before + moved);

        LiquidationEngine replayed = LiquidationEngine.Replay(engine, engine.Events);
        replayed.GetAccount(s_one).Should().Be(engine.GetAccount(s_one));
        replayed.InsuranceFund.Should().Be(engine.InsuranceFund);
    }

    [Fact]
    public void Bad_funding_input_is_refused_and_changes_nothing()
    {
        (LiquidationEngine engine, Instrument btc) = Y1();
        engine.OnPriceTick(btc.Symbol, 20_000m, s_t0.AddHours(1));

        engine.Invoking(e => e.OnFunding(btc.Symbol, 1m, s_t0.AddHours(2))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("fundingRate").WithMessage("*1*");
        engine.Invoking(e => e.OnFunding(btc.Symbol, 0.001m, s_t0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("time");
        engine.Invoking(e => e.OnFunding("NOPE", 0.001m, s_t0.AddHours(2))).Should().Throw<ArgumentException>().WithParameterName("symbol");
        engine.Events.Should().HaveCount(1);
        engine.GetAccount(s_one).Positions[0].IsolatedMargin.Should().Be(400m);
    }
}

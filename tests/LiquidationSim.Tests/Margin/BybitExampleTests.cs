using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>Bybit's published liquidation and bankruptcy price examples (reference cefi.md §2).</summary>
public sealed class BybitExampleTests
{
    /// <summary>
    /// Linear isolated examples. Y1, Y3: Bybit "Liquidation Price (USDT Contract)" (testnet.bybit.com help centre);
    /// Y2: the short example with 3,000 USDT added margin, entry and size inferred (third-party copy wuyelx.com/4039.html);
    /// Y4, Y5: the older page help.bybit.com/…/900000181046. Position margin = IM (+ extra, − funding paid).
    /// </summary>
    [Theory]
    [InlineData("Y1 long, 50x", 1, 20_000, 50, 400, 19_700)]
    [InlineData("Y2 short, 50x, +3,000 extra margin (inferred entry)", -1, 20_000, 50, 3_400, 23_300)]
    [InlineData("Y3 Y1 after 200 USDT funding taken from position margin", 1, 20_000, 50, 200, 19_900)]
    [InlineData("Y4 long, 50x", 1, 10_000, 50, 200, 9_850)]
    [InlineData("Y5 short, 40x", -1, 8_000, 40, 200, 8_160)]
    public void Linear_isolated_examples(string id, int side, decimal entry, decimal leverage, decimal positionMargin, decimal published)
    {
        Instrument btc = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);
        btc.Notional(1m, entry).Should().Be(entry);
        leverage.Should().BeLessThanOrEqualTo(btc.RiskTiers.MaxLeverage(entry));

        LiquidationEstimate e = LiquidationPriceSolver.Isolated(btc, (PositionSide)side, 1m, entry, positionMargin, MarginModel.Bybit);

        e.LiquidationPrice.Should().Be(published, id);
    }

    /// <summary>
    /// Y6, cross (help.bybit.com, text truncated; reference cefi.md §2.1): 2 BTC long at 10,000, mark 10,500, UPnL
    /// 1,000, available balance 2,000, IM 200, MM 100; "Total Sustainable Loss = 2,000 + 200 − 100 = 2,100", so the
    /// liquidation price is 10,500 − 2,100 ÷ 2 = 9,450 (derived). The wallet that gives that available balance is
    /// 2,000 − 1,000 (UPnL) + 200 (IM) = 1,200; from entry: 10,000 − (1,200 − 100) ÷ 2 = 9,450, the same price.
    /// </summary>
    [Fact]
    public void Linear_cross_example_Y6()
    {
        Instrument btc = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);
        LiquidationEstimate e = LiquidationPriceSolver.Cross(btc, PositionSide.Long, 2m, 10_000m, CrossMarginContext.WalletOnly(1_200m), MarginModel.Bybit);

        e.LiquidationPrice.Should().Be(9_450m);
    }

    /// <summary>
    /// Y7, inverse cross with the 0.075% closing fee (help.bybit.com/…/360039261334, reference cefi.md §2.2):
    /// balance 0.5 BTC, long 10,000 contracts at 8,000. Published: bankruptcy 5,718.57, liquidation 5,739.50.
    /// By hand: BP = 1.00075 × 10,000 ÷ (1.25 + 0.5) = 5,718.5714…; the LP equation
    /// 10,000 (1/8,000 − 1/LP) = −(0.5 − 1.25 × 0.005 − 10,000 × 0.00075 ÷ BP) gives 5,739.0835…, shown rounded
    /// up to the 0.5 tick.
    /// </summary>
    [Fact]
    public void Inverse_cross_example_Y7_with_closing_fee_and_tick_rounding()
    {
        Instrument btcusd = TestInstruments.InverseFlat(0.005m, contractSize: 1m, maxLeverage: 100m, tick: 0.5m);
        MarginModel model = MarginModel.Bybit.WithClosingFeeRate(0.00075m);

        LiquidationEstimate exact = LiquidationPriceSolver.Cross(btcusd, PositionSide.Long, 10_000m, 8_000m, CrossMarginContext.WalletOnly(0.5m), model);

        Math.Round(exact.BankruptcyPrice!.Value, 2).Should().Be(5_718.57m);
        exact.LiquidationPrice!.Value.Should().BeApproximately(5_739.0835m, 0.0001m);
        exact.RoundToTick(btcusd.TickSize).LiquidationPrice.Should().Be(5_739.50m);
    }

    /// <summary>
    /// Y8, inverse isolated (help.bybit.com ADL page 900000031623, reference cefi.md §2.2): 5,000 BTCUSD contracts
    /// bought at 7,890.08 with 50x; "the liquidation price is 7,773.50 USD … Bankruptcy Price = (7,890.08 × 50) ÷
    /// (50 + 1) = 7,735.372549 USD ≈ 7,735.50 USD". By hand the LP is 7,890.08 ÷ (1 + 0.02 − 0.005) = 7,773.477…,
    /// rounded up to the 0.5 tick.
    /// </summary>
    [Fact]
    public void Inverse_isolated_example_Y8()
    {
        Instrument btcusd = TestInstruments.InverseFlat(0.005m, contractSize: 1m, maxLeverage: 100m, tick: 0.5m);
        decimal im = btcusd.Notional(5_000m, 7_890.08m) / 50m;

        LiquidationEstimate e = LiquidationPriceSolver.Isolated(btcusd, PositionSide.Long, 5_000m, 7_890.08m, im, MarginModel.Bybit);

        e.BankruptcyPrice!.Value.Should().BeApproximately(7_735.372549m, 0.000001m);
        LiquidationEstimate shown = e.RoundToTick(0.5m);
        shown.BankruptcyPrice.Should().Be(7_735.50m);
        shown.LiquidationPrice.Should().Be(7_773.50m);
    }

    /// <summary>
    /// Linear bankruptcy price (mobie.io paraphrase of Bybit, reference cefi.md §2.2): BP(long) = entry × (1 − IMR);
    /// "1 BTC long @ 10,000, 50x → 9,800 USDT"; and the inverse isolated rule BP(short) = entry × L ÷ (L − 1).
    /// </summary>
    [Fact]
    public void Bankruptcy_prices_follow_the_initial_margin()
    {
        Instrument linear = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);
        LiquidationPriceSolver.Isolated(linear, PositionSide.Long, 1m, 10_000m, 200m, MarginModel.Bybit).BankruptcyPrice.Should().Be(9_800m);

        Instrument inverse = TestInstruments.InverseFlat(0.005m, contractSize: 1m, maxLeverage: 100m);
        decimal im = inverse.Notional(5_000m, 7_890.08m) / 50m;
        LiquidationPriceSolver.Isolated(inverse, PositionSide.Short, 5_000m, 7_890.08m, im, MarginModel.Bybit)
            .BankruptcyPrice!.Value.Should().BeApproximately(7_890.08m * 50m / 49m, 1e-18m);
    }

    /// <summary>
    /// UTA isolated inverse example (bybit.nl / testnet.bybit.com copies, reference cefi.md §2.2): 60,000 USD of
    /// BTCUSD at 50,000, 10x, MMR 0.5% → position value 1.2 BTC, IM 0.12 BTC; LP(long) = 60,000 ÷ (1.2 + 0.12 − 0.006)
    /// = 45,662.100456… (derived in the reference; the page's text is truncated after the IM).
    /// </summary>
    [Fact]
    public void Inverse_isolated_uta_example()
    {
        Instrument btcusd = TestInstruments.InverseFlat(0.005m, contractSize: 1m, maxLeverage: 100m);
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(btcusd, PositionSide.Long, 60_000m, 50_000m, 0.12m, MarginModel.Bybit);

        e.LiquidationPrice.Should().Be(60_000m / 1.314m);
        Math.Round(e.LiquidationPrice!.Value, 6).Should().Be(45_662.100457m);
    }

    /// <summary>
    /// "Tax-bracket" illustration (Bybit "Maintenance Margin (USDT Contract)", updated 2025-09-05, reference cefi.md
    /// §2.3): XYZUSDT tiers of 1,000 at 2%, 2.5%, 3%, 3.5%, 4%; long 100 at 35, 10x → value 3,500. By hand:
    /// MM = 1,000×2% + 1,000×2.5% + 1,000×3% + 500×3.5% = 92.5 (= 3,500 × 3.5% − 30), IM 350,
    /// LP = 35 − (350 − 92.5) ÷ 100 = 32.425. The rates are given in percent, as Bybit's API returns them.
    /// </summary>
    [Fact]
    public void Tax_bracket_illustration_linear()
    {
        RiskTierTable xyz = RiskTierTable.Bybit(
            "XYZUSDT",
            [new(1_000m, 2m, 10m), new(2_000m, 2.5m, 10m), new(3_000m, 3m, 10m), new(4_000m, 3.5m, 10m), new(5_000m, 4m, 10m)],
            RateUnit.Percent,
            SourceReference.UserSupplied(TestInstruments.AsOf));
        Instrument instrument = Instrument.Linear("XYZUSDT", "XYZ", "USDT", xyz, 0.001m, 1m);

        xyz.Tiers[3].MaintenanceAmount.Should().Be(30m);
        MarginMath.MaintenanceMargin(instrument, 100m, 35m).Should().Be(92.5m);
        MarginMath.InitialMargin(instrument, 100m, 35m, 10m).Should().Be(350m);
        LiquidationPriceSolver.Isolated(instrument, PositionSide.Long, 100m, 35m, 350m, MarginModel.Bybit).LiquidationPrice.Should().Be(32.425m);
    }

    /// <summary>
    /// Inverse twin (Maintenance-Margin-Inverse-Contract page): XYZUSD tiers of 10 XYZ at 1%…5%; long 10,000
    /// contracts at 400 → value 25 XYZ, IM 2.5 XYZ; MM = 10×1% + 10×2% + 5×3% = 0.45 XYZ.
    /// </summary>
    [Fact]
    public void Tax_bracket_illustration_inverse()
    {
        RiskTierTable xyz = RiskTierTable.Bybit(
            "XYZUSD",
            [new(10m, 1m, 10m), new(20m, 2m, 10m), new(30m, 3m, 10m), new(40m, 4m, 10m), new(50m, 5m, 10m)],
            RateUnit.Percent,
            SourceReference.UserSupplied(TestInstruments.AsOf));
        Instrument instrument = Instrument.Inverse("XYZUSD", "XYZ", "USD", xyz, 0.01m, 1m, contractSize: 1m);

        instrument.Notional(10_000m, 400m).Should().Be(25m);
        MarginMath.InitialMargin(instrument, 10_000m, 400m, 10m).Should().Be(2.5m);
        MarginMath.MaintenanceMargin(instrument, 10_000m, 400m).Should().Be(0.45m);
    }
}

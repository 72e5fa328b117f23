using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>Maintenance margin, margin ratio and account evaluation against published and hand-derived figures.</summary>
public sealed class MarginMathTests
{
    /// <summary>
    /// Binance FAQ cross example (reference cefi.md §1.4.1, derived TMM / UPNL): MM(BTC) = 109.488 × 31,967.27 ×
    /// 0.025 − 16,300 = 71,200.811444; UPNL(BTC) = 109.488 × (31,967.27 − 32,481.98) = −56,354.56848;
    /// MM(ETH) = 3,683.979 × 1,335.18 × 0.10 − 135,365 = 356,512.508122; UPNL(ETH) = −448,192.88514.
    /// </summary>
    [Fact]
    public void Other_positions_maintenance_and_pnl_at_their_own_marks()
    {
        Instrument btc = TestInstruments.BtcUsdtLegacy;
        MarginMath.MaintenanceMargin(btc, 109.488m, 31_967.27m).Should().Be(71_200.811444m);
        MarginMath.UnrealizedPnl(btc, PositionSide.Long, 109.488m, 32_481.98m, 31_967.27m).Should().Be(-56_354.56848m);

        Instrument eth = Instrument.Linear("ETHUSDT", "ETH", "USDT", TestInstruments.Flat(0.10m, 5m), 0.01m, 0.001m);
        (MarginMath.MaintenanceMargin(eth, 3_683.979m, 1_335.18m) - 135_365m).Should().Be(356_512.508122m);
        MarginMath.UnrealizedPnl(eth, PositionSide.Long, 3_683.979m, 1_456.84m, 1_335.18m).Should().Be(-448_192.88514m);
    }

    /// <summary>
    /// Binance COIN-M MM example (FAQ ceccfc…, reference cefi.md §1.2): 100 BTCUSD contracts (100 USD each) at mark
    /// 25,000: notional 100 × 100 ÷ 25,000 = 0.4 BTC, level 1, MM = 0.4 × 0.4% − 0 = 0.0016 BTC.
    /// </summary>
    [Fact]
    public void Coin_margined_maintenance_example()
    {
        Instrument btcusd = TestInstruments.InverseFlat(0.004m, contractSize: 100m);
        btcusd.Notional(100m, 25_000m).Should().Be(0.4m);
        MarginMath.MaintenanceMargin(btcusd, 100m, 25_000m).Should().Be(0.0016m);
    }

    /// <summary>
    /// The README's classic example, by hand: 0.2 BTC long at 50,000 with 1,000 USDT isolated, bracket 1 (0.4%).
    /// At a 9% drop (45,500): balance 1,000 − 0.2 × 4,500 = 100, MM 0.2 × 45,500 × 0.004 = 36.4, ratio 36.4%.
    /// At a 10% drop (45,000): balance 0 ≤ MM 36 → liquidatable, ratio undefined.
    /// LP = (1,000 − 10,000) ÷ (0.2 × 0.004 − 0.2) = 45,180.722…, BP = 45,000.
    /// </summary>
    [Fact]
    public void Classic_example()
    {
        Instrument btc = TestInstruments.BtcUsdt;
        decimal mm9 = MarginMath.MaintenanceMargin(btc, 0.2m, 45_500m);
        decimal balance9 = MarginMath.MarginBalance(1_000m, MarginMath.UnrealizedPnl(btc, PositionSide.Long, 0.2m, 50_000m, 45_500m));
        balance9.Should().Be(100m);
        mm9.Should().Be(36.4m);
        MarginMath.MarginRatio(mm9, balance9).Should().Be(0.364m);
        MarginMath.IsLiquidatable(balance9, mm9).Should().BeFalse();

        decimal mm10 = MarginMath.MaintenanceMargin(btc, 0.2m, 45_000m);
        decimal balance10 = MarginMath.MarginBalance(1_000m, MarginMath.UnrealizedPnl(btc, PositionSide.Long, 0.2m, 50_000m, 45_000m));
        balance10.Should().Be(0m);
        MarginMath.MarginRatio(mm10, balance10).Should().BeNull();
        MarginMath.IsLiquidatable(balance10, mm10).Should().BeTrue();

        LiquidationEstimate e = LiquidationPriceSolver.Isolated(btc, PositionSide.Long, 0.2m, 50_000m, 1_000m, MarginModel.Binance);
        e.LiquidationPrice.Should().Be(9_000m / 0.1992m);
        e.BankruptcyPrice.Should().Be(45_000m);
        e.TierIndex.Should().Be(0);
        e.RoundToTick(0.1m).LiquidationPrice.Should().Be(45_180.8m, "a long's price rounds up to the tick");
    }

    /// <summary>
    /// The account view agrees with the formulas: two cross positions valued at their own marks, and an isolated
    /// one kept apart (by hand: BTC UPnL 0.1 × (49,000 − 50,000) = −100, ETH short UPnL 2 × (3,000 − 2,900) = 200).
    /// </summary>
    [Fact]
    public void Account_snapshot_sums_cross_positions_and_keeps_isolated_apart()
    {
        Account account = Account.Create("USDT", 10_000m)
            .WithPosition(Position.Open(TestInstruments.BtcUsdt, PositionSide.Long, 0.1m, 50_000m, MarginMode.Cross, 20m))
            .WithPosition(Position.Open(TestInstruments.EthUsdt, PositionSide.Short, 2m, 3_000m, MarginMode.Cross, 20m))
            .WithPosition(Position.Open(Instrument.Linear("SOLUSDT", "SOL", "USDT", TestInstruments.Flat(0.01m, 50m), 0.01m, 1m), PositionSide.Long, 10m, 100m, MarginMode.Isolated, 10m));

        account.WalletBalance.Should().Be(10_000m - 100m, "the isolated position took its initial margin 10 × 100 ÷ 10");
        var marks = new Dictionary<string, decimal> { ["BTCUSDT"] = 49_000m, ["ETHUSDT"] = 2_900m, ["SOLUSDT"] = 95m };

        AccountMarginSnapshot s = AccountMargin.Calculate(account, marks);

        s.CrossUnrealizedPnl.Should().Be(100m);
        s.CrossMaintenanceMargin.Should().Be((0.1m * 49_000m * 0.004m) + (2m * 2_900m * 0.004m));
        s.CrossInitialMargin.Should().Be((4_900m + 5_800m) / 20m);
        s.AvailableBalance.Should().Be(9_900m + 100m - 535m);
        s.Positions[2].MarginBalance.Should().Be(100m - 50m);
        s.Positions[2].IsLiquidatable.Should().BeFalse("balance 50 is above MM 9.5");
        s.IsCrossLiquidatable.Should().BeFalse();
    }

    /// <summary>
    /// Binance FAQ cross example, end to end from an account (reference cefi.md §1.4.1): with both positions held
    /// cross and valued at their marks, the ETH liquidation price is B3's 1,153.26 — here with the brackets solved
    /// from tables whose brackets at the marks are the example's (2.5% / 16,300 and 10% / 135,365).
    /// </summary>
    [Fact]
    public void Faq_cross_example_from_an_account()
    {
        RiskTierTable ethTable = RiskTierTable.FromRates(
            "ETH 2021 (partial, see BinanceExampleTests)",
            [(0m, 100m, 0.005m), (10_000m, 75m, 0.0065m), (100_000m, 50m, 0.01m), (500_000m, 25m, 0.02m), (1_000_000m, 10m, 0.05m), (2_000_000m, 5m, 0.10m), (5_000_000m, 4m, 0.125m)],
            SourceReference.UserSupplied(TestInstruments.AsOf));
        ethTable.Tiers[5].MaintenanceAmount.Should().Be(135_365m);
        Instrument eth = Instrument.Linear("ETHUSDT", "ETH", "USDT", ethTable, 0.01m, 0.001m);
        Position btcPos = Position.Open(TestInstruments.BtcUsdtLegacy, PositionSide.Long, 109.488m, 32_481.98m, MarginMode.Cross, 1m);
        Position ethPos = Position.Open(eth, PositionSide.Long, 3_683.979m, 1_456.84m, MarginMode.Cross, 1m);
        Account account = Account.Create("USDT", 1_535_443.01m).WithPosition(btcPos).WithPosition(ethPos);
        var marks = new Dictionary<string, decimal> { ["BTCUSDT"] = 31_967.27m, ["ETHUSDT"] = 1_335.18m };

        LiquidationEstimate e = LiquidationPriceSolver.ForPosition(account, ethPos, marks, MarginModel.Binance);
        Math.Round(e.LiquidationPrice!.Value, 2).Should().Be(1_153.26m);

        LiquidationEstimate b = LiquidationPriceSolver.ForPosition(account, btcPos, marks, MarginModel.Binance);
        Math.Round(b.LiquidationPrice!.Value, 2).Should().Be(26_316.89m);
    }
}

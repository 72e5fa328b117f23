using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>
/// Binance's published liquidation-price examples (reference cefi.md §1.4, §1.5), reproduced to the published
/// rounding. Each row names its source.
/// </summary>
public sealed class BinanceExampleTests
{
    /// <summary>
    /// Binance FAQ b3c689… (2021-2022 version), carried by freqtrade as "From calc example"
    /// (tests/exchange/test_binance.py::test_liquidation_price_binance @ c9ae5e1e; tests/leverage/test_liquidation_price.py @ 5a97760b).
    /// Published LP is rounded to 2 dp; the derived value is the reference's unrounded Python computation, which
    /// for the cross rows used the unrounded TMM1 / UPNL1 of §1.4.1 (71,200.811444 / −56,354.56848 and
    /// 356,512.508122 / −448,192.88514) rather than the table's rounded ones.
    /// </summary>
    public static IEnumerable<object[]> FaqVectors =>
    [
        // id, symbol, cross, WB, TMM1, UPNL1, cum, Q, EP, MMR, published, derived
        ["B1", "ETHUSDT", false, 1_535_443.01m, 0m, 0m, 135_365.00m, 3_683.979m, 1_456.84m, 0.10m, 1114.78m, 1114.7849637458723m],
        ["B2", "BTCUSDT", false, 1_535_443.01m, 0m, 0m, 16_300.000m, 109.488m, 32_481.980m, 0.025m, 18778.73m, 18778.725932171m],
        ["B3", "ETHUSDT", true, 1_535_443.01m, 71_200.81144m, -56_354.57m, 135_365.00m, 3_683.979m, 1_456.84m, 0.10m, 1153.26m, 1153.256464239104m],
        ["B4", "BTCUSDT", true, 1_535_443.01m, 356_512.508m, -448_192.89m, 16_300.000m, 109.488m, 32_481.980m, 0.025m, 26316.89m, 26316.893264518858m],
    ];

    [Theory]
    [MemberData(nameof(FaqVectors))]
    public void Faq_example_with_the_stated_bracket(
        string id, string symbol, bool cross, decimal wb, decimal tmm1, decimal upnl1, decimal cum, decimal q, decimal ep, decimal mmr, decimal published, decimal derived)
    {
        Instrument instrument = symbol == "BTCUSDT" ? TestInstruments.BtcUsdtLegacy : TestInstruments.EthUsdt;
        var bracket = new MaintenanceBracket(mmr, cum);
        LiquidationEstimate e = cross
            ? LiquidationPriceSolver.Cross(instrument, PositionSide.Long, q, ep, new CrossMarginContext(wb, tmm1, upnl1), bracket, MarginModel.Binance)
            : LiquidationPriceSolver.Isolated(instrument, PositionSide.Long, q, ep, wb, bracket, MarginModel.Binance);

        e.Status.Should().Be(LiquidationPriceStatus.Exists, id);
        Math.Round(e.LiquidationPrice!.Value, 2).Should().Be(published, id);

        (decimal exactTmm, decimal exactUpnl) = id switch
        {
            "B3" => (71_200.811444m, -56_354.56848m),
            "B4" => (356_512.508122m, -448_192.88514m),
            _ => (0m, 0m),
        };
        LiquidationEstimate unrounded = cross
            ? LiquidationPriceSolver.Cross(instrument, PositionSide.Long, q, ep, new CrossMarginContext(wb, exactTmm, exactUpnl), bracket, MarginModel.Binance)
            : e;
        unrounded.LiquidationPrice!.Value.Should().BeApproximately(derived, 1e-9m, id);
    }

    /// <summary>
    /// The same BTC vectors with the bracket solved from a table: Binance's example uses 2.5% / cum 16,300 because
    /// the notional at the liquidation price (2.06M isolated, 2.88M cross) is in the 1M–7.5M bracket of the legacy
    /// table (reference cefi.md §1.1 derived check).
    /// </summary>
    [Theory]
    [InlineData("B2", false, 0, 0, 18778.73)]
    [InlineData("B4", true, 356_512.508, -448_192.89, 26316.89)]
    public void Btc_examples_reproduce_with_the_bracket_solved_at_the_liquidation_price(string id, bool cross, decimal tmm1, decimal upnl1, decimal published)
    {
        Instrument btc = TestInstruments.BtcUsdtLegacy;
        LiquidationEstimate e = cross
            ? LiquidationPriceSolver.Cross(btc, PositionSide.Long, 109.488m, 32_481.98m, new CrossMarginContext(1_535_443.01m, tmm1, upnl1), MarginModel.Binance)
            : LiquidationPriceSolver.Isolated(btc, PositionSide.Long, 109.488m, 32_481.98m, 1_535_443.01m, MarginModel.Binance);

        Math.Round(e.LiquidationPrice!.Value, 2).Should().Be(published, id);
        e.TierIndex.Should().Be(3, "the 1M–7.5M bracket (2.5%, cum 16,300) is the fourth");
    }

    /// <summary>
    /// ETH examples with the bracket solved from the 2021 ETHUSDT table. The brackets around the answer come from
    /// the third-party gist crackcomm/e29582030d9eeac6c6124a7503cd0ac2 quoted in reference cefi.md §1.1:
    /// (1M–2M, 5%, 35,365), (2M–5M, 10%, 135,365), (5M–10M, 12.5%, 260,365). The entry notional (5.37M) lies in the
    /// 12.5% bracket but the notional at the liquidation price (4.1M / 4.2M) lies in the 10% one, which is what
    /// Binance used.
    /// </summary>
    [Theory]
    [InlineData("B1", false, 0, 0, 1114.78)]
    [InlineData("B3", true, 71_200.81144, -56_354.57, 1153.26)]
    public void Eth_examples_need_the_bracket_at_the_liquidation_price_not_at_entry(string id, bool cross, decimal tmm1, decimal upnl1, decimal published)
    {
        Instrument eth = Instrument.Linear("ETHUSDT", "ETH", "USDT", EthUsdt2021, 0.01m, 0.001m);
        decimal q = 3_683.979m, ep = 1_456.84m;
        var context = new CrossMarginContext(1_535_443.01m, tmm1, upnl1);
        LiquidationEstimate solved = cross
            ? LiquidationPriceSolver.Cross(eth, PositionSide.Long, q, ep, context, MarginModel.Binance)
            : LiquidationPriceSolver.Isolated(eth, PositionSide.Long, q, ep, 1_535_443.01m, MarginModel.Binance);

        Math.Round(solved.LiquidationPrice!.Value, 2).Should().Be(published, id);
        EthUsdt2021.Tiers[solved.TierIndex!.Value].MaintenanceMarginRate.Should().Be(0.10m);

        // Hand check of the alternative: with the entry bracket (12.5%, 260,365) the isolated answer would be
        // (1,535,443.01 + 260,365 − 3,683.979 × 1,456.84) ÷ (3,683.979 × 0.125 − 3,683.979) ≈ 1,107.85, not 1,114.78.
        var entryBracket = EthUsdt2021.TierFor(q * ep);
        entryBracket.MaintenanceMarginRate.Should().Be(0.125m);
        LiquidationEstimate wrong = LiquidationPriceSolver.Isolated(
            eth, PositionSide.Long, q, ep, 1_535_443.01m, new MaintenanceBracket(0.125m, 260_365m), MarginModel.Binance);
        wrong.LiquidationPrice!.Value.Should().BeApproximately(1107.85m, 0.01m);
    }

    /// <summary>
    /// The 2020 Binance page example (copy in bradkyle/Qenv logic/binance.md, reference cefi.md §1.4.2). Binance's
    /// own arithmetic used rounded inputs ("difference due to rounding off"), so the published figure is matched
    /// to its last digit (0.01); B6 is truncated on the page (exact 190.2969…).
    /// </summary>
    [Theory]
    [InlineData("B5", 10.72, 1.3, 0.47, -1, 0.005, 9_451.53, 0.004, 11_383.99, 11383.994023904383)]
    [InlineData("B6", 10.72, 0.19, -0.06, 1, 1, 199.53, 0.0065, 190.29, 190.2969300452944)]
    public void Binance_2020_page_examples(
        string id, decimal wb, decimal tmm1, decimal upnl1, int side, decimal q, decimal ep, decimal mmr, decimal published, decimal derived)
    {
        Instrument instrument = side < 0 ? TestInstruments.BtcUsdt : TestInstruments.EthUsdt;
        LiquidationEstimate e = LiquidationPriceSolver.Cross(
            instrument, (PositionSide)side, q, ep, new CrossMarginContext(wb, tmm1, upnl1), new MaintenanceBracket(mmr, 0m), MarginModel.Binance);

        e.LiquidationPrice!.Value.Should().BeApproximately(published, 0.01m, id);
        e.LiquidationPrice!.Value.Should().BeApproximately(derived, 1e-9m, id);
    }

    /// <summary>
    /// Hedge mode, cross, one symbol (reference cefi.md §1.4.3, derived from the §1.1 formula): WB 10,000, LONG 1 @
    /// 30,000 and SHORT 0.5 @ 31,000, both in the 0.4% / cum 0 bracket. By hand:
    /// LP = (10,000 − 30,000 + 15,500) ÷ (0.004 + 0.002 − 1 + 0.5) = −4,500 ÷ −0.494.
    /// Check: equity 10,000 + (P − 30,000) + 0.5(31,000 − P) = 0.006 P at that price.
    /// </summary>
    [Fact]
    public void Hedge_mode_cross_pair_shares_one_liquidation_price()
    {
        LiquidationEstimate e = LiquidationPriceSolver.CrossHedge(
            TestInstruments.BtcUsdt,
            new PositionLeg(1m, 30_000m),
            new PositionLeg(0.5m, 31_000m),
            CrossMarginContext.WalletOnly(10_000m),
            MarginModel.Binance);

        e.Status.Should().Be(LiquidationPriceStatus.Exists);
        e.Exposure.Should().Be(PositionSide.Long);
        e.LiquidationPrice.Should().Be(4_500m / 0.494m);
        Math.Round(e.LiquidationPrice!.Value, 4).Should().Be(9_109.3117m);

        // Margin charged on both gross legs: at the price, equity equals 0.004 × (1 + 0.5) × P.
        decimal p = e.LiquidationPrice.Value;
        decimal equity = 10_000m + (p - 30_000m) + (0.5m * (31_000m - p));
        equity.Should().BeApproximately(0.006m * p, 1e-18m);
    }

    /// <summary>
    /// COIN-M (inverse) cross, single position (reference cefi.md §1.5, dev.binance.vision thread 6292): WB 101 BTC,
    /// long 100,000 BTCUSD contracts (100 USD each) at 45,000, MMR 12.5%. With the older maintenance amount 11.81 BTC
    /// the formula gives the user's 33,578.859744834; with the newer 11.605 BTC it gives Binance's calculator
    /// figure 33,599.40 (to 0.02).
    /// </summary>
    [Theory]
    [InlineData("C1", 11.81, 33_578.859744834, 0.000001)]
    [InlineData("C2", 11.605, 33_599.40, 0.02)]
    public void Coin_margined_cross_examples(string id, decimal cum, decimal published, decimal tolerance)
    {
        Instrument btcusd = TestInstruments.InverseFlat(0.125m, contractSize: 100m, maxLeverage: 4m);
        LiquidationEstimate e = LiquidationPriceSolver.Cross(
            btcusd, PositionSide.Long, 100_000m, 45_000m, CrossMarginContext.WalletOnly(101m), new MaintenanceBracket(0.125m, cum), MarginModel.Binance);

        e.LiquidationPrice!.Value.Should().BeApproximately(published, tolerance, id);
    }

    /// <summary>
    /// The same COIN-M examples stated as the page states them — an inverse contract of 100 USD with one bracket
    /// (12.5 %, cum) — through the overload that takes the contract's kind and size instead of an instrument whose
    /// tier table the bracket would bypass (issue 16). The isolated form of C2 with 101 BTC of margin is the same line.
    /// </summary>
    [Theory]
    [InlineData("C1", 11.81, 33_578.859744834, 0.000001)]
    [InlineData("C2", 11.605, 33_599.40, 0.02)]
    public void Coin_margined_examples_need_no_instrument(string id, decimal cum, decimal published, decimal tolerance)
    {
        var bracket = new MaintenanceBracket(0.125m, cum);
        LiquidationEstimate cross = LiquidationPriceSolver.Cross(
            ContractKind.Inverse, 100m, PositionSide.Long, 100_000m, 45_000m, CrossMarginContext.WalletOnly(101m), bracket, MarginModel.Binance);
        LiquidationEstimate isolated = LiquidationPriceSolver.Isolated(
            ContractKind.Inverse, 100m, PositionSide.Long, 100_000m, 45_000m, 101m, bracket, MarginModel.Binance);

        cross.LiquidationPrice!.Value.Should().BeApproximately(published, tolerance, id);
        isolated.Should().Be(cross);
        Instrument standIn = TestInstruments.InverseFlat(0.125m, contractSize: 100m, maxLeverage: 4m);
        cross.Should().Be(LiquidationPriceSolver.Cross(standIn, PositionSide.Long, 100_000m, 45_000m, CrossMarginContext.WalletOnly(101m), bracket, MarginModel.Binance));
    }

    [Theory]
    [InlineData(-1, 100, "kind")]
    [InlineData(0, 0, "contractSize")]
    [InlineData(0, -5, "contractSize")]
    public void The_contract_form_refuses_a_bad_kind_or_contract_size_naming_it(int kind, int contractSize, string parameter)
    {
        Action bad = () => LiquidationPriceSolver.Isolated(
            (ContractKind)kind, contractSize, PositionSide.Long, 1m, 45_000m, 1m, new MaintenanceBracket(0.01m, 0m), MarginModel.Binance);

        bad.Should().Throw<ArgumentException>().Where(e => e.ParamName == parameter);
    }

    /// <summary>
    /// Binance's 2021 ETHUSDT table. Brackets 5–7 are from the gist quoted in reference cefi.md §1.1; the lower
    /// brackets and every leverage are reconstructed so that the recurrence reproduces the gist's cum 35,365 at 1M
    /// (0.5% → 0.65% at 10k → 1% at 100k → 2% at 500k → 5% at 1M: 0 + 15 + 350 + 5,000 + 30,000 = 35,365).
    /// Only the 2M–5M and 5M–10M brackets matter to the examples.
    /// </summary>
    private static RiskTierTable EthUsdt2021 { get; } = RiskTierTable.Create(
        "Binance ETHUSDT 2021 (reconstructed)",
        [
            new RiskTier(0m, 10_000m, 100m, 0.005m, 0m),
            new RiskTier(10_000m, 100_000m, 75m, 0.0065m, 15m),
            new RiskTier(100_000m, 500_000m, 50m, 0.01m, 365m),
            new RiskTier(500_000m, 1_000_000m, 25m, 0.02m, 5_365m),
            new RiskTier(1_000_000m, 2_000_000m, 10m, 0.05m, 35_365m),
            new RiskTier(2_000_000m, 5_000_000m, 5m, 0.10m, 135_365m),
            new RiskTier(5_000_000m, 10_000_000m, 4m, 0.125m, 260_365m),
            new RiskTier(10_000_000m, 20_000_000m, 3m, 0.15m, 510_365m),
            new RiskTier(20_000_000m, 50_000_000m, 2m, 0.25m, 2_510_365m),
            new RiskTier(50_000_000m, decimal.MaxValue, 1m, 0.5m, 15_010_365m),
        ],
        MaintenanceAmountRule.Cumulative,
        new SourceReference("gist crackcomm/e29582030d9eeac6c6124a7503cd0ac2 (brackets 5-7), lower brackets reconstructed", new DateOnly(2021, 6, 1)));
}

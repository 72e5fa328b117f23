using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Instruments;

/// <summary>OKX position tiers in contracts, their published progression, and their conversion to notional tiers.</summary>
public sealed class OkxTiersTests
{
    private static readonly SourceReference s_src = SourceReference.UserSupplied(TestInstruments.AsOf);

    /// <summary>
    /// OKX tier rows as ccxt returns them (<c>minSz</c> = previous <c>maxSz</c> + 1, in contracts), from freqtrade's
    /// <c>tests/exchange/test_okx.py::test_get_maintenance_ratio_and_amt_okx</c> @ 0680ca2f (ETH/USDT:USDT fixture:
    /// 0–2,000 at 1%, 2,001–4,000 at 1.5%, 4,001–8,000 at 2%): the maximum of a tier is still in it.
    /// </summary>
    [Theory]
    [InlineData(1, 0.01)]
    [InlineData(2_000, 0.01)]
    [InlineData(2_001, 0.015)]
    [InlineData(4_000, 0.015)]
    [InlineData(4_001, 0.02)]
    [InlineData(8_000, 0.02)]
    public void Freqtrade_okx_fixture_boundaries_are_cap_inclusive(int contracts, double expectedRate)
    {
        OkxPositionTierTable eth = OkxPositionTierTable.Create(
            "freqtrade OKX ETH/USDT:USDT fixture",
            ContractKind.Linear,
            0.1m,
            [new(2_000m, 0.01m, 0.013m), new(4_000m, 0.015m, 0.02m), new(8_000m, 0.02m, 0.05m)],
            new SourceReference("freqtrade/freqtrade tests/exchange/test_okx.py @ 0680ca2f", new DateOnly(2022, 3, 1)));

        eth.TierFor(contracts).MaintenanceMarginRate.Should().Be((decimal)expectedRate);
    }

    /// <summary>
    /// OKX "adjust position tiers" notice for BTCUSDC and ETHUSDC perpetuals, 2023-08-23 (OKX via GlobeNewswire):
    /// three tiers listed, then "Increase by N conts from the previous tier", "+0.5%" on both rates, "Max. leverage of
    /// the tier". Columns: listed tiers, N, tier, expected max contracts, MMR, IMR, max leverage as OKX shows it
    /// (truncated to two places).
    /// </summary>
    [Theory]
    [InlineData("BTCUSDC before", 30_000, 0.004, 0.008, 60_000, 0.005, 0.01, 120_000, 0.0075, 0.015, 120_000, 4, 240_000, 0.0125, 0.02, 50)]
    [InlineData("BTCUSDC after", 15_000, 0.005, 0.0133, 30_000, 0.0075, 0.02, 60_000, 0.01, 0.025, 60_000, 4, 120_000, 0.015, 0.03, 33.33)]
    [InlineData("ETHUSDC after", 25_000, 0.005, 0.0133, 50_000, 0.0075, 0.02, 100_000, 0.01, 0.025, 100_000, 5, 300_000, 0.02, 0.035, 28.57)]
    public void Okx_notice_progression_beyond_the_listed_tiers(
        string table, int max1, double mmr1, double imr1, int max2, double mmr2, double imr2, int max3, double mmr3, double imr3,
        int step, int tier, int expectedMax, double expectedMmr, double expectedImr, double expectedLeverage)
    {
        OkxPositionTierTable listed = OkxPositionTierTable.Create(
            table,
            ContractKind.Linear,
            0.0001m,
            [new(max1, (decimal)mmr1, (decimal)imr1), new(max2, (decimal)mmr2, (decimal)imr2), new(max3, (decimal)mmr3, (decimal)imr3)],
            new SourceReference("OKX 'adjust position tiers' BTCUSDC/ETHUSDC notice via GlobeNewswire", new DateOnly(2023, 8, 23)));

        OkxPositionTier t = listed.Extend(tier + 1, step, 0.005m).Tiers[tier - 1];

        (t.MaxContracts, t.MaintenanceMarginRate, t.InitialMarginRate).Should().Be((expectedMax, (decimal)expectedMmr, (decimal)expectedImr));
        (Math.Truncate(t.MaxLeverage * 100m) / 100m).Should().Be((decimal)expectedLeverage);
    }

    /// <summary>
    /// OKX's 2019 tier rule for coin-margined swaps as summarised in a copy of the notice (365shuku.com/5091.html): BTC
    /// base limit 2,000 contracts, +10,000 per tier, MMR 0.5% and IMR 1.0% +0.5% per tier; its worked example, tier 3:
    /// 2,000 + 2 × 10,000 = 22,000 contracts, 1.5%, 2.0%, 1 ÷ 2.0% = 50x.
    /// </summary>
    [Fact]
    public void Okx_2019_worked_example_tier_three()
    {
        OkxPositionTierTable btc = OkxPositionTierTable
            .Create("OKX BTC-USD-SWAP 2019", ContractKind.Inverse, 100m, [new(2_000m, 0.005m, 0.01m)], s_src)
            .Extend(10, 10_000m, 0.005m);

        OkxPositionTier tier3 = btc.Tiers[2];

        (tier3.MaxContracts, tier3.MaintenanceMarginRate, tier3.InitialMarginRate, tier3.MaxLeverage).Should().Be((22_000m, 0.015m, 0.02m, 50m));
        btc.TierFor(22_000m).Should().Be(tier3);
        btc.TierFor(22_000.01m).Should().Be(btc.Tiers[3]);
    }

    /// <summary>
    /// Coin-margined: with <c>ctVal</c> 100 USD a contract is worth 100 ÷ price BTC, so 2,000 contracts at 50,000 are
    /// 4 BTC; the converted table keeps 4 BTC in tier 1 and the next lot above in tier 2, and the maintenance margin
    /// is 4 × 0.5% = 0.02 BTC.
    /// </summary>
    [Fact]
    public void Coin_margined_tiers_convert_in_the_coin()
    {
        OkxPositionTierTable btcUsd = OkxPositionTierTable
            .Create("OKX BTC-USD-SWAP 2019", ContractKind.Inverse, 100m, [new(2_000m, 0.005m, 0.01m)], s_src)
            .Extend(4, 10_000m, 0.005m);
        RiskTierTable inCoin = btcUsd.ToRiskTierTable(50_000m);

        btcUsd.PositionValue(2_000m, 50_000m).Should().Be(4m);
        inCoin.IndexOf(4m).Should().Be(0);
        inCoin.IndexOf(btcUsd.PositionValue(2_000.1m, 50_000m)).Should().Be(1);
        btcUsd.MaintenanceMargin(2_000m, 50_000m).Should().Be(0.02m);
    }

    /// <summary>The shipped tables: tier 1 as recorded from OKX's API on 2026-09-25, contract values 0.01 BTC and 0.1 ETH.</summary>
    [Fact]
    public void Shipped_tables_carry_the_recorded_first_tier_and_contract_value()
    {
        OkxTiers.BtcUsdtSwap.ContractValue.Should().Be(0.01m);
        OkxTiers.BtcUsdtSwap.Tiers[0].Should().Be(new OkxPositionTier(1_000m, 0.004m, 0.01m));
        OkxTiers.BtcUsdtSwap.Tiers[0].MaxLeverage.Should().Be(100m);
        OkxTiers.EthUsdtSwap.ContractValue.Should().Be(0.1m);
        OkxTiers.EthUsdtSwap.Tiers[0].Should().Be(new OkxPositionTier(5_000m, 0.004m, 0.01m));
        foreach (OkxPositionTierTable t in new[] { OkxTiers.BtcUsdtSwap, OkxTiers.EthUsdtSwap })
        {
            t.Tiers.Should().HaveCount(20);
            t.Tiers[^1].MaxContracts.Should().Be(decimal.MaxValue);
            t.Source.AsOf.Should().Be(new DateOnly(2026, 9, 25));
        }

        OkxTiers.BtcUsdtSwap.Tiers[1].Should().Be(new OkxPositionTier(2_000m, 0.009m, 0.015m));
    }

    /// <summary>
    /// Converted at a price, the notional table puts every boundary value itself (a tier's <c>maxSz</c>) in that tier
    /// and the next lot above it in the next tier, at the reference price and at another one.
    /// </summary>
    [Theory]
    [InlineData("btc", 90_000)]
    [InlineData("btc", 61_234.5)]
    [InlineData("eth", 3_000)]
    [InlineData("eth", 1_777.77)]
    public void Conversion_keeps_every_boundary_in_its_tier(string which, double priceValue)
    {
        OkxPositionTierTable table = which == "btc" ? OkxTiers.BtcUsdtSwap : OkxTiers.EthUsdtSwap;
        decimal price = (decimal)priceValue;
        RiskTierTable notional = table.ToRiskTierTable(price);

        notional.Boundary.Should().Be(TierBoundary.CapInclusive);
        notional.AmountRule.Should().Be(MaintenanceAmountRule.WholePosition);
        for (int i = 0; i < table.Tiers.Length - 1; i++)
        {
            decimal max = table.Tiers[i].MaxContracts;
            table.IndexOf(max).Should().Be(i);
            notional.IndexOf(table.PositionValue(max, price)).Should().Be(i, "maxSz {0} is in tier {1}", max, i + 1);
            notional.IndexOf(table.PositionValue(max + 0.01m, price)).Should().Be(i + 1);
            notional.TierFor(table.PositionValue(max, price)).MaintenanceMarginRate.Should().Be(table.Tiers[i].MaintenanceMarginRate);
        }
    }

    /// <summary>The scenario tables are the shipped ones valued at the reference prices.</summary>
    [Fact]
    public void Scenario_tables_are_valued_at_the_reference_prices()
    {
        OkxTiers.BtcUsdtSwapNotional.Tiers[0].NotionalCap.Should().Be(1_000m * 0.01m * OkxTiers.BtcReferencePrice);
        OkxTiers.EthUsdtSwapNotional.Tiers[0].NotionalCap.Should().Be(5_000m * 0.1m * OkxTiers.EthReferencePrice);
        OkxTiers.BtcUsdtSwapNotional.Tiers.Should().Equal(OkxTiers.BtcUsdtSwap.ToRiskTierTable(90_000m).Tiers);
    }

    /// <summary>
    /// OKX's margin ratio, hand-derived: 100 contracts of BTC-USDT-SWAP (1 BTC) long at 90,000 with 1,000 USDT
    /// margin, mark 89,500: equity 500, requirement 89,500 × (0.4% + 0.05%) = 402.75, ratio 500 ÷ 402.75, above 100%.
    /// The liquidation price is where the ratio is 100%: 1,000 + (P − 90,000) = 0.0045 P, P = 89,000 ÷ 0.9955; the
    /// library's solver with <see cref="VenueProfile.Okx"/>'s margin model finds the same price.
    /// </summary>
    [Fact]
    public void Margin_ratio_and_liquidation_price_agree()
    {
        OkxPositionTierTable btc = OkxTiers.BtcUsdtSwap;
        btc.MarginRatio(500m, 100m, 89_500m, 0.0005m).Should().Be(500m / 402.75m);

        Instrument swap = Instrument.Linear("BTCUSDT", "BTC", "USDT", OkxTiers.BtcUsdtSwapNotional, 0.1m, 0.01m, 0.01m);
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(swap, PositionSide.Long, 100m, 90_000m, 1_000m, VenueProfile.Okx.MarginModel);

        decimal lp = e.LiquidationPrice!.Value;
        lp.Should().BeApproximately(89_000m / 0.9955m, 0.000001m);
        btc.MarginRatio(1_000m + (lp - 90_000m), 100m, lp, 0.0005m).Should().BeApproximately(1m, 0.000000001m);
    }

    /// <summary>Rows that do not rise, rates that fall, and an initial rate not above maintenance are refused.</summary>
    [Fact]
    public void Bad_rows_are_refused()
    {
        FluentActions.Invoking(() => OkxPositionTierTable.Create("x", ContractKind.Linear, 1m, [new(10m, 0.01m, 0.02m), new(10m, 0.02m, 0.03m)], s_src))
            .Should().Throw<ArgumentException>().WithMessage("*tiers[1].MaxContracts*");
        FluentActions.Invoking(() => OkxPositionTierTable.Create("x", ContractKind.Linear, 1m, [new(10m, 0.02m, 0.03m), new(20m, 0.01m, 0.03m)], s_src))
            .Should().Throw<ArgumentException>().WithMessage("*tiers[1]*");
        FluentActions.Invoking(() => OkxPositionTierTable.Create("x", ContractKind.Linear, 1m, [new(10m, 0.02m, 0.02m)], s_src))
            .Should().Throw<ArgumentException>().WithMessage("*tiers[0].InitialMarginRate*");
        FluentActions.Invoking(() => OkxPositionTierTable.Create("x", ContractKind.Linear, 0m, [new(10m, 0.01m, 0.02m)], s_src))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}

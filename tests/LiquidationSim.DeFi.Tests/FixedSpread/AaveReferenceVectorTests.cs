using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using static LiquidationSim.DeFi.Tests.Support.AaveTestMarkets;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Reference §1.6.3 (doc: aave-v3-origin <c>docs/3.3/Aave-v3.3-features.md</c>) and §1.6.4 (test:
/// <c>tests/protocol/pool/Pool.Liquidations.CloseFactor.t.sol</c>), each row naming its source. The doc gives
/// positions in dollars and the tests give relations, not literal outputs; where they leave a parameter open
/// (threshold, bonus, debt asset), the choice is stated and the assertion is the relation the source states.
/// </summary>
public sealed class AaveReferenceVectorTests
{
    private const string Doc = "docs/3.3/Aave-v3.3-features.md";
    private const string CloseFactorTests = "Pool.Liquidations.CloseFactor.t.sol ";

    // ---- §1.6.3 doc examples ----

    public static TheoryData<string, string, int> ThreeDebts => new()
    {
        { Doc + " close factor per position: GHO", "GHO", 18 },
        { Doc + " close factor per position: USDC", "USDC", 6 },
        { Doc + " close factor per position: DAI", "DAI", 18 },
    };

    [Theory]
    [MemberData(nameof(ThreeDebts))]
    public void Close_factor_applies_to_the_whole_position(string source, string debt, int decimals)
    {
        // "3k $ GHO debt, 3k $ USDC debt, 3k $ DAI debt, 9k $ ETH collateral": the old rule allows 1.5k of one debt per
        // call, v3.3 the whole 3k. The doc gives no HF; the old/new difference needs HF in (0.95, 1), so ETH's LT is
        // 9700 (HF = 9000 × 0.97 / 9000 = 0.97) with a 1% bonus (percentMul(9700, 10100) ≤ 100%).
        // v3.3: the reserve's 3000e8 is not above half of the 9000e8 total (4500e8), so the cap is the whole 3000.
        _ = decimals;
        foreach ((AaveVersion version, decimal expected) in new[] { (AaveVersion.V3_0, 1500m), (AaveVersion.V3_3, 3000m) })
        {
            AaveMarket market = new(AaveRules.For(version), Usd,
            [
                new AaveReserve("WETH", 18, Dollars(3000m), 9000, 9700, 10100, 1000),
                new AaveReserve("GHO", 18, Dollars(1m), 0, 0, 0, 0),
                new AaveReserve("USDC", 6, Dollars(1m), 7500, 7800, 10450, 1000),
                new AaveReserve("DAI", 18, Dollars(1m), 6300, 7700, 10500, 1000),
            ]);
            AaveUserAccount account = Account(market, Supply("WETH", 3m), Borrow("GHO", 3000m), Borrow("USDC", 3000m), Borrow("DAI", 3000m));

            AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", debt, UInt256.MaxValue);

            result.Status.Should().Be(AaveLiquidationStatus.Executed, source);
            result.HealthFactorBefore.Should().Be(Wad(0.97m), source);
            result.InTokens(market).DebtRepaid.Should().Be(expected, $"{source}, {version}");
            AaveDecimal.Tokens(result.MaxLiquidatableDebt, market.Reserve(debt)).Should().Be(expected, source);
        }
    }

    [Theory]
    [InlineData(Doc + " size-dependent 100% close factor (old system)", AaveVersion.V3_0, 450)]
    [InlineData(Doc + " size-dependent 100% close factor (new system)", AaveVersion.V3_3, 900)]
    public void Small_debt_is_liquidatable_in_full(string source, AaveVersion version, int expected)
    {
        // "assuming MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD of 1_000e8: 1200 $ collateral A, 900 $ debt B, HF 0.96":
        // old system 50% of debt B, new system 100% (debt below the threshold). LT 7200 gives
        // HF = wadDiv(percentMul(1200e8, 7200), 900e8) = 864/900 = 0.96 exactly; bonus 5%.
        AaveRules rules = AaveRules.For(version) with { MinBaseMaxCloseFactorThreshold = Dollars(1000m), MinLeftoverBase = Dollars(500m) };
        AaveMarket market = TwoDollarTokens(rules, thresholdA: 7200, thresholdB: 7200);
        AaveUserAccount account = Account(market, Supply("A", 1200m), Borrow("B", 900m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "A", "B", UInt256.MaxValue);

        result.HealthFactorBefore.Should().Be(Wad(0.96m), source);
        result.Status.Should().Be(AaveLiquidationStatus.Executed, source);
        result.InTokens(market).DebtRepaid.Should().Be(expected, source);
    }

    public static TheoryData<string, string, string, decimal, AaveLiquidationStatus> ForcedCleanup => new()
    {
        { Doc + " forced cleanup: liquidate 100% of debt B", "B", "B", 400m, AaveLiquidationStatus.Executed },
        { Doc + " forced cleanup: liquidate 100% of collateral A", "A", "A", 900m, AaveLiquidationStatus.Executed },
        { Doc + " forced cleanup: up to 400e8 of debt A", "B", "A", 400m, AaveLiquidationStatus.Executed },
        { Doc + " forced cleanup: not more than 400e8 of debt A (leaves < 500e8 of debt A)", "B", "A", 401m, AaveLiquidationStatus.MustNotLeaveDust },
        { Doc + " forced cleanup: or 100% of debt A", "B", "A", 900m, AaveLiquidationStatus.Executed },
        { Doc + " forced cleanup: up to 500e8 of collateral B (420 taken for 400 of debt B leaves 580)", "B", "B", 400m, AaveLiquidationStatus.Executed },
    };

    [Theory]
    [MemberData(nameof(ForcedCleanup))]
    public void Forced_cleanup_leaves_nothing_below_the_minimum(string source, string collateral, string debt, decimal repay, AaveLiquidationStatus status)
    {
        // "threshold 1_000e8 and MIN_LEFTOVER_BASE 500e8: 400e8 collateral A, 1000e8 collateral B, 900e8 debt A,
        // 400e8 debt B, HF 0.94". LT A 8050, LT B 9000: Σ value·LT = 400e8·8050 + 1000e8·9000 = 1.222e15,
        // avgLT = floor(1.222e15 / 1400e8) = 8728, HF = percentMul(1400e8, 8728) / 1300e8 = 1221.92/1300 = 0.93994 (≤ 0.95: 100%).
        // Bonus 5% on both, no fee. The doc ignores the bonus; with it, 100% of collateral A (400) is taken for
        // 400/1.05 = 380.95 of debt A, and repaying 400 of debt B takes 420 of B. "Up to 500e8 of collateral B" cannot
        // be isolated here: every debt that could take more than 500 of B leaves < 500 of debt A unless repaid in full.
        AaveRules rules = AaveRules.For(AaveVersion.V3_3) with { MinBaseMaxCloseFactorThreshold = Dollars(1000m), MinLeftoverBase = Dollars(500m) };
        AaveMarket market = TwoDollarTokens(rules, thresholdA: 8050, thresholdB: 9000);
        AaveUserAccount account = Account(market, Both("A", 400m, 900m), Both("B", 1000m, 400m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, collateral, debt, Wad(repay));

        result.HealthFactorBefore.Should().BeLessThanOrEqualTo(Wad(0.95m)).And.BeGreaterThan(Wad(0.9399m), source);
        result.Status.Should().Be(status, source);
        if (status == AaveLiquidationStatus.Executed && collateral == "A")
        {
            result.CollateralSeized.Should().Be(Wad(400m), source);
            result.Account.Positions[0].CollateralEnabled.Should().BeFalse(source);
        }
    }

    [Fact]
    public void A_2000_dollar_threshold_caps_a_1_percent_bonus_at_20_dollars()
    {
        // Doc: "A threshold of 2000$ for example would mean that, at a 1% bonus a liquidation cannot cost more then 20$":
        // a 100%-close-factor liquidation of a 2000 USD position pays 2000 × 1% = 20 USD of bonus. 2000 USDC debt vs
        // 2020 USD of collateral at LT 9700, 1% bonus; repaying all takes base 2000 + 20 bonus.
        AaveMarket market = TwoDollarTokens(AaveRules.For(AaveVersion.V3_3), thresholdA: 9700, thresholdB: 9700, bonus: 10100);
        AaveUserAccount account = Account(market, Supply("A", 2020m), Borrow("B", 1999.99m));
        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "A", "B", UInt256.MaxValue);
        result.Status.Should().Be(AaveLiquidationStatus.Executed);
        (result.InTokens(market).CollateralSeized - result.InTokens(market).DebtRepaid).Should().BeLessThanOrEqualTo(20m, Doc);
    }

    // ---- §1.6.4 close-factor tests (relations) ----

    [Theory]
    [InlineData(CloseFactorTests + "test_hf_lte_095_supply_gt_threshold_closeFactorShouldBe100", 100, 175_532, 10_000)]
    [InlineData(CloseFactorTests + "test_hf_gt_095_supply_lt_threshold_closeFactorShouldBe100", 0.5, 850.52, 10_000)]
    [InlineData(CloseFactorTests + "test_hf_gt_095_supply_gt_threshold_closeFactorShouldBe50", 100, 170_103.09, 5_000)]
    public void Close_factor_from_health_factor_and_size(string source, decimal weth, decimal usdxDebt, int closeFactor)
    {
        // WETH 2000 USD, LT 8250; USDX 6 decimals at 1 USD. Debts chosen for the test's HF:
        // 100 WETH: 165000 / 175532 = 0.93999 (≤ 0.95 → 100%); 0.5 WETH (1000 USD < 2000e8): 825 / 850.52 = 0.96999 (small → 100%);
        // 100 WETH: 165000 / 170103.09 = 0.97 (> 0.95, both sides ≥ 2000e8 → 50% of total debt in base, one debt reserve:
        // percentMul(17010309e8, 5000) = 8505154.5e8 → × 1e6 / 1e8 = 85051.545 USDX).
        AaveMarket market = WethUsdx(AaveVersion.V3_3);
        AaveUserAccount account = Account(market, Supply("WETH", weth), Borrow("USDX", usdxDebt));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", "USDX", UInt256.MaxValue);

        result.CloseFactor.Should().Be(closeFactor, source);
        decimal max = result.InTokens(market).DebtRepaid;
        max.Should().Be(closeFactor == 10_000 ? usdxDebt : 85_051.545m, source);
    }

    [Theory]
    [InlineData(CloseFactorTests + "test_hf_gt_095_borrow_gt_threshold_collateral_lt_threshold_closeFactorShouldBe100", "WETH")]
    [InlineData(CloseFactorTests + "test_hf_gt_095_borrow_gt_threshold_collateral_lt_threshold_closeFactorShouldBe100", "WBTC")]
    public void Every_collateral_below_the_threshold_gives_100_percent(string source, string collateral)
    {
        // 0.9 WETH (1800 USD) and 0.02 WBTC (1800 USD), each below 2000e8, LT 8250; 3000 USDX debt (above 2000e8).
        // HF = 3600 × 0.825 / 3000 = 0.99 > 0.95, yet the collateral reserve is small → 100%.
        AaveMarket market = new(AaveRules.For(AaveVersion.V3_3), Usd,
        [
            .. WethUsdx(AaveVersion.V3_3).Reserves,
            new AaveReserve("WBTC", 8, Dollars(90_000m), 7000, 8250, 10500, 1000),
        ]);
        AaveUserAccount account = Account(market, Supply("WETH", 0.9m), Supply("WBTC", 0.02m), Borrow("USDX", 3000m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, collateral, "USDX", 1UL);

        result.HealthFactorBefore.Should().Be(Wad(0.99m), source);
        result.CloseFactor.Should().Be(10_000, source);
        result.MaxLiquidatableDebt.Should().Be(AaveDecimal.Amount(3000m, market.Reserve("USDX")), source);
    }

    [Theory]
    [InlineData(CloseFactorTests + "test_shouldRevertIfCloseFactorIs100ButCollateralIsBelowThreshold", 956, AaveLiquidationStatus.MustNotLeaveDust)]
    [InlineData(CloseFactorTests + "test_shouldRevertIfCloseFactorIs100ButCollateralIsBelowThreshold (derived: 6 less leaves 1002.5)", 950, AaveLiquidationStatus.Executed)]
    public void Hundred_percent_close_factor_still_must_not_leave_collateral_dust(string source, int repay, AaveLiquidationStatus status)
    {
        // "usdx 2000e8/1e2 + 4 WETH, HF 0.93; liquidate (usdxSupply/2) − 44e6": 2000 USDX (LT 8000) + 4 WETH (LT 8250) supplied,
        // USDX borrowed so that HF = (1600 + 6600) / 8817.2 = 0.930000… (≤ 0.95 → 100%). Repaying 956 USDX takes
        // 956 × 1.05 = 1003.8 USDX, leaving 996.2 USD < 1000e8 of collateral while debt remains → MustNotLeaveDust.
        AaveMarket market = WethUsdx(AaveVersion.V3_3);
        AaveUserAccount account = Account(market, Supply("WETH", 4m), Both("USDX", 2000m, 8817.2m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "USDX", "USDX", AaveDecimal.Amount(repay, market.Reserve("USDX")));

        result.HealthFactorBefore.Should().BeGreaterThanOrEqualTo(Wad(0.93m)).And.BeLessThan(Wad(0.9301m), source);
        result.CloseFactor.Should().Be(10_000, source);
        result.Status.Should().Be(status, source);
    }

    [Fact]
    public void Edge_range_maximum_reverts_with_dust_and_the_largest_clean_amount_works()
    {
        // test_liquidationdataprovider_edge_range: HF 0.98, 8000 USDX supplied (LT 8600), 4200 USDX + WETH borrowed.
        // WETH debt 1.410204 (2820.408 USD): HF = 6880 / 7020.408 = 0.97999… > 0.95, both sides ≥ 2000e8, and the reserve's
        // 4200e8 > half of 7020.408e8 → cap 3510.204 USDX. liquidationCall(max) repays 3510.204 and leaves 689.796 USDX
        // of debt < 1000e8 → MustNotLeaveDust. The largest clean amount (derived; the test reads it from
        // LiquidationDataProvider) leaves exactly 1000 USDX: 3200.
        const string Source = CloseFactorTests + "test_liquidationdataprovider_edge_range";
        AaveMarket market = new(AaveRules.For(AaveVersion.V3_3), Usd,
        [
            new AaveReserve("WETH", 18, Dollars(2000m), 8000, 8250, 10500, 1000),
            new AaveReserve("USDX", 6, Dollars(1m), 8000, 8600, 10500, 1000),
        ]);
        AaveUserAccount account = Account(market, Both("USDX", 8000m, 4200m), Borrow("WETH", 1.410204m));

        AaveLiquidationResult max = AaveLiquidation.Call(market, account, "USDX", "USDX", UInt256.MaxValue);
        max.HealthFactorBefore.Should().BeGreaterThan(Wad(0.95m)).And.BeLessThan(Wad(1m), Source);
        max.CloseFactor.Should().Be(5_000, Source);
        AaveDecimal.Tokens(max.MaxLiquidatableDebt, market.Reserve("USDX")).Should().Be(3510.204m, Source);
        max.Status.Should().Be(AaveLiquidationStatus.MustNotLeaveDust, Source);

        AaveLiquidationResult clean = AaveLiquidation.Call(market, account, "USDX", "USDX", AaveDecimal.Amount(3200m, market.Reserve("USDX")));
        clean.Status.Should().Be(AaveLiquidationStatus.Executed, Source);
        AaveLiquidationResult oneMore = AaveLiquidation.Call(market, account, "USDX", "USDX", AaveDecimal.Amount(3200.000001m, market.Reserve("USDX")));
        oneMore.Status.Should().Be(AaveLiquidationStatus.MustNotLeaveDust, Source);
    }

    private static AaveMarket TwoDollarTokens(AaveRules rules, int thresholdA, int thresholdB, int bonus = 10500) =>
        new(rules, Usd,
        [
            new AaveReserve("A", 18, Dollars(1m), thresholdA - 500, thresholdA, bonus, 0),
            new AaveReserve("B", 18, Dollars(1m), thresholdB - 500, thresholdB, bonus, 0),
        ]);

    private static AaveMarket WethUsdx(AaveVersion version) =>
        new(AaveRules.For(version), Usd,
        [
            new AaveReserve("WETH", 18, Dollars(2000m), 8000, 8250, 10500, 1000),
            new AaveReserve("USDX", 6, Dollars(1m), 7500, 8000, 10500, 1000),
        ]);
}

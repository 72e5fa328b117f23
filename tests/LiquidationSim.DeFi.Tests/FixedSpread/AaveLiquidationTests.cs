using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using static LiquidationSim.DeFi.Tests.Support.AaveTestMarkets;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// <see cref="AaveLiquidation.Call"/> on hand-derived accounts (reference §1.4, §1.5). Market: WETH 2000 USD (18
/// decimals, LT 8250, bonus 10500, protocol fee 10% of the bonus), USDC 1 USD (6 decimals). Each expected value is
/// derived in the comment beside it.
/// </summary>
public sealed class AaveLiquidationTests
{
    [Fact]
    public void Partial_liquidation_v3_0_seizes_debt_times_bonus_and_splits_the_fee_off_the_bonus()
    {
        // 1 WETH vs 1800 USDC: HF = wadDiv(percentMul(2000e8, 8250), 1800e8) = 1650/1800 = 0.91666…7e18 ≤ 0.95 → close factor 100%.
        // Repay 1000 USDC: baseCollateral = 1e8 · 1000e6 · 1e18 / (2000e8 · 1e6) = 0.5e18 WETH;
        // max = percentMul(0.5e18, 10500) = 0.525e18 ≤ 1 WETH, so seized = 0.525 WETH, debt repaid = 1000 USDC.
        // Bonus part = 0.525e18 − percentDiv(0.525e18, 10500) = 0.525e18 − 0.5e18 = 0.025e18; fee = 10% = 0.0025 WETH;
        // liquidator = 0.5225 WETH. After: 0.475 WETH vs 800 USDC: HF = percentMul(950e8, 8250) / 800e8 = 783.75/800 = 0.9796875.
        AaveMarket market = EthUsdc(AaveVersion.V3_0);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), Borrow("USDC", 1800m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", "USDC", AaveDecimal.Amount(1000m, market.Reserve("USDC")));

        result.Status.Should().Be(AaveLiquidationStatus.Executed);
        result.HealthFactorBefore.Should().Be((UInt256)916_666_666_666_666_667UL);
        result.CloseFactor.Should().Be(10_000);
        result.MaxLiquidatableDebt.Should().Be((UInt256)1_800_000_000UL);
        result.InTokens(market).Should().Be(new AaveLiquidationInTokens(1000m, 0.525m, 0.5225m, 0.0025m, 0.916666666666666667m, 0.9796875m));
        market.CollateralBalance(result.Account.Positions[0]).Should().Be(Wad(0.475m));
        market.DebtBalance(result.Account.Positions[1]).Should().Be((UInt256)800_000_000UL);
        result.Deficits.Should().BeEmpty();
        account.Positions[0].ScaledCollateral.Should().Be(Wad(1m), "the input account is not changed");
    }

    [Fact]
    public void The_same_call_in_v3_3_leaves_dust_and_is_refused_with_a_status()
    {
        // v3.3 dust rule: 800 USDC of debt would be left (800e8 < MIN_LEFTOVER_BASE 1000e8) and 0.475 WETH (950e8 < 1000e8).
        AaveMarket market = EthUsdc(AaveVersion.V3_3);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), Borrow("USDC", 1800m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", "USDC", AaveDecimal.Amount(1000m, market.Reserve("USDC")));

        result.Status.Should().Be(AaveLiquidationStatus.MustNotLeaveDust);
        result.CloseFactor.Should().Be(10_000);
        result.MaxLiquidatableDebt.Should().Be((UInt256)1_800_000_000UL);
        (result.DebtRepaid, result.CollateralSeized, result.ProtocolFee).Should().Be((UInt256.Zero, UInt256.Zero, UInt256.Zero));
        result.Account.Should().BeSameAs(account);
    }

    [Theory]
    [InlineData(AaveVersion.V3_3)]
    [InlineData(AaveVersion.V3_5)]
    [InlineData(AaveVersion.V3_7)]
    public void Repaying_the_whole_debt_is_allowed_whatever_collateral_is_left(AaveVersion version)
    {
        // Repay all 1800 USDC: base = 0.9e18, seized = percentMul(0.9e18, 10500) = 0.945 WETH; bonus part 0.045, fee 0.0045,
        // liquidator 0.9405. 0.055 WETH (110 USD) is left, below 1000 USD, but no debt is left, so the dust rule does not apply.
        AaveMarket market = EthUsdc(version);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), Borrow("USDC", 1800m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", "USDC", UInt256.MaxValue);

        result.Status.Should().Be(AaveLiquidationStatus.Executed);
        result.InTokens(market).Should().Be(new AaveLiquidationInTokens(1800m, 0.945m, 0.9405m, 0.0045m, 0.916666666666666666m + (version < AaveVersion.V3_5 ? 0.000000000000000001m : 0m), null));
        market.CollateralBalance(result.Account.Positions[0]).Should().Be(Wad(0.055m));
        result.Account.Positions[1].ScaledDebt.Should().Be(UInt256.Zero);
    }

    [Theory]
    [InlineData(AaveVersion.V3_0, false)]
    [InlineData(AaveVersion.V3_3, true)]
    [InlineData(AaveVersion.V3_5, true)]
    [InlineData(AaveVersion.V3_7, true)]
    public void Seizure_capped_at_the_balance_recomputes_the_debt_and_v3_3_books_the_rest_as_deficit(AaveVersion version, bool deficit)
    {
        // 1 WETH vs 2500 USDC: HF = 1650/2500 = 0.66 → 100%. Offered 2500 USDC: base = 1.25e18, max = 1.3125e18 > 1 WETH,
        // so all 1 WETH is seized and the debt needed is (2000e8 · 1e18 · 1e6 / (1e8 · 1e18)) (/) 10500 = 2000e6 · 1e4 / 10500
        // = 1904761904.76… → 1904761905 (half up ≤ v3.4, ceil from v3.5: the same here).
        // Fee: bonus part = 1e18 − percentDiv(1e18, 10500) = 1e18 − 952380952380952381 = 47619047619047619 (v3.7 floor:
        // 1e18 − 952380952380952380 = 47619047619047620); fee = 10% → 4761904761904761.9 → 4761904761904762 (half up; v3.7
        // ceil of 4761904761904762 exactly). Liquidator: 995238095238095238.
        // v3.3+: no collateral is left, so the other 2500e6 − 1904761905 = 595238095 USDC is burned into the deficit.
        AaveMarket market = EthUsdc(version);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), Borrow("USDC", 2500m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", "USDC", AaveDecimal.Amount(2500m, market.Reserve("USDC")));

        result.Status.Should().Be(AaveLiquidationStatus.Executed);
        result.DebtRepaid.Should().Be((UInt256)1_904_761_905UL);
        result.CollateralSeized.Should().Be(Wad(1m));
        result.ProtocolFee.Should().Be((UInt256)4_761_904_761_904_762UL);
        result.LiquidatorCollateral.Should().Be((UInt256)995_238_095_238_095_238UL);
        result.Account.Positions[0].Should().Be(new AavePosition("WETH", UInt256.Zero, UInt256.Zero, false));
        if (deficit)
        {
            result.Deficits.Should().Equal(new AaveDeficit("USDC", 595_238_095UL));
            result.Account.Positions[1].ScaledDebt.Should().Be(UInt256.Zero);
            result.HealthFactorAfter.Should().Be(UInt256.MaxValue);
        }
        else
        {
            result.Deficits.Should().BeEmpty();
            result.Account.Positions[1].ScaledDebt.Should().Be((UInt256)595_238_095UL);
            result.HealthFactorAfter.Should().Be(UInt256.Zero, "no collateral against 595 USDC of debt: wadDiv(0, debt) = 0");
        }
    }

    [Fact]
    public void Bad_debt_burns_every_other_debt_reserve_too()
    {
        // 1 WETH vs 2000 USDC + 500 DAI: HF = 1650/2500 = 0.66. Liquidate WETH for USDC, all allowed: base for 2000 USDC = 1e18,
        // max 1.05e18 > 1 WETH → all WETH, debt needed 1904761905 USDC (as above). No collateral left (v3.3): the
        // 2000e6 − 1904761905 = 95238095 USDC left and all 500 DAI become deficits.
        AaveMarket market = new(AaveRules.For(AaveVersion.V3_3), Usd,
        [
            .. EthUsdc(AaveVersion.V3_3).Reserves,
            new AaveReserve("DAI", 18, Dollars(1m), 6300, 7700, 10500, 1000),
        ]);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), Borrow("USDC", 2000m), Borrow("DAI", 500m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", "USDC", UInt256.MaxValue);

        result.DebtRepaid.Should().Be((UInt256)1_904_761_905UL);
        result.Deficits.Should().Equal(new AaveDeficit("USDC", 95_238_095UL), new AaveDeficit("DAI", Wad(500m)));
        result.Account.Positions.Should().OnlyContain(p => p.ScaledDebt.IsZero && p.ScaledCollateral.IsZero);
    }

    [Theory]
    [InlineData(AaveVersion.V3_0, 850, 5000)]
    [InlineData(AaveVersion.V3_2, 850, 5000)]
    [InlineData(AaveVersion.V3_3, 1700, 10_000)]
    public void Close_factor_is_50_percent_per_reserve_before_v3_3_and_100_percent_for_small_positions_after(AaveVersion version, int max, int closeFactor)
    {
        // 1 WETH vs 1700 USDC: HF = 1650/1700 = 0.9705… > 0.95. v3.0–v3.2: percentMul(1700e6, 5000) = 850 USDC.
        // v3.3: the debt (1700e8) is below MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD (2000e8), so 100% = 1700 USDC.
        AaveMarket market = EthUsdc(version);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), Borrow("USDC", 1700m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", "USDC", UInt256.MaxValue);

        result.CloseFactor.Should().Be(closeFactor);
        result.MaxLiquidatableDebt.Should().Be(AaveDecimal.Amount(max, market.Reserve("USDC")));
        result.DebtRepaid.Should().Be(result.MaxLiquidatableDebt);
    }

    [Fact]
    public void Emode_bonus_replaces_the_reserve_bonus()
    {
        // eMode 1 (LT 9300, bonus 10100): 1 wstETH (2000 USD) vs 1 WETH (2000 USD): HF = 1860/2000 = 0.93.
        // Repay 0.5 WETH: base = 2000e8 · 0.5e18 · 1e18 / (2000e8 · 1e18) = 0.5e18; seized = percentMul(0.5e18, 10100) = 0.505 wstETH
        // (the reserve's own 10600 would give 0.53). Fee: 10% of 0.005 = 0.0005.
        AaveMarket market = Lending.AaveAccountDataTests.EthCorrelated(AaveVersion.V3_2, priceSource: null);
        AaveUserAccount account = AaveDecimal.Account(market, 1, Supply("wstETH", 1m), Borrow("WETH", 1m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "wstETH", "WETH", Wad(0.5m));

        result.InTokens(market).Should().Be(new AaveLiquidationInTokens(0.5m, 0.505m, 0.5045m, 0.0005m, 0.93m, result.InTokens(market).HealthFactorAfter));
    }

    [Theory]
    [InlineData(AaveVersion.V3_6, 11, 0)]
    [InlineData(AaveVersion.V3_7, 9, 1)]
    public void V3_7_rounds_the_seizure_against_the_liquidator(AaveVersion version, int liquidator, int fee)
    {
        // Two 18-decimal 1 USD tokens; 10000 X (LT 8500) vs 9000 Y: HF = 8500/9000 = 0.944. Repay 10 wei of Y: base = 10 wei of X.
        // v3.6: max = percentMul(10, 10500) = 10.5 → 11 (half up); bonus part 11 − percentDiv(11, 10500) = 11 − 10 (10.47…) = 1;
        //       fee = percentMul(1, 1000) = 0.1 → 0; liquidator 11.
        // v3.7: max = percentMulFloor = 10; bonus part 10 − percentDivFloor(10, 10500) = 10 − 9 (9.52…) = 1; fee = percentMulCeil(1, 1000)
        //       = 1; liquidator 9. (docs/3.7/liquidation-rounding.md: the liquidator absorbs the rounding.)
        AaveMarket market = new(AaveRules.For(version), Usd,
        [
            new AaveReserve("X", 18, Dollars(1m), 8000, 8500, 10500, 1000),
            new AaveReserve("Y", 18, Dollars(1m), 8000, 8500, 10500, 1000),
        ]);
        AaveUserAccount account = Account(market, Supply("X", 10_000m), Borrow("Y", 9000m));

        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "X", "Y", 10UL);

        result.Status.Should().Be(AaveLiquidationStatus.Executed);
        (result.LiquidatorCollateral, result.ProtocolFee, result.DebtRepaid).Should().Be(((UInt256)(ulong)liquidator, (UInt256)(ulong)fee, (UInt256)10UL));
    }

    [Fact]
    public void Healthy_account_gives_not_liquidatable_and_the_same_account()
    {
        AaveMarket market = EthUsdc(AaveVersion.V3_3);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), Borrow("USDC", 1500m));
        AaveLiquidationResult result = AaveLiquidation.Call(market, account, "WETH", "USDC", UInt256.MaxValue);
        result.Status.Should().Be(AaveLiquidationStatus.NotLiquidatable);
        result.IsExecuted.Should().BeFalse();
        result.HealthFactorBefore.Should().Be(Wad(1.1m));
        result.Account.Should().BeSameAs(account);
        result.DebtRepaid.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Protocol_checks_fail_with_a_status()
    {
        AaveMarket market = EthUsdc(AaveVersion.V3_3);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), new AaveTokenPosition("USDC", 100m, 1800m, CollateralEnabled: false));
        AaveLiquidation.Call(market, account, "USDC", "USDC", UInt256.MaxValue).Status
            .Should().Be(AaveLiquidationStatus.CollateralCannotBeLiquidated, "the USDC supply is not enabled as collateral");
        AaveLiquidation.Call(market, account, "WETH", "WETH", UInt256.MaxValue).Status
            .Should().Be(AaveLiquidationStatus.DebtNotBorrowed, "the user owes no WETH");
    }

    [Fact]
    public void Bad_arguments_throw_naming_the_parameter_and_value()
    {
        AaveMarket market = EthUsdc(AaveVersion.V3_3);
        AaveUserAccount account = Account(market, Supply("WETH", 1m), Borrow("USDC", 1800m));

        Action collateral = () => AaveLiquidation.Call(market, account, "DOGE", "USDC", UInt256.MaxValue);
        collateral.Should().Throw<ArgumentException>().Where(e => e.ParamName == "collateralAsset" && e.Message.Contains("\"DOGE\""));
        Action debt = () => AaveLiquidation.Call(market, account, "WETH", "usdc", UInt256.MaxValue);
        debt.Should().Throw<ArgumentException>().Where(e => e.ParamName == "debtAsset" && e.Message.Contains("\"usdc\""));
        Action zero = () => AaveLiquidation.Call(market, account, "WETH", "USDC", UInt256.Zero);
        zero.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "debtToCover" && e.Message.Contains("got 0"));
        Action nullMarket = () => AaveLiquidation.Call(null!, account, "WETH", "USDC", UInt256.One);
        nullMarket.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("market");
    }
}

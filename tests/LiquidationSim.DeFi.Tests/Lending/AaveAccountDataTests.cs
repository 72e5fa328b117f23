using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using static LiquidationSim.DeFi.Tests.Support.AaveTestMarkets;

namespace LiquidationSim.DeFi.Tests.Lending;

/// <summary>
/// <see cref="AaveAccountData.Calculate"/> on hand-derived accounts (reference §1.3), in the legacy (v3.0–v3.4) and
/// directional (v3.5+) roundings. Prices are in 8-decimal USD; the derivation of each expected value is beside it.
/// </summary>
public sealed class AaveAccountDataTests
{
    public static TheoryData<AaveVersion> AllVersions => [.. Enum.GetValues<AaveVersion>()];

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void One_eth_at_2000_with_lt_8250_against_1500_usdc_has_health_factor_1_1(AaveVersion version)
    {
        // Collateral 1 WETH × 2000 USD = 2000e8; debt 1500 USDC × 1 USD = 1500e8.
        // v3.0–v3.4: percentMul(2000e8, 8250) = 1650e8; wadDiv(1650e8, 1500e8) = 1.1e18.
        // v3.5+:     Σ value·LT = 2000e8·8250 = 1.65e15; wadDiv(1.65e15, 1500e8) / 1e4 = 1.1e22 / 1e4 = 1.1e18.
        // HF = 2000 × 0.825 / 1500 = 1.1.
        AaveMarket market = EthUsdc(version);
        AaveAccountData data = AaveAccountData.Calculate(market, Account(market, Supply("WETH", 1m), Borrow("USDC", 1500m)));

        data.TotalCollateralBase.Should().Be(Dollars(2000m));
        data.TotalDebtBase.Should().Be(Dollars(1500m));
        data.AverageLiquidationThreshold.Should().Be((UInt256)8250UL);
        data.AverageLtv.Should().Be((UInt256)8000UL);
        data.HealthFactor.Should().Be(Wad(1.1m));
        AaveDecimal.HealthFactor(data.HealthFactor).Should().Be(1.1m);
        data.IsLiquidatable.Should().BeFalse();
        // Borrowing power: percentMul(2000e8, 8000) − 1500e8 = 1600e8 − 1500e8 = 100 USD.
        AaveDecimal.BaseCurrency(data.AvailableBorrowsBase(market.Rules), market).Should().Be(100m);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void A_health_factor_of_exactly_one_is_not_liquidatable_and_one_unit_more_debt_is(AaveVersion version)
    {
        // 1 WETH × 2000 × 0.80 = 1600 USD of weighted collateral against 1600 USDC: HF = 1e18 exactly, and
        // liquidation needs HF < 1e18 strictly (ValidationLogic, HEALTH_FACTOR_LIQUIDATION_THRESHOLD).
        AaveMarket market = EthUsdc(version, ethThreshold: 8000);
        AaveAccountData atOne = AaveAccountData.Calculate(market, Account(market, Supply("WETH", 1m), Borrow("USDC", 1600m)));
        atOne.HealthFactor.Should().Be(Wad(1m));
        atOne.IsLiquidatable.Should().BeFalse();

        // One more USDC unit: debt 1600000001 × 1e8 / 1e6 = 160000000100 base; wadDiv(1600e8, 160000000100)
        // = 999999999375000000.39… → 999999999375000000 (the v3.5 form gives the same: the /1e4 is exact here).
        AaveAccountData below = AaveAccountData.Calculate(market, Account(market, Supply("WETH", 1m), Borrow("USDC", 1600.000001m)));
        below.HealthFactor.Should().Be((UInt256)999_999_999_375_000_000UL);
        below.IsLiquidatable.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void No_debt_gives_the_maximum_health_factor(AaveVersion version)
    {
        AaveMarket market = EthUsdc(version);
        AaveAccountData data = AaveAccountData.Calculate(market, Account(market, Supply("WETH", 3m)));
        data.HealthFactor.Should().Be(UInt256.MaxValue);
        data.IsLiquidatable.Should().BeFalse();
        AaveDecimal.HealthFactor(data.HealthFactor).Should().BeNull();
    }

    [Fact]
    public void Empty_account_is_all_zero_with_maximum_health_factor()
    {
        AaveMarket market = EthUsdc(AaveVersion.V3_3);
        AaveAccountData.Calculate(market, new AaveUserAccount(0, []))
            .Should().Be(new AaveAccountData(UInt256.Zero, UInt256.Zero, UInt256.Zero, UInt256.Zero, UInt256.MaxValue, false));
    }

    [Theory]
    [InlineData(AaveVersion.V3_4, false)]
    [InlineData(AaveVersion.V3_5, true)]
    public void Dust_debt_is_invisible_before_v3_5_and_counted_from_v3_5(AaveVersion version, bool counted)
    {
        // 1 wei of WETH debt is worth 1 × 2000e8 / 1e18 = 2e-7 base units: floor → 0 up to v3.4, so the user looks
        // debt-free (HF = max); v3.5 values debt with mulDivCeil → 1 base unit, and
        // HF = wadDiv(1000e8 × 7800, 1) / 1e4 = 7.8e14 × 1e18 / 1e4 = 7.8e28.
        AaveMarket market = EthUsdc(version);
        AaveAccountData data = AaveAccountData.Calculate(market, Account(market, Supply("USDC", 1000m), Borrow("WETH", 0.000000000000000001m)));
        data.TotalDebtBase.Should().Be(counted ? UInt256.One : UInt256.Zero);
        data.HealthFactor.Should().Be(counted ? UInt256.Parse("78000000000000000000000000000") : UInt256.MaxValue);
    }

    [Theory]
    [InlineData(AaveVersion.V3_4)]
    [InlineData(AaveVersion.V3_5)]
    public void Averages_are_value_weighted_floors(AaveVersion version)
    {
        // 1 WETH (2000 USD, LTV 8000, LT 8250) and 2000 USDC (LTV 7500, LT 7800) supplied, 1000 USDC borrowed.
        // Total collateral 4000e8. avgLtv = (2000e8·8000 + 2000e8·7500) / 4000e8 = 7750.
        // Σ value·LT = 2000e8·8250 + 2000e8·7800 = 3.21e15; avgLT = 3.21e15 / 4000e8 = 8025.
        // HF: v3.4 wadDiv(percentMul(4000e8, 8025), 1000e8) = wadDiv(3210e8, 1000e8) = 3.21e18;
        //     v3.5 wadDiv(3.21e15, 1000e8) / 1e4 = 3.21e18.
        AaveMarket market = EthUsdc(version);
        AaveAccountData data = AaveAccountData.Calculate(market, Account(market, Supply("WETH", 1m), Both("USDC", 2000m, 1000m)));
        data.AverageLtv.Should().Be((UInt256)7750UL);
        data.AverageLiquidationThreshold.Should().Be((UInt256)8025UL);
        data.HealthFactor.Should().Be(Wad(3.21m));
        data.HasZeroLtvCollateral.Should().BeFalse();
    }

    [Theory]
    [InlineData(AaveVersion.V3_4, "1599800000010000000")]
    [InlineData(AaveVersion.V3_5, "1600000000007000000")]
    public void Legacy_health_factor_can_fall_when_a_collateral_price_rises(AaveVersion version, string after)
    {
        // A quirk of the v3.0–v3.4 formula, not of this model: HF = wadDiv(percentMul(T, floor(S/T)), D) floors the
        // average threshold first. A (LT 9000) and B (LT 7000), 1000 USD each: T = 2000e8, S/T = 8000 exactly, HF vs
        // 1000 USD debt = 1.6e18. Raise B by one base unit (1e-8 USD): T = 200000000001,
        // S = 1000e8·9000 + 100000000001·7000 = 1600000000007000, floor(S/T) = 7999, so
        // v3.4: percentMul(200000000001, 7999) = 159980000001; wadDiv(159980000001, 1000e8) = 1599800000010000000;
        // v3.5: wadDiv(1600000000007000, 1000e8) / 1e4 = 16000000000070000000000 / 1e4 = 1600000000007000000.
        // The rise lowers the v3.4 HF by about 2e-4 and raises the v3.5 HF. The monotonicity property
        // (AaveHealthFactorPropertyTests) is therefore exact from v3.5 and bounded before.
        AaveMarket market = new(AaveRules.For(version), Usd,
        [
            new AaveReserve("A", 8, Dollars(1000m), ltv: 8000, liquidationThreshold: 9000, liquidationBonus: 10500, liquidationProtocolFee: 0),
            new AaveReserve("B", 8, Dollars(1000m), ltv: 6000, liquidationThreshold: 7000, liquidationBonus: 10500, liquidationProtocolFee: 0),
            new AaveReserve("USDC", 6, Dollars(1m), ltv: 7500, liquidationThreshold: 7800, liquidationBonus: 10450, liquidationProtocolFee: 0),
        ]);
        AaveUserAccount account = Account(market, Supply("A", 1m), Supply("B", 1m), Borrow("USDC", 1000m));
        AaveAccountData.Calculate(market, account).HealthFactor.Should().Be(Wad(1.6m));

        UInt256 raised = AaveAccountData.Calculate(market.WithPrice("B", Dollars(1000.00000001m)), account).HealthFactor;
        raised.Should().Be(UInt256.Parse(after));
    }

    [Theory]
    [InlineData(1, "1033333333333333333")]
    [InlineData(0, "888888888888888889")]
    public void Emode_threshold_replaces_the_reserve_threshold_for_its_users(int userEMode, string healthFactor)
    {
        // 1 wstETH at 2000 USD (reserve LT 8000; eMode 1 "ETH correlated" LT 9300) against 0.9 WETH (1800 USD).
        // In eMode: wadDiv(percentMul(2000e8, 9300), 1800e8) = wadDiv(1860e8, 1800e8) = 1.0333…e18 → …333.
        // Outside: wadDiv(1600e8, 1800e8) = 0.8888…e18 → …889 (half up).
        AaveMarket market = EthCorrelated(AaveVersion.V3_2, priceSource: null);
        AaveUserAccount account = AaveDecimal.Account(market, userEMode, Supply("wstETH", 1m), Borrow("WETH", 0.9m));
        AaveAccountData.Calculate(market, account).HealthFactor.Should().Be(UInt256.Parse(healthFactor));
    }

    [Theory]
    [InlineData(AaveVersion.V3_0, "1178000000000000000")]
    [InlineData(AaveVersion.V3_1, "1178000000000000000")]
    [InlineData(AaveVersion.V3_2, "1240000000000000000")]
    public void Emode_price_source_replaces_the_oracle_price_in_v3_0_and_v3_1_only(AaveVersion version, string healthFactor)
    {
        // eMode 1 has a price source of 1900 USD; 1 wstETH (oracle 2000) against 1500 USDC (not in the category).
        // v3.0/v3.1: percentMul(1900e8, 9300) = 1767e8; wadDiv(1767e8, 1500e8) = 1.178e18.
        // v3.2 (no price source): percentMul(2000e8, 9300) = 1860e8; / 1500e8 = 1.24e18.
        AaveMarket market = EthCorrelated(version, priceSource: Dollars(1900m));
        AaveUserAccount account = AaveDecimal.Account(market, 1, Supply("wstETH", 1m), Borrow("USDC", 1500m));
        AaveAccountData.Calculate(market, account).HealthFactor.Should().Be(UInt256.Parse(healthFactor));
    }

    [Fact]
    public void Collateral_counts_only_when_enabled_and_with_a_nonzero_threshold()
    {
        // GHO has LT 0 (not collateral); the WETH supply is not enabled. Only the 1000 USDC count:
        // wadDiv(percentMul(1000e8, 7800), 500e8) = 780e8 / 500e8 = 1.56e18.
        AaveMarket market = new(AaveRules.For(AaveVersion.V3_3), Usd,
        [
            new AaveReserve("WETH", 18, Dollars(2000m), 8000, 8250, 10500, 1000),
            new AaveReserve("USDC", 6, Dollars(1m), 7500, 7800, 10450, 1000),
            new AaveReserve("GHO", 18, Dollars(1m), 0, 0, 0, 0),
        ]);
        AaveUserAccount account = Account(market,
            new AaveTokenPosition("WETH", 1m, 0m, CollateralEnabled: false), Supply("USDC", 1000m), Both("GHO", 5000m, 500m));
        AaveAccountData data = AaveAccountData.Calculate(market, account);
        data.TotalCollateralBase.Should().Be(Dollars(1000m));
        data.HealthFactor.Should().Be(Wad(1.56m));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Balances_are_scaled_balances_times_the_indices(AaveVersion version)
    {
        // Scaled 1 WETH at liquidity index 1.1 ray → 1.1 WETH = 2200e8; scaled 1000 USDC at borrow index 1.2 ray →
        // 1200 USDC = 1200e8 (exact: no rounding in either direction). HF = 2200 × 0.825 / 1200 = 1.5125.
        AaveMarket market = EthUsdc(version);
        market = market
            .WithReserve(market.Reserve("WETH").WithIndices(UInt256.Parse("1100000000000000000000000000"), WadRayMath.Ray))
            .WithReserve(market.Reserve("USDC").WithIndices(WadRayMath.Ray, UInt256.Parse("1200000000000000000000000000")));
        AaveUserAccount account = new(0,
        [
            new AavePosition("WETH", Wad(1m), UInt256.Zero, true),
            new AavePosition("USDC", UInt256.Zero, 1_000_000_000UL, false),
        ]);
        market.CollateralBalance(account.Positions[0]).Should().Be(Wad(1.1m));
        market.DebtBalance(account.Positions[1]).Should().Be((UInt256)1_200_000_000UL);
        AaveAccountData.Calculate(market, account).HealthFactor.Should().Be(Wad(1.5125m));
    }

    [Fact]
    public void Position_order_does_not_change_the_result()
    {
        AaveMarket market = EthUsdc(AaveVersion.V3_5);
        AaveUserAccount a = Account(market, Supply("WETH", 1.25m), Both("USDC", 300m, 1700m));
        AaveUserAccount b = new(0, a.Positions.Reverse());
        AaveAccountData.Calculate(market, a).Should().Be(AaveAccountData.Calculate(market, b));
    }

    [Fact]
    public void An_asset_the_market_does_not_list_is_refused_naming_the_account_and_the_symbol()
    {
        AaveMarket market = EthUsdc(AaveVersion.V3_3);
        AaveUserAccount account = new(0, [new AavePosition("DOGE", Wad(1m), UInt256.Zero, true)]);
        Action act = () => AaveAccountData.Calculate(market, account);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "account" && e.Message.Contains("\"DOGE\""));
    }

    [Fact]
    public void Facade_refuses_amounts_finer_than_the_token()
    {
        AaveMarket market = EthUsdc(AaveVersion.V3_3);
        Action act = () => Account(market, Supply("USDC", 1.0000001m));
        act.Should().Throw<ArgumentException>();
        Action price = () => AaveDecimal.Price(0.000000001m, Usd);
        price.Should().Throw<ArgumentException>();
        Action zero = () => AaveDecimal.Price(0m, Usd);
        zero.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("price");
    }

    internal static AaveMarket EthCorrelated(AaveVersion version, UInt256? priceSource)
    {
        var eth = new AaveEModeCategory(1, "ETH correlated", ltv: 9000, liquidationThreshold: 9300, liquidationBonus: 10100, priceSource);
        return new AaveMarket(AaveRules.For(version), Usd,
        [
            new AaveReserve("WETH", 18, Dollars(2000m), 8000, 8250, 10500, 1000, eth),
            new AaveReserve("wstETH", 18, Dollars(2000m), 7500, 8000, 10600, 1000, eth),
            new AaveReserve("USDC", 6, Dollars(1m), 7500, 7800, 10450, 1000),
        ]);
    }
}

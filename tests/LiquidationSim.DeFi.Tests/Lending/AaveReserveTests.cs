using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using static LiquidationSim.DeFi.Tests.Support.AaveTestMarkets;

namespace LiquidationSim.DeFi.Tests.Lending;

/// <summary>Reserve, eMode, account and market checks (reference §1.2, PoolConfigurator): refused with the parameter and value named.</summary>
public sealed class AaveReserveTests
{
    [Theory]
    [InlineData(37, 8000, 8250, 10500, 1000, "decimals", "37")]
    [InlineData(-1, 8000, 8250, 10500, 1000, "decimals", "-1")]
    [InlineData(18, 8300, 8250, 10500, 1000, "ltv", "8300")]
    [InlineData(18, 8000, 10001, 10500, 1000, "liquidationThreshold", "10001")]
    [InlineData(18, 8000, 8250, 10000, 1000, "liquidationBonus", "10000")]
    [InlineData(18, 8000, 9700, 10400, 1000, "liquidationBonus", "10400")]
    [InlineData(18, 0, 0, 10500, 1000, "liquidationBonus", "10500")]
    [InlineData(18, 8000, 8250, 10500, 10001, "liquidationProtocolFee", "10001")]
    public void Bad_reserve_parameters_are_refused(int decimals, int ltv, int threshold, int bonus, int fee, string parameter, string value)
    {
        Action act = () => _ = new AaveReserve("WETH", decimals, Dollars(2000m), ltv, threshold, bonus, fee);
        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == parameter && e.Message.Contains(value));
    }

    [Fact]
    public void Thirty_six_decimals_are_accepted_and_a_zero_price_is_not()
    {
        new AaveReserve("X", 36, Dollars(1m), 0, 0, 0, 0).Unit.Should().Be(UInt256.Pow10(36));
        Action zero = () => _ = new AaveReserve("X", 18, UInt256.Zero, 0, 0, 0, 0);
        zero.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("price");
        Action withZero = () => EthUsdc(AaveVersion.V3_3).WithPrice("WETH", UInt256.Zero);
        withZero.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("price");
        Action unknown = () => EthUsdc(AaveVersion.V3_3).WithPrice("DOGE", Dollars(1m));
        unknown.Should().Throw<ArgumentException>().Where(e => e.ParamName == "symbol" && e.Message.Contains("DOGE"));
    }

    [Fact]
    public void Indices_below_one_ray_and_bad_emode_categories_are_refused()
    {
        AaveReserve weth = EthUsdc(AaveVersion.V3_3).Reserve("WETH");
        Action index = () => weth.WithIndices(WadRayMath.Ray - UInt256.One, WadRayMath.Ray);
        index.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("liquidityIndex");
        Action id = () => _ = new AaveEModeCategory(0, "x", 9000, 9300, 10100);
        id.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("id");
        Action source = () => _ = new AaveEModeCategory(1, "x", 9000, 9300, 10100, UInt256.Zero);
        source.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("priceSource");
    }

    [Fact]
    public void Duplicate_symbols_are_refused_in_accounts_and_markets()
    {
        Action account = () => _ = new AaveUserAccount(0, [new AavePosition("WETH", 1UL, 0UL, true), new AavePosition("WETH", 1UL, 0UL, true)]);
        account.Should().Throw<ArgumentException>().Where(e => e.ParamName == "positions" && e.Message.Contains("WETH"));
        AaveReserve usdc = EthUsdc(AaveVersion.V3_3).Reserve("USDC");
        Action market = () => _ = new AaveMarket(AaveRules.For(AaveVersion.V3_3), Usd, [usdc, usdc]);
        market.Should().Throw<ArgumentException>().Where(e => e.ParamName == "reserves" && e.Message.Contains("USDC"));
        Action eMode = () => _ = new AaveUserAccount(256, []);
        eMode.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("eModeCategory");
    }

    [Fact]
    public void Rules_are_data_per_version()
    {
        AaveRules v30 = AaveRules.For(AaveVersion.V3_0);
        v30.CloseFactorRule.Should().Be(AaveCloseFactorRule.PerReserve);
        v30.DustRule.Should().BeFalse();
        v30.BadDebt.Should().Be(AaveBadDebtDetection.None);

        AaveRules v33 = AaveRules.For(AaveVersion.V3_3);
        v33.CloseFactorRule.Should().Be(AaveCloseFactorRule.WholePosition);
        v33.MinBaseMaxCloseFactorThreshold.Should().Be(Dollars(2000m));
        v33.MinLeftoverBase.Should().Be(Dollars(1000m));
        v33.CloseFactorHealthFactorThreshold.Should().Be(Wad(0.95m));
        v33.DirectionalRounding.Should().BeFalse();

        AaveRules v35 = AaveRules.For(AaveVersion.V3_5);
        v35.DirectionalRounding.Should().BeTrue();
        v35.DebtNeededRounding.Should().Be(AaveRounding.Ceil);
        v35.MaxCollateralRounding.Should().Be(AaveRounding.HalfUp);

        AaveRules v37 = AaveRules.For(AaveVersion.V3_7);
        (v37.MaxCollateralRounding, v37.DebtNeededRounding, v37.BonusBaseRounding, v37.ProtocolFeeRounding)
            .Should().Be((AaveRounding.Floor, AaveRounding.Ceil, AaveRounding.Floor, AaveRounding.Ceil));
        v37.BadDebt.Should().Be(AaveBadDebtDetection.CollateralExhausted);

        Action bad = () => _ = v33 with { DefaultCloseFactor = 0 };
        bad.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("DefaultCloseFactor");
        Action undefined = () => AaveRules.For((AaveVersion)99);
        undefined.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("version");
    }
}

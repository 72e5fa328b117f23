using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Comet keeps four decimals of each collateral factor: compound-finance/comet commit d5a30b0, <c>Comet.sol</c>
/// <c>getPackedAssetInternal</c> stores <c>uint16(factor / (FACTOR_SCALE / 1e4))</c>, i.e. the factor over 1e14 with the
/// remainder dropped, and <c>getAssetInfo</c> hands back that number times 1e14. Each test sets one factor with digits
/// beyond the fourth decimal and checks the truncated value (derived by hand in the comment) both as read back and
/// where the protocol uses it, at a point where the untruncated factor would give the other answer.
/// </summary>
public sealed class CometFactorTruncationTests
{
    // 1 WETH at $2,000 (2000e8), USDC base at $1 with 6 decimals and both indices 1e15, so a principal is its present value.
    private static readonly CometAssetConfig s_weth = new("WETH", 18, U("2000e8"), U("0.825e18"), U("0.895e18"), U("0.95e18"), U("100000e18"));
    private static readonly CometCollateralBalance[] s_oneWeth = [new("WETH", U("1e18"))];

    private static CometMarket Market(CometAssetConfig weth) =>
        new("USDC", 6, U("1e8"), U("0.5e18"), U("5000000e6"), [weth]);

    [Fact]
    public void Borrow_collateral_factor_keeps_four_decimals()
    {
        // 0.82599999e18 / 1e14 = 8259.9999 -> 8259 -> 0.8259e18.
        CometAssetConfig weth = s_weth with { BorrowCollateralFactor = U("0.82599999e18") };
        weth.BorrowCollateralFactor.Should().Be(U("0.8259e18"));
        CometDecimal.Asset("WETH", 18, 2000m, 0.82599999m, 0.895m, 0.95m, 100_000m).BorrowCollateralFactor.Should().Be(U("0.8259e18"));

        // isBorrowCollateralized with 1,651.9 USDC owed: -1651.9e8 + mulFactor(2000e8, 0.8259e18) = -1651.9e8 + 1651.8e8
        // = -0.1e8 < 0, not collateralized. With the untruncated 0.82599999 the collateral would count 1651.99998e8 and pass.
        var borrower = new CometAccount("b", -1_651_900_000, s_oneWeth);
        CometLiquidation.IsBorrowCollateralized(Market(weth), borrower).Should().BeFalse();
        CometLiquidation.IsBorrowCollateralized(Market(weth), borrower with { Principal = -1_651_800_000 }).Should().BeTrue("exactly zero passes");
    }

    [Fact]
    public void Liquidate_collateral_factor_keeps_four_decimals()
    {
        // 0.89599999e18 / 1e14 = 8959.9999 -> 8959 -> 0.8959e18.
        CometAssetConfig weth = s_weth with { LiquidateCollateralFactor = U("0.89599999e18") };
        weth.LiquidateCollateralFactor.Should().Be(U("0.8959e18"));

        // isLiquidatable with 1,791.9 USDC owed: -1791.9e8 + mulFactor(2000e8, 0.8959e18) = -1791.9e8 + 1791.8e8 < 0:
        // liquidatable. With the untruncated factor the collateral would count 1791.99998e8 and the account would be safe.
        var borrower = new CometAccount("b", -1_791_900_000, s_oneWeth);
        CometLiquidation.IsLiquidatable(Market(weth), borrower).Should().BeTrue();
        CometLiquidation.IsLiquidatable(Market(weth), borrower with { Principal = -1_791_800_000 }).Should().BeFalse("exactly zero is safe");
    }

    [Fact]
    public void Liquidation_factor_keeps_four_decimals()
    {
        // 0.95009999e18 / 1e14 = 9500.9999 -> 9500 -> 0.95e18.
        CometAssetConfig weth = s_weth with { LiquidationFactor = U("0.95009999e18") };
        weth.LiquidationFactor.Should().Be(U("0.95e18"));

        // quoteCollateral: discountFactor = mulFactor(0.5e18, 1e18 - 0.95e18) = 0.025e18; discounted price =
        // mulFactor(2000e8, 0.975e18) = 1950e8; 1950 USDC buys 1e8 * 1950e6 * 1e18 / 1950e8 / 1e6 = 1e18, one WETH exactly.
        // The untruncated factor would give a price of 1950.09999e8 and a quote below one WETH.
        CometLiquidation.QuoteCollateral(Market(weth), "WETH", U("1950e6")).Should().Be(U("1e18"));
    }

    [Fact]
    public void Bounds_apply_to_the_factor_as_given_and_the_order_to_the_stored_factors()
    {
        // LiquidateCFTooLarge compares the raw factor with 1e18 before the descale: 1.00005e18 is refused though it
        // would truncate to 1e18.
        FluentActions.Invoking(() => s_weth with { LiquidateCollateralFactor = U("1.00005e18") }).Should()
            .Throw<ArgumentOutOfRangeException>().WithParameterName("LiquidateCollateralFactor");

        // The descaled BorrowCFTooLarge check: 0.89991e18 < 0.89999e18, but both keep 8999 -> equal -> refused.
        FluentActions.Invoking(() => new CometAssetConfig("WETH", 18, U("2000e8"), U("0.89991e18"), U("0.89999e18"), U("0.95e18"), UInt256.Zero))
            .Should().Throw<ArgumentException>().WithParameterName("BorrowCollateralFactor");

        // A factor below 1e14 keeps nothing: 0.00009999e18 -> 0.
        (s_weth with { BorrowCollateralFactor = U("0.00009999e18") }).BorrowCollateralFactor.Should().Be(UInt256.Zero);
    }
}

using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Hand-derived Comet cases (compound-finance/comet <c>Comet.sol</c>, commit d5a30b0; reference defi.md §3.1), on the
/// initial cUSDCv3 parameters of <c>deployments/mainnet/usdc/configuration.json</c> (storeFrontPriceFactor 0.5,
/// targetReserves 5,000,000 USDC; WETH 0.825 / 0.895 / 0.95; COMP 0.65 / 0.70 / 0.93) with a borrow index of 1.1
/// so that the principal roundings show. Every expected number is derived in the comments.
/// </summary>
public sealed class CometLiquidationTests
{
    private static readonly CometAssetConfig s_weth = CometDecimal.Asset("WETH", 18, 2000m, 0.825m, 0.895m, 0.95m, 100_000m);
    private static readonly CometAssetConfig s_comp = CometDecimal.Asset("COMP", 18, 50m, 0.65m, 0.70m, 0.93m, 100_000m);

    // Supply principal 10,000,000 USDC (index 1.0), borrow principal 5,000,000 USDC (index 1.1 -> 5,500,000 owed),
    // 5,000,000 USDC held: reserves = 5e12 - 1e13 + 5.5e12 = 5e11 (500,000 USDC), below the 5e12 target.
    private static readonly CometMarket s_market = CometDecimal.Market("USDC", 6, 1m, 0.5m, 5_000_000m, [s_weth, s_comp]) with
    {
        BaseBorrowIndex = U("1.1e15"),
        TotalSupplyBase = U("1e13"),
        TotalBorrowBase = U("5e12"),
        BaseBalance = U("5e12"),
        CollateralTotals = [new CometCollateralTotals("WETH", U("100e18"), U("100e18")), new CometCollateralTotals("COMP", U("10e18"), U("10e18"))],
    };

    // 1 WETH against 1800 USDC owed: principal = -ceil(1800e6 * 1e15 / 1.1e15) = -ceil(1636363636.36) = -1636363637,
    // whose present value is -floor(1636363637 * 1.1) = -floor(1800000000.7) = -1800e6.
    private static readonly CometAccount s_alice = CometDecimal.Account(s_market, "alice", -1800m, ("WETH", 1m));

    // 1 COMP against 100 USDC owed: principal -ceil(100e6 / 1.1) = -90909091; present value -floor(100000000.1) = -100e6.
    private static readonly CometAccount s_bob = CometDecimal.Account(s_market, "bob", -100m, ("COMP", 1m));

    // 1 WETH against 1000 USDC: 2000 * 0.895 = 1790 > 1000, healthy.
    private static readonly CometAccount s_carol = CometDecimal.Account(s_market, "carol", -1000m, ("WETH", 1m));

    [Fact]
    public void Principal_and_present_value_round_as_comet_does()
    {
        s_alice.Principal.Should().Be(new BigInteger(-1636363637));
        CometLiquidation.PresentValue(s_market, s_alice.Principal).Should().Be(new BigInteger(-1_800_000_000));
        s_bob.Principal.Should().Be(new BigInteger(-90909091));
        CometDecimal.BaseBalance(s_market, s_bob).Should().Be(-100m);
        CometLiquidation.PrincipalValue(s_market, new BigInteger(7)).Should().Be(new BigInteger(7), "supply index 1.0");
        CometLiquidation.PrincipalValue(s_market, new BigInteger(-1)).Should().Be(new BigInteger(-1), "ceil(1 / 1.1) = 1");
        CometLiquidation.GetReserves(s_market).Should().Be(new BigInteger(500_000_000_000));
        CometDecimal.Reserves(s_market).Should().Be(500_000m);
    }

    [Fact]
    public void IsLiquidatable_uses_the_liquidate_factor_and_isBorrowCollateralized_the_borrow_factor()
    {
        // alice: -1800e6 * 1e8 / 1e6 = -1800e8; + mulFactor(2000e8, 0.895e18) = 1790e8 -> -10e8 < 0: liquidatable;
        // with 0.825: 1650e8 -> -150e8 < 0: not collateralized.
        CometLiquidation.IsLiquidatable(s_market, s_alice).Should().BeTrue();
        CometLiquidation.IsBorrowCollateralized(s_market, s_alice).Should().BeFalse();

        // carol: -1000e8 + 1790e8 >= 0 and -1000e8 + 1650e8 >= 0.
        CometLiquidation.IsLiquidatable(s_market, s_carol).Should().BeFalse();
        CometLiquidation.IsBorrowCollateralized(s_market, s_carol).Should().BeTrue();

        // Exactly zero is safe: 1790 USDC owed against 1 WETH at 0.895 -> -1790e8 + 1790e8 = 0.
        CometAccount edge = new("edge", -1_790_000_000, [new CometCollateralBalance("WETH", U("1e18"))]);
        CometLiquidation.IsLiquidatable(s_market with { BaseBorrowIndex = CometMarket.BaseIndexScale }, edge).Should().BeFalse();
        CometLiquidation.IsLiquidatable(s_market with { BaseBorrowIndex = CometMarket.BaseIndexScale }, edge with { Principal = -1_790_000_001 }).Should().BeTrue();

        // A supplier is never liquidatable.
        CometLiquidation.IsLiquidatable(s_market, new CometAccount("dave", 5, [])).Should().BeFalse();
    }

    [Fact]
    public void Absorb_with_surplus_credits_the_user_in_base()
    {
        // deltaValue = mulFactor(mulPrice(1e18, 2000e8, 1e18), 0.95e18) = 1900e8;
        // deltaBalance = divPrice(1900e8, 1e8, 1e6) = 1900e6; newBalance = -1800e6 + 1900e6 = 100e6 (surplus);
        // newPrincipal = 100e6 * 1e15 / 1e15 = 100e6; repayAndSupplyAmount(-1636363637, 100e6) = (1636363637, 100e6).
        CometAbsorbResult result = CometLiquidation.Absorb(s_market, [s_alice]);

        result.Succeeded.Should().BeTrue();
        CometAbsorption a = result.Absorptions.Single();
        a.Seized.Should().Equal(new CometSeizedCollateral("WETH", U("1e18"), U("2000e8"), U("1900e8")));
        a.CollateralValue.Should().Be(U("2000e8"));
        a.DeltaValue.Should().Be(U("1900e8"));
        a.DeltaBalance.Should().Be(U("1900e6"));
        a.OldBalance.Should().Be(new BigInteger(-1_800_000_000));
        a.NewBalance.Should().Be(new BigInteger(100_000_000));
        a.NewPrincipal.Should().Be(new BigInteger(100_000_000));
        a.DebtAbsorbed.Should().Be(U("1800e6"));
        a.Surplus.Should().Be(U("100e6"));
        a.Shortfall.Should().Be(UInt256.Zero);
        a.BasePaidOut.Should().Be(U("1900e6"));
        a.ValueOfBasePaidOut.Should().Be(U("1900e8"));

        CometAccount after = result.Accounts.Single();
        after.Principal.Should().Be(new BigInteger(100_000_000));
        after.CollateralBalanceOf("WETH").Should().Be(UInt256.Zero);
        result.Market.TotalSupplyBase.Should().Be(U("1e13") + U("1e8"));
        result.Market.TotalBorrowBase.Should().Be(U("4998363636363"), "5e12 - 1636363637");
        result.Market.GetCollateralTotals("WETH").Should().Be(new CometCollateralTotals("WETH", U("99e18"), U("100e18")));
        CometLiquidation.GetCollateralReserves(result.Market, "WETH").Should().Be(U("1e18"), "the seized WETH now belongs to the protocol");

        // Reserves: 5e12 - (1e13 + 1e8) + floor(4998363636363 * 1.1) = 5e12 - 10000100000000 + 5498199999999
        // = 498099999999: down 1900000001, the base paid out plus one unit of borrow-index rounding.
        result.ReservesBefore.Should().Be(new BigInteger(500_000_000_000));
        result.ReservesAfter.Should().Be(new BigInteger(498_099_999_999));
    }

    [Fact]
    public void Absorb_with_shortfall_takes_the_deficit_from_reserves_which_may_go_negative()
    {
        // Only bob borrows: borrow principal 90909091 (owes floor(90909091 * 1.1) = 100e6), supply principal 1000e6,
        // 910e6 held: reserves = 910e6 - 1000e6 + 100e6 = 10e6 (10 USDC).
        CometMarket small = s_market with
        {
            TotalSupplyBase = U("1000e6"),
            TotalBorrowBase = U("90909091"),
            BaseBalance = U("910e6"),
        };
        CometLiquidation.GetReserves(small).Should().Be(new BigInteger(10_000_000));

        // -100e8 + mulFactor(50e8, 0.70e18) = -65e8 < 0: liquidatable. deltaValue = mulFactor(50e8, 0.93e18) = 46.5e8;
        // deltaBalance = 46.5e6; -100e6 + 46.5e6 = -53.5e6 -> newBalance 0, shortfall 53.5e6; repay 90909091, supply 0.
        CometAbsorbResult result = CometLiquidation.Absorb(small, [s_bob]);

        CometAbsorption b = result.Absorptions.Single();
        b.DeltaBalance.Should().Be(U("46.5e6"));
        b.NewBalance.Should().Be(BigInteger.Zero);
        b.NewPrincipal.Should().Be(BigInteger.Zero);
        b.Shortfall.Should().Be(U("53.5e6"));
        b.Surplus.Should().Be(UInt256.Zero);
        b.DebtAbsorbed.Should().Be(U("100e6"));
        b.BasePaidOut.Should().Be(U("100e6"));
        (b.DeltaBalance + b.Shortfall).Should().Be(b.DebtAbsorbed + b.Surplus);
        result.Market.TotalBorrowBase.Should().Be(UInt256.Zero);

        // Reserves = 910e6 - 1000e6 + 0 = -90e6: Comet lets them go negative.
        result.ReservesAfter.Should().Be(new BigInteger(-90_000_000));
        CometDecimal.Reserves(result.Market).Should().Be(-90m);
    }

    [Fact]
    public void Absorb_is_all_or_nothing_across_the_accounts_given()
    {
        CometAbsorbResult both = CometLiquidation.Absorb(s_market, [s_alice, s_bob]);
        both.Succeeded.Should().BeTrue();
        both.Absorptions.Select(a => a.AccountId).Should().Equal("alice", "bob");
        both.Market.GetCollateralTotals("COMP").TotalSupplyAsset.Should().Be(U("9e18"));

        CometAbsorbResult refused = CometLiquidation.Absorb(s_market, [s_alice, s_carol]);
        refused.Error.Should().Be(CometError.NotLiquidatable);
        refused.FailedAccountId.Should().Be("carol");
        refused.Market.Should().BeSameAs(s_market);
        refused.Accounts.Should().Equal(s_alice, s_carol);
        refused.Absorptions.Should().BeEmpty();
        refused.ReservesAfter.Should().Be(refused.ReservesBefore);
    }

    [Fact]
    public void QuoteCollateral_applies_the_store_front_discount()
    {
        // WETH: discountFactor = mulFactor(0.5e18, 1e18 - 0.95e18) = 0.025e18; discounted price = 2000e8 * 0.975 = 1950e8;
        // 1000 USDC buys 1e8 * 1000e6 * 1e18 / 1950e8 / 1e6 = 512820512820512820 wei (0.5128... WETH).
        CometLiquidation.QuoteCollateral(s_market, "WETH", U("1000e6")).Should().Be(U("512820512820512820"));

        // COMP: discount 0.5 * 0.07 = 0.035; price 50e8 * 0.965 = 48.25e8; 100 USDC buys 1e8 * 100e6 * 1e18 / 4825e6 / 1e6.
        CometLiquidation.QuoteCollateral(s_market, "COMP", U("100e6")).Should().Be(U("2072538860103626943"));
        CometDecimal.QuoteCollateral(s_market, "COMP", 100m).Should().Be(2.072538860103626943m);
    }

    [Fact]
    public void BuyCollateral_sells_seized_collateral_while_reserves_are_below_target()
    {
        CometMarket afterAbsorb = CometLiquidation.Absorb(s_market, [s_alice]).Market;

        // Reserves 498099999999 < 5e12: for sale. 1000 USDC -> 512820512820512820 wei out of the 1e18 owned.
        CometBuyCollateralResult bought = CometLiquidation.BuyCollateral(afterAbsorb, "WETH", U("512820512820512820"), U("1000e6"));
        bought.Succeeded.Should().BeTrue();
        bought.CollateralAmount.Should().Be(U("512820512820512820"));
        bought.Market.BaseBalance.Should().Be(U("5e12") + U("1000e6"));
        bought.Market.GetCollateralTotals("WETH").Balance.Should().Be(U("100e18") - U("512820512820512820"));
        CometLiquidation.GetReserves(bought.Market).Should().Be(new BigInteger(498_099_999_999 + 1_000_000_000));

        // One wei more than the quote: TooMuchSlippage. 2000 USDC -> 1025641025641025641 wei > 1e18 owned: InsufficientReserves.
        CometLiquidation.BuyCollateral(afterAbsorb, "WETH", U("512820512820512821"), U("1000e6")).Error.Should().Be(CometError.TooMuchSlippage);
        CometBuyCollateralResult tooMuch = CometLiquidation.BuyCollateral(afterAbsorb, "WETH", UInt256.Zero, U("2000e6"));
        tooMuch.Error.Should().Be(CometError.InsufficientReserves);
        tooMuch.CollateralAmount.Should().Be(U("1025641025641025641"));
        tooMuch.Market.Should().BeSameAs(afterAbsorb);

        // Reserves at the target: NotForSale (checked before the base comes in). Negative reserves: for sale.
        CometMarket atTarget = afterAbsorb with { BaseBalance = afterAbsorb.BaseBalance + U("5e12") - U("498099999999") };
        CometLiquidation.GetReserves(atTarget).Should().Be(new BigInteger(5_000_000_000_000));
        CometLiquidation.BuyCollateral(atTarget, "WETH", UInt256.Zero, U("1e6")).Error.Should().Be(CometError.NotForSale);
        CometLiquidation.BuyCollateral(atTarget with { BaseBalance = atTarget.BaseBalance - UInt256.One }, "WETH", UInt256.Zero, U("1e6")).Succeeded.Should().BeTrue();
        CometMarket negative = afterAbsorb with { BaseBalance = UInt256.Zero };
        CometLiquidation.GetReserves(negative).Sign.Should().BeNegative();
        CometLiquidation.BuyCollateral(negative, "WETH", UInt256.Zero, U("1e6")).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_parameter_and_nothing_changes()
    {
        FluentActions.Invoking(() => s_weth with { Price = UInt256.Zero }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Price");
        FluentActions.Invoking(() => CometDecimal.Asset("X", 19, 1m, 0.5m, 0.6m, 0.9m, 1m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("decimals");
        FluentActions.Invoking(() => new CometAssetConfig("X", 37, U("1e8"), U("0.5e18"), U("0.6e18"), U("0.9e18"), UInt256.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Decimals");
        FluentActions.Invoking(() => s_weth with { LiquidateCollateralFactor = U("1.0001e18") }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LiquidateCollateralFactor");
        FluentActions.Invoking(() => s_weth with { LiquidationFactor = U("1.0001e18") }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LiquidationFactor");
        // A factor with more than four decimals is truncated as Comet stores it, not refused: CometFactorTruncationTests.
        FluentActions.Invoking(() => CometDecimal.Asset("X", 18, 1m, 0.9m, 0.9m, 0.9m, 1m)).Should().Throw<ArgumentException>().WithParameterName("BorrowCollateralFactor");
        FluentActions.Invoking(() => s_market with { Assets = [s_weth, s_weth with { BorrowCollateralFactor = U("0.9e18") }] }).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => s_market with { BaseDecimals = 5 }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("BaseDecimals");
        FluentActions.Invoking(() => s_market with { BaseDecimals = 19 }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("BaseDecimals");
        FluentActions.Invoking(() => s_market with { BasePrice = UInt256.Zero }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("BasePrice");
        FluentActions.Invoking(() => s_market with { StoreFrontPriceFactor = U("1.1e18") }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("StoreFrontPriceFactor");
        FluentActions.Invoking(() => s_market with { Assets = [s_weth, s_weth] }).Should().Throw<ArgumentException>().WithParameterName("Assets");
        FluentActions.Invoking(() => new CometAccount("x", -(BigInteger.One << 103) - 1, [])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Principal");

        CometAccount stranger = new("eve", -1_000_000, [new CometCollateralBalance("WBTC", U("1e8"))]);
        FluentActions.Invoking(() => CometLiquidation.IsLiquidatable(s_market, stranger)).Should().Throw<ArgumentException>().WithParameterName("account");
        FluentActions.Invoking(() => CometLiquidation.Absorb(s_market, [s_alice, stranger])).Should().Throw<ArgumentException>().WithParameterName("accounts");
        FluentActions.Invoking(() => CometLiquidation.Absorb(s_market, [s_alice, s_alice])).Should().Throw<ArgumentException>().WithParameterName("accounts");
        FluentActions.Invoking(() => CometLiquidation.QuoteCollateral(s_market, "WBTC", U("1e6"))).Should().Throw<ArgumentException>().WithParameterName("asset");
        FluentActions.Invoking(() => CometLiquidation.BuyCollateral(s_market, "WBTC", UInt256.Zero, U("1e6"))).Should().Throw<ArgumentException>().WithParameterName("asset");
        FluentActions.Invoking(() => CometDecimal.Account(s_market, "eve", -1m, ("WBTC", 1m))).Should().Throw<ArgumentException>().WithParameterName("collateral");
        FluentActions.Invoking(() => CometDecimal.Price(0m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("usd");
        FluentActions.Invoking(() => CometDecimal.Price(1.123456789m)).Should().Throw<ArgumentException>().WithParameterName("usd");

        s_market.GetCollateralTotals("WETH").TotalSupplyAsset.Should().Be(U("100e18"), "nothing changed");
        s_weth.Price.Should().Be(U("2000e8"));
    }
}

using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// compound-protocol's scenario specs (commit a3214f67b73310d547e00fc578e8355911c9d376, <c>spec/scenario/*.scen</c>)
/// replayed on the model's stored state: each row names the scenario file and test, and its expected value is the
/// scenario's <c>Assert</c>. Scenario numbers are written as the scenario writes them; the comments give the Exp
/// arithmetic that leads there.
/// </summary>
/// <remarks>
/// Scenario conventions (spec/scenario/CoreMacros): <c>PricedComptroller</c> has close factor 0.1; prices and factors
/// are Exp (× 1e18); <c>initialExchangeRate:1e9</c> is 1e9 underlying units per cToken unit, mantissa 1e27;
/// <c>Comptroller Liquidity</c> and <c>Comptroller Hypothetical</c> read liquidity − shortfall; error code 13 is
/// <c>PRICE_ERROR</c>. Interest uses the scenario's <c>Fixed</c> per-block rate model.
/// </remarks>
public sealed class CompoundV2ScenarioTests
{
    // ---- HypotheticalAccountLiquidity.scen, "Calculates hypothetical account liquidity" ----
    // cZRX: price 0.002, CF 0.4; Geoff mints 1250e18 ZRX at 1e9 -> 1250e9 cZRX; the pool holds 1250e18, so the stored
    //   rate is 1250e18 * 1e18 / 1250e9 = 1e27. tokensToDenom = mul_(mul_(0.4e18, 1e27), 2e15) = 8e23.
    // cETH: price 1.0, CF 0.8; 2.5e18 ETH -> 2.5e9 cETH; tokensToDenom = mul_(mul_(0.8e18, 1e27), 1e18) = 8e26.
    // cBAT: price 0.0015, CF 0.3, no supply; tokensToDenom = mul_(mul_(0.3e18, 1e27), 1.5e15) = 4.5e23.
    // cOMG: listed with no price (0) and no collateral factor; later priced 0.01. cREP: never listed.
    private static CompoundV2Comptroller HypotheticalComptroller(bool omgPriced)
    {
        var zrx = new CompoundV2Market("cZRX", 18, 8, U("1e27"), U("0.4e18"), U("0.002e18"), U("1e18")) { TotalSupply = U("1250e9"), Cash = U("1250e18") };
        var eth = new CompoundV2Market("cETH", 18, 8, U("1e27"), U("0.8e18"), U("1e18"), U("1e18")) { TotalSupply = U("2.5e9"), Cash = U("2.5e18") };
        var bat = new CompoundV2Market("cBAT", 18, 8, U("1e27"), U("0.3e18"), U("0.0015e18"), U("1e18"));
        var omg = new CompoundV2Market("cOMG", 18, 8, U("1e27"), UInt256.Zero, omgPriced ? U("0.01e18") : UInt256.Zero, U("1e18"));
        return new CompoundV2Comptroller(U("0.1e18"), U("1e18"), CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa, [zrx, eth, bat, omg]);
    }

    private static CompoundV2Account Geoff(int entered)
    {
        CompoundV2AccountMarket[] markets =
        [
            new("cZRX", U("1250e9"), UInt256.Zero, UInt256.Zero),
            new("cETH", U("2.5e9"), UInt256.Zero, UInt256.Zero),
            new("cBAT", UInt256.Zero, UInt256.Zero, UInt256.Zero),
            new("cOMG", UInt256.Zero, UInt256.Zero, UInt256.Zero),
        ];
        return new CompoundV2Account("Geoff", markets.Take(entered));
    }

    public static TheoryData<int, bool, string?, string, string, string> HypotheticalRows => new()
    {
        // entered markets (cZRX, cETH, cBAT, cOMG in that order), cOMG priced, market, redeemTokens, borrowAmount -> Assert
        { 0, false, null, "0", "0", "0" },                    // not in any markets: Zero
        { 1, false, null, "0", "0", "1.0e18" },               // 8e23 * 1250e9 / 1e18
        { 1, false, "cZRX", "1000e9", "0", "0.2e18" },        // - 8e23 * 1000e9 / 1e18 = -0.8e18
        { 1, false, "cZRX", "0", "1000e18", "-1e18" },        // - 2e15 * 1000e18 / 1e18 = -2e18
        { 1, false, "cETH", "0.002e9", "0", "1.0e18" },       // not in cETH: no effect
        { 1, false, "cETH", "0", "0.002e18", "1.0e18" },      // not in cETH: no effect
        { 2, false, null, "0", "0", "3.0e18" },               // + 8e26 * 2.5e9 / 1e18 = 2e18
        { 2, false, "cZRX", "1000e9", "0", "2.2e18" },
        { 2, false, "cZRX", "0", "1000e18", "1e18" },
        { 2, false, "cETH", "2e9", "0", "1.4e18" },           // - 8e26 * 2e9 / 1e18 = -1.6e18
        { 2, false, "cETH", "0", "2e18", "1.0e18" },
        { 3, false, "cBAT", "1000e9", "0", "2.55e18" },       // - 4.5e23 * 1000e9 / 1e18 = -0.45e18
        { 3, false, "cBAT", "0", "1000e18", "1.5e18" },       // - 1.5e15 * 1000e18 / 1e18 = -1.5e18
        { 4, false, "cOMG", "1e20", "0", "error 13" },        // entered a market without a price
        { 4, false, "cOMG", "0", "1e20", "error 13" },
        { 4, true, "cOMG", "100e9", "0", "3.0e18" },          // no collateral factor: tokensToDenom 0
        { 4, true, "cOMG", "0", "100e18", "2.0e18" },         // - 0.01e18 * 100e18 / 1e18 = -1e18
        { 4, true, "cREP", "100e18", "0", "3.0e18" },         // not listed: no effect
        { 4, true, "cREP", "0", "100e18", "3.0e18" },
    };

    [Theory]
    [MemberData(nameof(HypotheticalRows))]
    public void HypotheticalAccountLiquidity_scen(int entered, bool omgPriced, string? market, string redeemTokens, string borrowAmount, string expected)
    {
        CompoundV2AccountLiquidity liquidity = CompoundV2Liquidation.GetHypotheticalAccountLiquidity(HypotheticalComptroller(omgPriced), Geoff(entered), market, U(redeemTokens), U(borrowAmount));
        if (expected == "error 13")
        {
            liquidity.Error.Should().Be(CompoundV2LiquidationError.PriceError);
            liquidity.Liquidity.Should().Be(UInt256.Zero);
            liquidity.Shortfall.Should().Be(UInt256.Zero);
            return;
        }

        liquidity.Error.Should().Be(CompoundV2LiquidationError.None);
        ((BigInteger)liquidity.Liquidity - (BigInteger)liquidity.Shortfall).Should().Be(Big(expected));
    }

    // ---- ExchangeRate.scen ----
    public static TheoryData<string, string, string, string, string, string, string> ExchangeRateRows => new()
    {
        // test, initialExchangeRate mantissa, totalSupply, cash, totalBorrows, totalReserves -> ExchangeRateStored mantissa
        { "Initial Exchange Rate", "2e27", "0", "0", "0", "0", "2e27" },
        { "Initial Exchange Rate with Mint", "5e27", "20e9", "100e18", "0", "0", "5e27" },                   // 100e18 * 1e18 / 20e9
        { "ZRX: Exch. Rate:2e9, Cash(51e18) + Borrows(2.0e18) - Reserves(0.5e18) / Tokens(2.5e10)", "2e27", "2.5e10", "51e18", "2.0e18", "0.5e18", "2.1e27" },
        { "USDC: Exch. Rate:2e-3, Cash(51e18) + Borrows(2.0e18) - Reserves(0.5e18) / Tokens(2.5e10)", "2e15", "2.5e10", "52e6", "5e6", "1.5e6", "2.22e15" },
    };

    [Theory]
    [MemberData(nameof(ExchangeRateRows))]
    public void ExchangeRate_scen(string test, string initial, string supply, string cash, string borrows, string reserves, string expected)
    {
        var market = new CompoundV2Market("cX", 18, 8, U(initial), U("0.5e18"), U("1e18"), U("1e18"))
        {
            TotalSupply = U(supply),
            Cash = U(cash),
            TotalBorrows = U(borrows),
            TotalReserves = U(reserves),
        };
        market.ExchangeRateMantissa.Should().Be(U(expected), test);
    }

    // ---- BorrowBalance.scen: NewBorrow borrowAmount:1e18 borrowRate:0.000005, then FastForward ----
    private static readonly CompoundV2FixedRateModel s_rate5 = new(U("0.000005e18"));

    private static CompoundV2Market BatAfterBorrow() =>
        new CompoundV2Market("cBAT", 18, 8, U("2e27"), U("0.5e18"), U("1e18"), U("1e18"))
        {
            Cash = U("9e18"),
            TotalBorrows = U("1e18"),
            InterestRateModel = s_rate5,
        };

    private static readonly CompoundV2AccountMarket s_geoffBorrow = new("cBAT", UInt256.Zero, U("1e18"), U("1e18"));

    [Fact]
    public void BorrowBalance_scen_after_300000_blocks()
    {
        // simpleInterestFactor = 5e12 * 300000 = 1.5e18; borrowIndex = 1.5e18 * 1e18 / 1e18 + 1e18 = 2.5e18;
        // "1e18 * (1 + 300000 * 0.000005)" = 2.5e18.
        CompoundV2Market market = BatAfterBorrow().AccrueInterest(300_000);
        CompoundV2Liquidation.BorrowBalanceStored(market, s_geoffBorrow).Should().Be(U("2.5e18"));
        market.TotalBorrows.Should().Be(U("2.5e18"));
        market.AccrualBlockNumber.Should().Be(300_000UL);
    }

    [Fact]
    public void BorrowBalance_scen_after_300000_blocks_and_then_600000_blocks()
    {
        // Second accrual: 5e12 * 600000 = 3e18; index = 3e18 * 2.5e18 / 1e18 + 2.5e18 = 10e18.
        CompoundV2Market market = BatAfterBorrow().AccrueInterest(300_000).AccrueInterest(900_000);
        CompoundV2Liquidation.BorrowBalanceStored(market, s_geoffBorrow).Should().Be(U("10e18"));
        market.TotalBorrows.Should().Be(U("10e18"));
    }

    [Fact]
    public void BorrowBalance_scen_after_accrual_then_changed_interest_rate_and_two_borrowers()
    {
        // _setInterestRateModel accrues first: index 2.5e18 at block 300000, then the rate is 0.000004.
        CompoundV2Market market = BatAfterBorrow().AccrueInterest(300_000) with { InterestRateModel = new CompoundV2FixedRateModel(U("0.000004e18")) };
        CompoundV2Liquidation.BorrowBalanceStored(market, s_geoffBorrow).Should().Be(U("2.5e18"));

        // "Total Borrow Balance with Two Borrowers": Torrey borrows 5e18 now (snapshot at index 2.5e18).
        var torrey = new CompoundV2AccountMarket("cBAT", UInt256.Zero, U("5e18"), market.BorrowIndex);
        market = market with { TotalBorrows = market.TotalBorrows + U("5e18"), Cash = market.Cash - U("5e18") };

        // 4e12 * 800000 = 3.2e18; index = 3.2e18 * 2.5e18 / 1e18 + 2.5e18 = 10.5e18;
        // Geoff 1e18 * 10.5e18 / 1e18 = 10.5e18; Torrey 5e18 * 10.5e18 / 2.5e18 = 21e18;
        // totalBorrows 7.5e18 + 3.2e18 * 7.5e18 / 1e18 = 31.5e18.
        market = market.AccrueInterest(1_100_000);
        CompoundV2Liquidation.BorrowBalanceStored(market, s_geoffBorrow).Should().Be(U("10.5e18"));
        CompoundV2Liquidation.BorrowBalanceStored(market, torrey).Should().Be(U("21e18"));
        market.TotalBorrows.Should().Be(U("31.5e18"));
    }

    // ---- InKindLiquidation.scen: InKindBorrow borrowAmount:1e18 borrowRate:0.000005 ----
    // cBAT: initial rate 2e9 (2e27), price 1.0, CF 0.5; Geoff mints 100e18 -> 50e9 cBAT and borrows 1e18 at block 0:
    // cash 99e18, borrows 1e18. PricedComptroller close factor 0.1; incentive 1.1.
    private static CompoundV2Comptroller InKind(string closeFactor = "0.1e18", string incentive = "1.1e18") =>
        new(U(closeFactor), U(incentive), CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa,
        [
            new CompoundV2Market("cBAT", 18, 8, U("2e27"), U("0.5e18"), U("1e18"), U("1e18"))
            {
                TotalSupply = U("50e9"),
                Cash = U("99e18"),
                TotalBorrows = U("1e18"),
                InterestRateModel = s_rate5,
            },
        ]);

    private static readonly CompoundV2Account s_geoff = new("Geoff", [new CompoundV2AccountMarket("cBAT", U("50e9"), U("1e18"), U("1e18"))]);

    private static BigInteger Net(CompoundV2AccountLiquidity liquidity) => (BigInteger)liquidity.Liquidity - liquidity.Shortfall;

    public static TheoryData<string, ulong, string, string, string, string, CompoundV2LiquidationError, string> InKindRows => new()
    {
        // test, blocks, closeFactor, incentive, repay, borrow balance after accrual (Assert) -> error, liquidity before (Assert)
        // 19,600,000 blocks: index 1 + 98 = 99e18; rate (99e18 + 99e18) * 1e18 / 50e9 = 3.96e27;
        // collateral mul_(mul_(0.5e18, 3.96e27), 1e18) * 50e9 / 1e18 = 99e18 = borrow: liquidity exactly 0.
        { "Insufficient in-kind shortfall", 19_600_000, "0.1e18", "1.1e18", "10e18", "99e18", CompoundV2LiquidationError.InsufficientShortfall, "0e18" },
        // 20,000,000 blocks: borrow 101e18, rate 200e18 * 1e18 / 50e9 = 4e27, collateral 100e18: -1e18.
        // maxClose = 0.1 * 101e18 = 10.1e18 < 20e18: TOO_MUCH_REPAY (LiquidateComptrollerRejection 17).
        { "Liqidate in-kind beyond max close", 20_000_000, "0.1e18", "1.1e18", "20e18", "101e18", CompoundV2LiquidationError.TooMuchRepay, "-1e18" },
        // 200,000,000 blocks, close factor 0.9, incentive 1.5, CF set to 0 after accrual: borrow 1001e18, liquidity -1001e18;
        // rate (99e18 + 1001e18) * 1e18 / 50e9 = 2.2e28; ratio = 1.5e18 * 1e18 / 2.2e28 = 68181818;
        // seize = 68181818 * 900e18 / 1e18 = 61363636200 > 50e9: LIQUIDATE_SEIZE_TOO_MUCH.
        { "When there's insufficient collateral", 200_000_000, "0.9e18", "1.5e18", "900e18", "1001e18", CompoundV2LiquidationError.LiquidateSeizeTooMuch, "-1001e18" },
    };

    [Theory]
    [MemberData(nameof(InKindRows))]
    public void InKindLiquidation_scen_rejections(string test, ulong blocks, string closeFactor, string incentive, string repay, string borrowBalance, CompoundV2LiquidationError error, string liquidity)
    {
        CompoundV2Comptroller comptroller = InKind(closeFactor, incentive);
        CompoundV2Market accrued = comptroller.GetMarket("cBAT").AccrueInterest(blocks);
        if (test == "When there's insufficient collateral")
        {
            accrued = accrued with { CollateralFactorMantissa = UInt256.Zero };
        }

        comptroller = comptroller.WithMarket(accrued);
        CompoundV2Liquidation.BorrowBalanceStored(accrued, s_geoff.GetPosition("cBAT")).Should().Be(U(borrowBalance), test);
        accrued.TotalBorrows.Should().Be(U(borrowBalance));
        Net(CompoundV2Liquidation.GetAccountLiquidity(comptroller, s_geoff)).Should().Be(Big(liquidity));

        CompoundV2LiquidationResult result = CompoundV2Liquidation.LiquidateBorrow(comptroller, s_geoff, "cBAT", "cBAT", U(repay), blocks);
        result.Error.Should().Be(error);
        result.Comptroller.Should().BeSameAs(comptroller, "a rejected liquidation reverts, accrual included");
    }

    [Fact]
    public void InKindLiquidation_scen_when_price_oracle_for_collateral_token_is_zero()
    {
        // After 20,000,000 blocks the account is short 1e18; SetPrice cBAT 0 -> LiquidateComptrollerRejection 13.
        CompoundV2Comptroller comptroller = InKind();
        comptroller = comptroller.WithMarket(comptroller.GetMarket("cBAT").AccrueInterest(20_000_000) with { UnderlyingPriceMantissa = UInt256.Zero });
        CompoundV2Liquidation.LiquidateBorrow(comptroller, s_geoff, "cBAT", "cBAT", U("2e18"), 20_000_000).Error.Should().Be(CompoundV2LiquidationError.PriceError);
    }

    [Fact]
    public void InKindLiquidation_scen_proper_in_kind_liquidation()
    {
        // "Liquidate Torrey -> Geoff 2e18 cBAT Seizing cBAT" at block 20,000,000, accruing inside the call.
        // Before: borrow 101e18, rate 4e27 (Assert ExchangeRate 4e9), liquidity -1e18, maxClose 10.1e18.
        // ratio = mul_(1.1e18, 1e18) * 1e18 / mul_(1e18, 4e27) = 1.1e36 / 4e27 = 2.75e8; seize = 2.75e8 * 2e18 / 1e18 = 0.55e9.
        // protocol 0.55e9 * 0.028 = 1.54e7; Torrey 0.5346e9; Geoff 50e9 - 0.55e9 = 49.45e9.
        // reserves += 4e27 * 1.54e7 / 1e18 = 0.0616e18; supply 50e9 - 1.54e7; cash 99e18 + 2e18 = 101e18; borrows 99e18;
        // rate after (101e18 + 99e18 - 0.0616e18) * 1e18 / 49.9846e9 = 4e27 (Assert ExchangeRate 4e9);
        // liquidity after: mul_(mul_(0.5e18, 4e27), 1e18) * 49.45e9 / 1e18 = 98.9e18 against 99e18: -0.1e18.
        CompoundV2LiquidationResult result = CompoundV2Liquidation.LiquidateBorrow(InKind(), s_geoff, "cBAT", "cBAT", U("2e18"), 20_000_000);

        result.Succeeded.Should().BeTrue();
        Net(result.LiquidityBefore).Should().Be(Big("-1e18"));
        result.BorrowBalance.Should().Be(U("101e18"));
        result.MaxClose.Should().Be(U("10.1e18"));
        result.Seize.Should().Be(new CompoundV2SeizeSplit(U("0.55e9"), U("0.0154e9"), U("0.5346e9"), U("0.0616e18")));
        result.Borrower.GetPosition("cBAT").CTokenBalance.Should().Be(U("49.45e9"));
        CompoundV2Market after = result.Comptroller.GetMarket("cBAT");
        CompoundV2Liquidation.BorrowBalanceStored(after, result.Borrower.GetPosition("cBAT")).Should().Be(U("99e18"));
        after.Cash.Should().Be(U("101e18"));
        after.TotalBorrows.Should().Be(U("99e18"));
        after.ExchangeRateMantissa.Should().Be(U("4e27"));
        after.AccrualBlockNumber.Should().Be(20_000_000UL);
        Net(CompoundV2Liquidation.GetAccountLiquidity(result.Comptroller, result.Borrower)).Should().Be(Big("-0.1e18"));
    }

    [Fact]
    public void InKindLiquidation_scen_liquidate_exactly_zero()
    {
        FluentActions.Invoking(() => CompoundV2Liquidation.LiquidateBorrow(InKind(), s_geoff, "cBAT", "cBAT", UInt256.Zero, 20_000_000))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("repayAmount", "LiquidateCloseAmountIsZero");
    }
}

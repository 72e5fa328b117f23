using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Compound v2 interest accrual and rate models (compound-protocol commit a3214f6: <c>CToken.accrueInterest</c>,
/// <c>exchangeRateStoredInternal</c>, <c>WhitePaperInterestRateModel</c>, <c>JumpRateModel</c>,
/// <c>BaseJumpRateModelV2</c>): the protocol's own tests (<c>tests/Tokens/accrueInterestTest.js</c>,
/// <c>tests/Models/InterestRateModelTest.js</c>), hand derivations, and properties.
/// </summary>
public sealed class CompoundV2AccrualTests
{
    private const int Cases = 300;

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(0, 1_000_000), 8).ToArbitrary();

    private static Property Run(Action<int[]> property) => Prop.ForAll(s_cases, property);

    private static CompoundV2Market Market(int[] v) =>
        new CompoundV2Market("cX", 18, 8, U("2e26"), U("0.5e18"), U("1e18"), ExponentialNoError.ExpScale + ((ulong)v[0] * UInt256.Pow10(12)))
        {
            Cash = ((ulong)v[1] + 1) * UInt256.Pow10(15),
            TotalBorrows = (ulong)v[2] * UInt256.Pow10(15),
            TotalReserves = (ulong)(v[3] % 1000) * UInt256.Pow10(12),
            TotalSupply = (ulong)v[4] * UInt256.Pow10(8),
            ReserveFactorMantissa = (ulong)(v[5] % 101) * UInt256.Pow10(16),
            AccrualBlockNumber = (ulong)v[6],
            InterestRateModel = CompoundV2JumpRateModel.FromYearly(U("0.02e18"), U("0.2e18"), U("2e18"), U("0.8e18")),
        };

    [Fact]
    public void AccrueInterestTest_js_succeeds_and_saves_updated_values()
    {
        // accrueInterestTest.js: borrowRate .000001 (1e12), totalBorrows 1e22, totalReserves 1e20, reserveFactor 1e17,
        // borrowIndex 1e18, one block after 2e7. Expected (the test's own formulas):
        // borrowIndex = 1e18 + 1e18 * 1e-6 = 1.000001e18; totalBorrows = 1e22 + 1e22 * 1e-6 = 1e22 + 1e16;
        // totalReserves = 1e20 + 1e16 * 1e17 / 1e18 = 1e20 + 1e15; accrualBlockNumber 2e7 + 1.
        var market = new CompoundV2Market("cOMG", 18, 8, U("1e18"), UInt256.Zero, U("1e18"), U("1e18"))
        {
            TotalBorrows = U("1e22"),
            TotalReserves = U("1e20"),
            ReserveFactorMantissa = U("1e17"),
            AccrualBlockNumber = 20_000_000,
            InterestRateModel = new CompoundV2FixedRateModel(U("0.000001e18")),
        };

        CompoundV2Market accrued = market.AccrueInterest(20_000_001);

        accrued.BorrowIndex.Should().Be(U("1.000001e18"));
        accrued.TotalBorrows.Should().Be(U("1e22") + U("1e16"));
        accrued.TotalReserves.Should().Be(U("1e20") + U("1e15"));
        accrued.AccrualBlockNumber.Should().Be(20_000_001UL);
        accrued.Cash.Should().Be(UInt256.Zero);
    }

    [Fact]
    public void AccrueInterestTest_js_reverts_if_the_interest_rate_is_absurdly_high()
    {
        // getBorrowRateMaxMantissa is etherMantissa(0.000005); a rate of 0.001e-2 (1e13) per block reverts.
        CompoundV2Market.BorrowRateMaxMantissa.Should().Be(U("0.000005e18"));
        var market = new CompoundV2Market("cOMG", 18, 8, U("1e18"), UInt256.Zero, U("1e18"), U("1e18"))
        {
            InterestRateModel = new CompoundV2FixedRateModel(U("0.00001e18")),
            AccrualBlockNumber = 20_000_000,
        };
        FluentActions.Invoking(() => market.AccrueInterest(20_000_001)).Should().Throw<InvalidOperationException>().WithMessage("*absurdly high*");
        market.AccrueInterest(20_000_000).Should().BeSameAs(market, "no block elapsed: the contract returns before reading the rate");
    }

    [Fact]
    public void Accrual_refuses_a_block_in_the_past_and_a_missing_rate_model()
    {
        var market = new CompoundV2Market("cX", 18, 8, U("1e18"), UInt256.Zero, U("1e18"), U("1e18")) { AccrualBlockNumber = 100 };
        FluentActions.Invoking(() => market.AccrueInterest(99)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("blockNumber");
        FluentActions.Invoking(() => market.AccrueInterest(101)).Should().Throw<InvalidOperationException>().WithMessage("*InterestRateModel*");
        market.AccrueInterest(100).Should().BeSameAs(market);
    }

    [Fact]
    public void White_paper_model_by_hand()
    {
        // FromYearly(0.05e18, 0.45e18): base = 5e16 / 2102400 = 23782343987; multiplier = 4.5e17 / 2102400 = 214041095890.
        // cash 500, borrows 100: utilization = 100e18 / 600 = 166666666666666666;
        // rate = 166666666666666666 * 214041095890 / 1e18 + 23782343987 = 35673515981 + 23782343987 = 59455859968.
        var model = CompoundV2WhitePaperRateModel.FromYearly(U("0.05e18"), U("0.45e18"));
        model.Should().Be(new CompoundV2WhitePaperRateModel(U("23782343987"), U("214041095890")));
        model.GetBorrowRate(U("500"), U("100"), UInt256.Zero).Should().Be(U("59455859968"));
        model.GetBorrowRate(U("500"), UInt256.Zero, UInt256.Zero).Should().Be(U("23782343987"), "no borrows: utilization 0");
    }

    [Fact]
    public void Jump_rate_v2_scales_the_multiplier_by_the_kink()
    {
        // BaseJumpRateModelV2: multiplierPerBlock = 0.2e18 * 1e18 / (2102400 * 0.8e18) = 118911719939 (truncated).
        var model = CompoundV2JumpRateModel.FromYearlyV2(U("0.02e18"), U("0.2e18"), U("2e18"), U("0.8e18"));
        model.MultiplierPerBlock.Should().Be(U("118911719939"));
        model.BaseRatePerBlock.Should().Be(U("0.02e18") / CompoundV2InterestRateModel.BlocksPerYear);
        FluentActions.Invoking(() => CompoundV2JumpRateModel.FromYearlyV2(U("1"), U("1"), U("1"), UInt256.Zero))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("kink");
    }

    public static TheoryData<int, int, int, int, int, decimal> JumpRatePoints => new()
    {
        // InterestRateModelTest.js "jump rate tests / chosen points": jump, kink, base, slope (yearly %), util % -> yearly %
        { 100, 90, 10, 20, 0, 10m }, { 100, 90, 10, 20, 10, 12m }, { 100, 90, 10, 20, 89, 27.8m },
        { 100, 90, 10, 20, 90, 28m }, { 100, 90, 10, 20, 91, 29m }, { 100, 90, 10, 20, 100, 38m },
        { 20, 90, 10, 20, 0, 10m }, { 20, 90, 10, 20, 10, 12m }, { 20, 90, 10, 20, 100, 30m },
        { 0, 90, 10, 20, 0, 10m }, { 0, 90, 10, 20, 10, 12m }, { 0, 90, 10, 20, 100, 28m },
        { 0, 110, 10, 20, 0, 10m }, { 0, 110, 10, 20, 10, 12m }, { 0, 110, 10, 20, 100, 30m },
        { 2000, 0, 10, 20, 0, 10m }, { 2000, 0, 10, 20, 10, 210m }, { 2000, 0, 10, 20, 100, 2010m },
    };

    [Theory]
    [MemberData(nameof(JumpRatePoints))]
    public void InterestRateModelTest_js_jump_rate_chosen_points(int jump, int kink, int baseRate, int slope, int utilPercent, decimal expectedYearlyPercent)
    {
        UInt256 percent = UInt256.Pow10(16);
        var model = CompoundV2JumpRateModel.FromYearly((ulong)baseRate * percent, (ulong)slope * percent, (ulong)jump * percent, (ulong)kink * percent);

        // The test's makeUtilization: borrows = reserves = 1e18, cash = 1e36 / util (all zero for 0%).
        UInt256 borrows = utilPercent == 0 ? UInt256.Zero : U("1e18");
        UInt256 cash = utilPercent == 0 ? UInt256.Zero : U("1e36") / ((ulong)utilPercent * percent);
        UInt256 rate = model.GetBorrowRate(cash, borrows, borrows);

        // actual = rate / 1e16 * blocksPerYear, within 1e-2 as the test asserts.
        decimal actual = (decimal)(BigInteger)(rate * CompoundV2InterestRateModel.BlocksPerYear) / 1e16m;
        actual.Should().BeApproximately(expectedYearlyPercent, 0.01m);
    }

    [CiProperty(MaxTest = Cases)]
    public Property Accrual_with_zero_blocks_elapsed_is_the_identity() => Run(v =>
    {
        CompoundV2Market market = Market(v);
        market.AccrueInterest(market.AccrualBlockNumber).Should().BeSameAs(market);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Borrow_index_borrows_and_reserves_never_decrease_and_follow_the_simple_interest_formula() => Run(v =>
    {
        CompoundV2Market market = Market(v);
        ulong delta = (ulong)v[7] % 5000;
        CompoundV2Market accrued = market.AccrueInterest(market.AccrualBlockNumber + delta);

        accrued.BorrowIndex.Should().BeGreaterThanOrEqualTo(market.BorrowIndex);
        accrued.TotalBorrows.Should().BeGreaterThanOrEqualTo(market.TotalBorrows);
        accrued.TotalReserves.Should().BeGreaterThanOrEqualTo(market.TotalReserves);
        accrued.Cash.Should().Be(market.Cash);
        accrued.TotalSupply.Should().Be(market.TotalSupply);

        // CToken.accrueInterest with integers: factor = rate * delta; interest = factor * borrows / 1e18 (floor).
        BigInteger e18 = BigInteger.Pow(10, 18);
        BigInteger factor = (BigInteger)market.InterestRateModel!.GetBorrowRate(market.Cash, market.TotalBorrows, market.TotalReserves) * delta;
        BigInteger interest = factor * market.TotalBorrows / e18;
        ((BigInteger)accrued.TotalBorrows).Should().Be(market.TotalBorrows + interest);
        ((BigInteger)accrued.TotalReserves).Should().Be(((BigInteger)market.ReserveFactorMantissa * interest / e18) + market.TotalReserves);
        ((BigInteger)accrued.BorrowIndex).Should().Be((factor * market.BorrowIndex / e18) + market.BorrowIndex);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Exchange_rate_is_cash_plus_borrows_less_reserves_over_supply_truncated() => Run(v =>
    {
        CompoundV2Market market = Market(v);
        BigInteger expected = market.TotalSupply.IsZero
            ? market.InitialExchangeRateMantissa
            : ((BigInteger)market.Cash + market.TotalBorrows - market.TotalReserves) * BigInteger.Pow(10, 18) / market.TotalSupply;
        ((BigInteger)market.ExchangeRateMantissa).Should().Be(expected);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Exchange_rate_never_falls_with_accrual_when_reserves_take_at_most_the_interest() => Run(v =>
    {
        // Interest raises borrows by I and reserves by at most I, so cash + borrows - reserves never falls.
        CompoundV2Market market = Market(v);
        market.AccrueInterest(market.AccrualBlockNumber + ((ulong)v[7] % 5000)).ExchangeRateMantissa.Should().BeGreaterThanOrEqualTo(market.ExchangeRateMantissa);
    });
}

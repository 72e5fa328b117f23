using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Properties of Compound v2 liquidation over random markets and accounts: seized tokens never exceed the
/// borrower's balance (or the liquidation is refused), a liquidation never raises the debt, the protocol and
/// liquidator shares add up to the seizure, liquidity is monotone in prices.
/// </summary>
public sealed class CompoundV2PropertyTests
{
    private const int Cases = 300;

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(1, 1_000_000), 10).ToArbitrary();

    private static readonly UInt256 s_e12 = UInt256.Pow10(12);
    private static readonly UInt256 s_e15 = UInt256.Pow10(15);
    private static readonly UInt256 s_e16 = UInt256.Pow10(16);

    private static Property Run(Action<int[]> property) => Prop.ForAll(s_cases, property);

    /// <summary>A borrowed market cDAI and a collateral market cETH; the account supplies cETH and borrows cDAI.</summary>
    private static (CompoundV2Comptroller Comptroller, CompoundV2Account Account) Scenario(int[] v, ulong collateralPriceBump = 0, ulong borrowPriceBump = 0)
    {
        var dai = new CompoundV2Market("cDAI", 18, 8, (ulong)v[0] * s_e12, (ulong)(v[1] % 90) * s_e16, ((ulong)v[2] + borrowPriceBump) * s_e15, ExponentialNoError.ExpScale + ((ulong)(v[0] % 1000) * s_e15))
        {
            TotalBorrows = UInt256.Pow10(40),
        };
        // Cash v[3] * 1e34 makes the stored rate v[3] * 1e34 * 1e18 / 1e40 = v[3] * 1e12, the initial rate.
        var eth = new CompoundV2Market("cETH", 18, 8, (ulong)v[3] * s_e12, (ulong)(v[4] % 90) * s_e16, ((ulong)v[5] + collateralPriceBump) * s_e15, ExponentialNoError.ExpScale)
        {
            TotalSupply = UInt256.Pow10(40),
            Cash = (ulong)v[3] * UInt256.Pow10(34),
        };
        var comptroller = new CompoundV2Comptroller(
            (ulong)((v[6] % 100) + 1) * s_e16,
            ExponentialNoError.ExpScale + ((ulong)(v[7] % 20) * s_e16),
            CompoundV2Comptroller.DefaultProtocolSeizeShareMantissa,
            [dai, eth]);
        var account = new CompoundV2Account("borrower", [
            new CompoundV2AccountMarket("cETH", (ulong)v[8] * s_e12, UInt256.Zero, UInt256.Zero),
            new CompoundV2AccountMarket("cDAI", UInt256.Zero, (ulong)v[9] * s_e12, ExponentialNoError.ExpScale),
        ]);
        return (comptroller, account);
    }

    private static UInt256 Repay(int[] v, UInt256 borrowBalance) =>
        (borrowBalance * (ulong)(v[1] % 101) / 100UL) + UInt256.One;

    private static BigInteger Net(CompoundV2AccountLiquidity liquidity) => (BigInteger)liquidity.Liquidity - liquidity.Shortfall;

    [CiProperty(MaxTest = Cases)]
    public Property Seized_tokens_never_exceed_the_borrowers_balance_and_the_debt_never_rises() => Run(v =>
    {
        (CompoundV2Comptroller comptroller, CompoundV2Account account) = Scenario(v);
        UInt256 balanceBefore = account.GetPosition("cETH").CTokenBalance;
        UInt256 debtBefore = CompoundV2Liquidation.BorrowBalanceStored(comptroller.GetMarket("cDAI"), account.GetPosition("cDAI"));
        CompoundV2LiquidationResult result = CompoundV2Liquidation.LiquidateBorrow(comptroller, account, "cDAI", "cETH", Repay(v, debtBefore));

        UInt256 debtAfter = CompoundV2Liquidation.BorrowBalanceStored(result.Comptroller.GetMarket("cDAI"), result.Borrower.GetPosition("cDAI"));
        debtAfter.Should().BeLessThanOrEqualTo(debtBefore);
        if (result.Succeeded)
        {
            result.Seize.SeizeTokens.Should().BeLessThanOrEqualTo(balanceBefore);
            result.Borrower.GetPosition("cETH").CTokenBalance.Should().Be(balanceBefore - result.Seize.SeizeTokens);
            debtAfter.Should().Be(debtBefore - result.ActualRepayAmount);
            result.ActualRepayAmount.Should().BeLessThanOrEqualTo(result.MaxClose);
            result.LiquidityBefore.HasShortfall.Should().BeTrue();
        }
        else
        {
            result.Borrower.Should().BeSameAs(account);
            result.Comptroller.Should().BeSameAs(comptroller);
            if (result.Error == CompoundV2LiquidationError.LiquidateSeizeTooMuch)
            {
                result.Seize.SeizeTokens.Should().BeGreaterThan(balanceBefore);
            }
        }
    });

    [CiProperty(MaxTest = Cases)]
    public Property Protocol_share_plus_liquidator_share_is_the_seizure() => Run(v =>
    {
        UInt256 seizeTokens = (UInt256)(ulong)v[0] * (ulong)v[1] * (ulong)v[2] * (ulong)v[3];
        UInt256 share = (ulong)(v[4] % 1001) * UInt256.Pow10(15);
        CompoundV2SeizeSplit split = CompoundV2Liquidation.SplitSeizeTokens(seizeTokens, (ulong)v[5] * s_e12, share);
        (split.ProtocolSeizeTokens + split.LiquidatorSeizeTokens).Should().Be(seizeTokens);
        ((BigInteger)split.ProtocolSeizeTokens).Should().Be((BigInteger)seizeTokens * (BigInteger)share / BigInteger.Pow(10, 18));
    });

    [CiProperty(MaxTest = Cases)]
    public Property Liquidity_rises_with_the_collateral_price_and_falls_with_the_borrowed_price() => Run(v =>
    {
        ulong bump = (ulong)v[(v[0] % 10)];
        (CompoundV2Comptroller comptroller, CompoundV2Account account) = Scenario(v);
        BigInteger net = Net(CompoundV2Liquidation.GetAccountLiquidity(comptroller, account));
        (CompoundV2Comptroller richer, _) = Scenario(v, collateralPriceBump: bump);
        (CompoundV2Comptroller poorer, _) = Scenario(v, borrowPriceBump: bump);
        Net(CompoundV2Liquidation.GetAccountLiquidity(richer, account)).Should().BeGreaterThanOrEqualTo(net);
        Net(CompoundV2Liquidation.GetAccountLiquidity(poorer, account)).Should().BeLessThanOrEqualTo(net);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Liquidatable_iff_shortfall() => Run(v =>
    {
        (CompoundV2Comptroller comptroller, CompoundV2Account account) = Scenario(v);
        CompoundV2AccountLiquidity liquidity = CompoundV2Liquidation.GetAccountLiquidity(comptroller, account);
        (liquidity.Liquidity.IsZero || liquidity.Shortfall.IsZero).Should().BeTrue();
        CompoundV2LiquidationResult result = CompoundV2Liquidation.LiquidateBorrow(comptroller, account, "cDAI", "cETH", UInt256.One);
        (result.Error == CompoundV2LiquidationError.InsufficientShortfall).Should().Be(!liquidity.HasShortfall);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Effects_in_an_unlisted_market_leave_the_liquidity_unchanged() => Run(v =>
    {
        (CompoundV2Comptroller comptroller, CompoundV2Account account) = Scenario(v);
        CompoundV2Liquidation.GetHypotheticalAccountLiquidity(comptroller, account, "cREP", (ulong)v[0] * s_e16, (ulong)v[1] * s_e16)
            .Should().Be(CompoundV2Liquidation.GetAccountLiquidity(comptroller, account));
    });

    [Fact]
    public void The_scenarios_cover_every_outcome()
    {
        // Guards the properties above against vacuity: the generator's cases reach each branch.
        var random = new Random(7);
        var outcomes = new HashSet<CompoundV2LiquidationError>();
        for (int i = 0; i < 500; i++)
        {
            int[] v = Enumerable.Range(0, 10).Select(_ => random.Next(1, 1_000_001)).ToArray();
            (CompoundV2Comptroller comptroller, CompoundV2Account account) = Scenario(v);
            if (i % 50 == 0)
            {
                comptroller = comptroller.WithMarket(comptroller.GetMarket("cETH") with { UnderlyingPriceMantissa = UInt256.Zero });
            }

            UInt256 debt = CompoundV2Liquidation.BorrowBalanceStored(comptroller.GetMarket("cDAI"), account.GetPosition("cDAI"));
            outcomes.Add(CompoundV2Liquidation.LiquidateBorrow(comptroller, account, "cDAI", "cETH", Repay(v, debt)).Error);
        }

        outcomes.Should().BeEquivalentTo(Enum.GetValues<CompoundV2LiquidationError>());
    }
}

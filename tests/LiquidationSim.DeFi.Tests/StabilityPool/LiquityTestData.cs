using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.StabilityPool;

namespace LiquidationSim.DeFi.Tests.StabilityPool;

/// <summary>Helpers that set up systems the way liquity/dev's JavaScript tests do (bf638ecb, <c>packages/contracts/utils/testHelpers.js</c>).</summary>
internal static class LiquityTestData
{
    public static readonly UInt256 E18 = UInt256.Pow10(18);

    /// <summary>The test price feed's default, 200 USD (PriceFeedTestnet).</summary>
    public static readonly UInt256 Price200 = 200UL * E18;

    public static readonly UInt256 Price100 = 100UL * E18;

    public static UInt256 Ether(ulong whole) => whole * E18;

    public static UInt256 Wei(string digits) => UInt256.Parse(digits);

    /// <summary>
    /// The debt a trove ends up with when a test opens it with <c>getOpenTroveLUSDAmount(totalDebt)</c> on a fresh system
    /// (base rate 0, so the borrowing rate is the 0.5 % floor): the LUSD requested is
    /// <c>(totalDebt − 200e18) · 1e18 / 1.005e18</c>, the fee <c>0.005e18 · requested / 1e18</c>, and the trove's debt is
    /// requested + fee + 200e18 — a wei or so under <c>totalDebt</c> because of the two floors.
    /// </summary>
    public static UInt256 OpenTroveDebt(UInt256 totalDebt)
    {
        UInt256 reserve = 200UL * E18;
        UInt256 requested = (totalDebt - reserve) * E18 / (E18 + (5UL * UInt256.Pow10(15)));
        UInt256 fee = 5UL * UInt256.Pow10(15) * requested / E18;
        return requested + fee + reserve;
    }

    /// <summary>The whale of the withdrawal tests: <paramref name="eth"/> ETH against a total debt of as many LUSD, opened at 200.</summary>
    public static LiquitySystem WithWhale(ulong eth) =>
        LiquitySystem.Create(LiquityParameters.V1).OpenTrove("whale", Ether(eth), OpenTroveDebt(Ether(eth)), Price200);

    public static LiquitySystem Provide(this LiquitySystem system, string depositor, UInt256 amount) =>
        system.ProvideToStabilityPool(depositor, amount).System;
}

/// <summary>Opening troves the way <c>th.openTrove({ ICR, extraLUSDAmount })</c> does in liquity/dev's tests.</summary>
internal static class LiquityTestTroves
{
    /// <summary>
    /// <c>testHelpers.openTrove</c> on a fresh system at price 200: requested LUSD = <c>getNetBorrowingAmount(MIN_NET_DEBT)
    /// + 1 + extra</c> = ⌊1800e18 · 1e18 / 1.005e18⌋ + 1 + extra; total debt = requested + ⌊0.005 · requested⌋ + 200e18;
    /// collateral = ⌊ICR · totalDebt / price⌋.
    /// </summary>
    public static (LiquitySystem System, UInt256 Collateral, UInt256 TotalDebt) OpenAtIcr(this LiquitySystem system, string owner, ulong icrPercent, UInt256 extraLusd)
    {
        UInt256 e18 = LiquityTestData.E18;
        UInt256 halfPercent = 5UL * UInt256.Pow10(15);
        UInt256 requested = (1_800UL * e18 * e18 / (e18 + halfPercent)) + UInt256.One + extraLusd;
        UInt256 totalDebt = requested + (halfPercent * requested / e18) + (200UL * e18);
        UInt256 collateral = icrPercent * UInt256.Pow10(16) * totalDebt / LiquityTestData.Price200;
        return (system.OpenTrove(owner, collateral, totalDebt, LiquityTestData.Price200), collateral, totalDebt);
    }
}

using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.Tests.Support;

/// <summary>
/// Random Aave markets and accounts for the properties: four reserves R0–R3 with decimals 0–18, prices from 1e-8 to
/// 1e5 USD (8-decimal base units 1 to 1e13), thresholds including 0, bonuses that respect LT × bonus ≤ 100%, fees
/// 0–100% and indices from 1 to about 1.5 ray; accounts with random scaled supplies and debts (often large enough
/// to be liquidatable), some supplies not enabled. Every version is drawn.
/// </summary>
internal static class AaveGen
{
    public sealed record Case(AaveMarket Market, AaveUserAccount Account, int Collateral, int Debt, UInt256 DebtToCover, int PriceReserve, UInt256 HigherPrice)
    {
        public override string ToString() =>
            $"{Market.Rules.Version}; reserves [{string.Join("; ", Market.Reserves.Select(r => $"{r.Symbol} dec {r.Decimals} px {r.Price} LT {r.LiquidationThreshold} bonus {r.LiquidationBonus} fee {r.LiquidationProtocolFee} li {r.LiquidityIndex} bi {r.VariableBorrowIndex}"))}]; " +
            $"positions [{string.Join("; ", Account.Positions.Select(p => $"{p.Symbol} c {p.ScaledCollateral} d {p.ScaledDebt} on {p.CollateralEnabled}"))}]; " +
            $"liquidate R{Collateral}/R{Debt} cover {DebtToCover}; price R{PriceReserve} → {HigherPrice}";
    }

    private static readonly int[] s_thresholds = [0, 5000, 7000, 8250, 9300];
    private static readonly int[] s_bonuses = [10050, 10500, 10750];
    private static readonly int[] s_fees = [0, 1000, 5000, 10_000];
    private static readonly int[] s_decimals = [0, 2, 6, 8, 18];

    /// <summary>A number of about <paramref name="maxDigits"/> decimal digits at most: mantissa × 10^k.</summary>
    private static Gen<UInt256> Magnitude(int maxDigits) =>
        from mantissa in Gen.Choose(1, 999_999)
        from exponent in Gen.Choose(0, Math.Max(0, maxDigits - 6))
        select (UInt256)(ulong)mantissa * UInt256.Pow10(exponent);

    private static Gen<AaveReserve> Reserve(int i) =>
        from decimals in Gen.Elements(s_decimals)
        from price in Magnitude(13)
        from threshold in Gen.Elements(s_thresholds)
        from bonus in Gen.Elements(s_bonuses)
        from fee in Gen.Elements(s_fees)
        from liquidity in Gen.Choose(0, 500_000)
        from borrow in Gen.Choose(0, 500_000)
        let okBonus = threshold == 0 ? 0 : PercentageMath.PercentMul((ulong)threshold, (ulong)bonus) <= PercentageMath.PercentageFactor ? bonus : 10_050
        select new AaveReserve($"R{i}", decimals, price, ltv: threshold * 9 / 10, threshold, okBonus, fee)
            .WithIndices(WadRayMath.Ray + (UInt256)(ulong)liquidity * UInt256.Pow10(21), WadRayMath.Ray + (UInt256)(ulong)borrow * UInt256.Pow10(21));

    /// <param name="oneSided">Whether each reserve is collateral or debt, not both (for the monotonicity properties).</param>
    public static Arbitrary<Case> Cases(bool oneSided) =>
        (from version in Gen.Elements(Enum.GetValues<AaveVersion>())
         from reserves in Gen.CollectToArray(Enumerable.Range(0, 4).Select(Reserve))
         from positions in Gen.CollectToArray(reserves.Select(r => Position(r, oneSided)))
         from collateral in Gen.Frequency((4, Gen.Elements(Held(positions, p => p.CollateralEnabled && !p.ScaledCollateral.IsZero))), (1, Gen.Choose(0, 3)))
         from debt in Gen.Frequency((4, Gen.Elements(Held(positions, p => !p.ScaledDebt.IsZero))), (1, Gen.Choose(0, 3)))
         from cover in Gen.Frequency((1, Gen.Constant(UInt256.MaxValue)), (3, Magnitude(24)))
         from priceReserve in Gen.Choose(0, 3)
         from rise in Gen.Frequency((1, Gen.Constant(UInt256.One)), (2, Magnitude(10)))
         let market = new AaveMarket(AaveRules.For(version), 8, reserves)
         select new Case(market, new AaveUserAccount(0, positions.Where(p => p.Symbol is not null)), collateral, debt, cover, priceReserve, reserves[priceReserve].Price + rise))
        .ToArbitrary();

    private static int[] Held(AavePosition[] positions, Func<AavePosition, bool> holds)
    {
        int[] held = [.. Enumerable.Range(0, positions.Length).Where(i => positions[i].Symbol is not null && holds(positions[i]))];
        return held.Length > 0 ? held : [0, 1, 2, 3];
    }

    private static Gen<AavePosition> Position(AaveReserve reserve, bool oneSided) =>
        from side in Gen.Choose(0, 3)
        from supplied in Magnitude(reserve.Decimals + 6)
        from borrowed in Magnitude(reserve.Decimals + 6)
        from enabled in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        select side switch
        {
            0 => default,
            1 => new AavePosition(reserve.Symbol, supplied, UInt256.Zero, enabled),
            2 => new AavePosition(reserve.Symbol, UInt256.Zero, borrowed, false),
            _ => oneSided ? new AavePosition(reserve.Symbol, supplied, UInt256.Zero, enabled) : new AavePosition(reserve.Symbol, supplied, borrowed, enabled),
        };
}

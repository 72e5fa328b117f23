using System.Runtime.CompilerServices;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// The health factor alone, in 64-bit limbs: the path <see cref="AaveAccountData.HealthFactorOf"/> takes when every
/// operand fits in 128 bits, which is every real account (a balance of 10^38 units would be needed to leave it).
/// </summary>
/// <remarks>
/// <para>
/// The same computation as <see cref="AaveAccountData.CalculateCore"/> with <c>withLtv: false</c>, step for step
/// (reference/defi.md §1.3, <c>GenericLogic.calculateUserAccountData</c>): each position's balance is
/// <c>rayMul(scaled, index)</c> in the version's rounding, its value <c>balance·price / 10^decimals</c> (debt rounded up
/// from v3.5), summed into total collateral, total debt and Σ value·LT. The difference is only where the numbers live:
/// the sums are kept in three 64-bit limbs (each term is below 2^142, so 2^64 positions could not overflow 192 bits),
/// no addition is checked per position, and each position's two products go through one out-of-line call with
/// <see cref="AaveFastMath.TryMulDivPow10To128"/> inlined in it, so nothing round-trips through 256-bit structs. The
/// last step (average threshold, <c>percentMul</c>, <c>wadDiv</c>) runs the general path's operations in the same
/// order: on hardware 128-by-64 divisions for totals below 2^64 (every real account), else through the same functions
/// as the general path, out of line.
/// </para>
/// <para>
/// When an operand (scaled balance, index, price, balance or value) reaches 2^128, or a reserve has more than 27
/// decimals, the scan gives up and the caller runs the general path, which also throws where the contract would
/// revert. An FsCheck property compares the two on random accounts, eMode categories and out-of-range operands.
/// </para>
/// </remarks>
internal static class AaveHealthFactorScan
{
    /// <summary>
    /// The health factor of <paramref name="positions"/> for a user in <paramref name="eMode"/>; false (and nothing
    /// computed) when an operand leaves the 128-bit range.
    /// </summary>
    /// <exception cref="ArgumentException">A position names a reserve the market does not list (as the general path).</exception>
    public static bool TryHealthFactor(AaveMarket market, int eMode, ReadOnlySpan<AavePosition> positions, string paramName, out UInt256 healthFactor)
    {
        var sums = new Sums(market);
        foreach (ref readonly AavePosition position in positions)
        {
            UInt256 collateral = position.ScaledCollateral;
            UInt256 debt = position.ScaledDebt;
            if ((collateral.U2 | collateral.U3 | debt.U2 | debt.U3) != 0)
            {
                healthFactor = default;
                return false;
            }

            int reserve = market.IndexOf(position.Symbol, paramName);
            if (!sums.TryAdd(market.Terms[reserve], eMode, position.CollateralEnabled, collateral.U0, collateral.U1, debt.U0, debt.U1))
            {
                healthFactor = default;
                return false;
            }
        }

        healthFactor = sums.HealthFactor();
        return true;
    }

    /// <summary>
    /// The health factor of one account of an <see cref="AaveAccountBook"/>: <paramref name="entries"/> are its
    /// positions with their reserves resolved and balances in 128 bits; false when a product leaves the 128-bit range.
    /// </summary>
    public static bool TryHealthFactor(AaveMarket market, int eMode, ReadOnlySpan<AaveBookEntry> entries, out UInt256 healthFactor)
    {
        var sums = new Sums(market);
        AaveReserveTerms[] terms = market.Terms;
        foreach (ref readonly AaveBookEntry entry in entries)
        {
            if (!sums.TryAdd(terms[entry.Reserve], eMode, entry.CollateralEnabled, entry.Collateral0, entry.Collateral1, entry.Debt0, entry.Debt1))
            {
                healthFactor = default;
                return false;
            }
        }

        healthFactor = sums.HealthFactor();
        return true;
    }

    /// <summary>The three running sums of an account, in 192-bit limbs, and the version's rounding.</summary>
    private struct Sums
    {
        private readonly bool _directional;
        private ulong _c0, _c1, _c2; // total collateral
        private ulong _t0, _t1, _t2; // Σ value · liquidation threshold
        private ulong _d0, _d1, _d2; // total debt

        public Sums(AaveMarket market)
        {
            _directional = market.Rules.DirectionalRounding;
        }

        /// <summary>Adds one position (scaled balances in two limbs each); false when an operand leaves 128 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryAdd(in AaveReserveTerms reserve, int eMode, bool collateralEnabled, ulong collateral0, ulong collateral1, ulong debt0, ulong debt1)
        {
            bool counts = collateralEnabled && reserve.Threshold != 0 && (collateral0 | collateral1) != 0;
            bool owes = (debt0 | debt1) != 0;
            if (!counts && !owes)
            {
                return true;
            }

            if (!reserve.Fits)
            {
                return false;
            }

            bool inEMode = eMode != 0 && reserve.EModeId == eMode;
            if (counts)
            {
                // balance = rayMul (half up) or rayMulFloor (v3.5+); value = floor(balance · price / 10^decimals).
                (ulong v0, ulong v1) = Value(reserve, collateral0, collateral1, debt: false, inEMode, _directional);
                if ((v0 & v1) == ulong.MaxValue)
                {
                    return false;
                }

                Add(ref _c0, ref _c1, ref _c2, v0, v1, 0);
                ulong threshold = unchecked((ulong)(inEMode ? reserve.EModeThreshold : reserve.Threshold)); // 0 to 10,000
                ulong h0 = AaveFastMath.MulHigh(v0, threshold);
                ulong w0 = unchecked(v0 * threshold);
                ulong h1 = AaveFastMath.MulHigh(v1, threshold);
                ulong w1 = unchecked(v1 * threshold);
                ulong w1Sum = unchecked(h0 + w1);
                Add(ref _t0, ref _t1, ref _t2, w0, w1Sum, unchecked(h1 + (w1Sum < h0 ? 1UL : 0UL)));
            }

            if (owes)
            {
                // balance = rayMul (half up) or rayMulCeil (v3.5+); value floor, or mulDivCeil from v3.5.
                (ulong v0, ulong v1) = Value(reserve, debt0, debt1, debt: true, inEMode, _directional);
                if ((v0 & v1) == ulong.MaxValue)
                {
                    return false;
                }

                Add(ref _d0, ref _d1, ref _d2, v0, v1, 0);
            }

            return true;
        }

        /// <summary>The health factor from the sums, with the general path's own last step.</summary>
        public readonly UInt256 HealthFactor()
        {
            if ((_d0 | _d1 | _d2) == 0)
            {
                return UInt256.MaxValue;
            }

            if ((_d1 | _d2 | _c1 | _c2 | _t2) == 0 && (!_directional || _t1 == 0))
            {
                return SmallTotals(_c0, new UInt128(_t1, _t0), _d0, _directional);
            }

            return LargeTotals(new UInt256(_c0, _c1, _c2, 0), new UInt256(_t0, _t1, _t2, 0), new UInt256(_d0, _d1, _d2, 0), _directional);
        }
    }

    /// <summary>
    /// The general last step, for totals past <see cref="SmallTotals"/>'s range: kept out of line, so the 256-bit
    /// temporaries do not enlarge (and zero) the scan's stack frame on every call.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static UInt256 LargeTotals(UInt256 totalCollateral, UInt256 thresholdSum, UInt256 totalDebt, bool directional)
    {
        if (directional)
        {
            return AaveFastMath.WadDiv(thresholdSum, totalDebt) / PercentageMath.PercentageFactor;
        }

        UInt256 averageThreshold = totalCollateral.IsZero ? UInt256.Zero : AaveFastMath.Divide(thresholdSum, totalCollateral);
        return AaveFastMath.WadDiv(AaveFastMath.PercentMul(totalCollateral, averageThreshold), totalDebt);
    }

    /// <summary>
    /// The last step for totals below 2^64 (debt, collateral) and 2^128 (Σ value·LT; from v3.5 below 2^64), every real
    /// account's: the same operations as the general last step, on hardware 128-by-64 divisions. Up to v3.4:
    /// <c>avg = Σ/collateral</c> (truncated, at most 10000), <c>percentMul(collateral, avg) = (collateral·avg + 5000) /
    /// 10^4</c>, then <c>wadDiv(x, debt) = (x·1e18 + debt/2) / debt</c>; from v3.5 <c>wadDiv(Σ, debt) / 10^4</c>.
    /// Every intermediate is below 2^125.
    /// </summary>
    private static UInt256 SmallTotals(ulong collateral, UInt128 thresholdSum, ulong debt, bool directional)
    {
        ulong halfDebt = debt >> 1;
        if (directional)
        {
            return Widen(WadDivSmall(unchecked((ulong)thresholdSum), debt, halfDebt) / 10_000UL);
        }

        ulong average = collateral == 0 ? 0 : unchecked((ulong)(thresholdSum / collateral)); // at most 10,000
        ulong high = AaveFastMath.MulHigh(collateral, average);
        ulong low = unchecked(collateral * average);
        ulong rounded = unchecked(low + 5_000UL);
        high = unchecked(high + (rounded < low ? 1UL : 0UL));
        ulong percent = high == 0 ? rounded / 10_000UL : unchecked((ulong)(new UInt128(high, rounded) / 10_000UL)); // at most collateral
        return Widen(WadDivSmall(percent, debt, halfDebt));
    }

    /// <summary><c>(a·1e18 + debt/2) / debt</c> for 64-bit <paramref name="a"/> and <paramref name="debt"/> (below 2^125 before the division).</summary>
    private static UInt128 WadDivSmall(ulong a, ulong debt, ulong halfDebt)
    {
        ulong high = AaveFastMath.MulHigh(a, 1_000_000_000_000_000_000UL);
        ulong low = unchecked(a * 1_000_000_000_000_000_000UL);
        ulong sum = unchecked(low + halfDebt);
        high = unchecked(high + (sum < low ? 1UL : 0UL));
        return new UInt128(high, sum) / debt;
    }

    private static UInt256 Widen(UInt128 value) => new(unchecked((ulong)value), unchecked((ulong)(value >> 64)), 0, 0);

    /// <summary>
    /// A position's value in base currency, from <paramref name="reserve"/>'s liquidity or borrow index
    /// (<paramref name="debt"/>) and its price or eMode price (<paramref name="inEMode"/>): up to v3.4 (not
    /// <paramref name="directional"/>) <c>balance = (scaled · index + halfRay) / 1e27</c> and <c>value = balance · price
    /// / 10^decimals</c>, both floored; from v3.5 no halfRay, and a debt's balance and value rounded up when inexact.
    /// Returns both limbs set to <see cref="ulong.MaxValue"/> when an operand or result leaves 128 bits (also for a value
    /// of exactly 2^128 − 1, which the general path then computes). Kept out of line, with few arguments, so the
    /// caller's loop stays small.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (ulong Low, ulong High) Value(in AaveReserveTerms reserve, ulong scaled0, ulong scaled1, bool debt, bool inEMode, bool directional)
    {
        ulong index0 = debt ? reserve.Borrow0 : reserve.Liquidity0;
        ulong index1 = debt ? reserve.Borrow1 : reserve.Liquidity1;
        ulong price0 = inEMode ? reserve.EModePrice0 : reserve.Price0;
        ulong price1 = inEMode ? reserve.EModePrice1 : reserve.Price1;
        ulong halfRayHigh = directional ? 0 : AaveFastMath.HalfRayHigh;
        ulong halfRayLow = directional ? 0 : AaveFastMath.HalfRayLow;
        bool ceiling = directional && debt;
        int decimals = reserve.Decimals;
        if (!AaveFastMath.TryMulDivPow10To128(scaled0, scaled1, index0, index1, halfRayHigh, halfRayLow, AaveFastMath.RayDigits, out ulong b0, out ulong b1, out bool inexact)
            || (ceiling && inexact && !TryIncrement(ref b0, ref b1))
            || !AaveFastMath.TryMulDivPow10To128(b0, b1, price0, price1, 0, 0, decimals, out ulong v0, out ulong v1, out inexact)
            || (ceiling && inexact && !TryIncrement(ref v0, ref v1)))
        {
            return (ulong.MaxValue, ulong.MaxValue);
        }

        return (v0, v1);
    }

    /// <summary>Adds a 192-bit term to a 192-bit sum (no carry out: see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref ulong s0, ref ulong s1, ref ulong s2, ulong x0, ulong x1, ulong x2)
    {
        ulong carry = AaveFastMath.Add128(ref s0, ref s1, x0, x1);
        s2 = unchecked(s2 + x2 + carry);
    }

    /// <summary>Adds one to a 128-bit number (the ceiling of an inexact quotient); false when it reaches 2^128.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryIncrement(ref ulong x0, ref ulong x1)
    {
        unchecked
        {
            x0++;
            if (x0 == 0)
            {
                x1++;
                return x1 != 0;
            }

            return true;
        }
    }
}

/// <summary>
/// What the health factor reads of one reserve, flattened for scans: indices and prices in two 64-bit limbs each, the
/// price and threshold an eMode user sees, and whether everything fits the 128-bit scan. Built by <see cref="AaveMarket"/>
/// whenever its reserves are set, so a price change carries its own terms.
/// </summary>
internal readonly struct AaveReserveTerms
{
    /// <summary>Flattens <paramref name="reserve"/> under <paramref name="rules"/> (whether eMode price sources apply).</summary>
    public AaveReserveTerms(AaveRules rules, AaveReserve reserve)
    {
        UInt256 liquidity = reserve.LiquidityIndex;
        UInt256 borrow = reserve.VariableBorrowIndex;
        UInt256 price = reserve.Price;
        AaveEModeCategory? category = reserve.EMode;
        UInt256 eModePrice = rules.EModePriceSource && category?.PriceSource is { } source ? source : price;
        Fits = (liquidity.U2 | liquidity.U3 | borrow.U2 | borrow.U3 | price.U2 | price.U3 | eModePrice.U2 | eModePrice.U3) == 0
            && reserve.Decimals <= AaveFastMath.RayDigits;
        Liquidity0 = liquidity.U0;
        Liquidity1 = liquidity.U1;
        Borrow0 = borrow.U0;
        Borrow1 = borrow.U1;
        Price0 = price.U0;
        Price1 = price.U1;
        EModePrice0 = eModePrice.U0;
        EModePrice1 = eModePrice.U1;
        Decimals = reserve.Decimals;
        Threshold = reserve.LiquidationThreshold;
        EModeId = category?.Id ?? 0;
        EModeThreshold = category?.LiquidationThreshold ?? reserve.LiquidationThreshold;
    }

    public ulong Liquidity0 { get; }

    public ulong Liquidity1 { get; }

    public ulong Borrow0 { get; }

    public ulong Borrow1 { get; }

    public ulong Price0 { get; }

    public ulong Price1 { get; }

    public ulong EModePrice0 { get; }

    public ulong EModePrice1 { get; }

    public int Decimals { get; }

    /// <summary>The reserve's own liquidation threshold (whether it counts as collateral at all).</summary>
    public int Threshold { get; }

    /// <summary>The reserve's eMode category id; 0 for none.</summary>
    public int EModeId { get; }

    /// <summary>The threshold for users in the reserve's eMode category.</summary>
    public int EModeThreshold { get; }

    /// <summary>Whether indices and prices fit in 128 bits and decimals are at most 27.</summary>
    public bool Fits { get; }
}

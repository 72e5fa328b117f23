using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.Benchmarks.DeFi.Baselines;

/// <summary>
/// The Aave health factor as the library computed it at commit 528615a (issue 17's starting point: 441.8 ns per
/// 4-asset account, 470.9 ms for 1,000,000), frozen here so <see cref="AaveBenchmarks"/> can measure the current code
/// side by side with it in one run on the shared machine. A measuring aid only: the library's own code is
/// <see cref="AaveAccountData.HealthFactorOf"/>; <see cref="AaveBenchmarks.Setup"/> checks both give the same value.
/// </summary>
internal static class PreviousAaveHealthFactor
{
    public static UInt256 HealthFactorOf(AaveMarket market, AaveUserAccount account)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(account);
        AaveRules rules = market.Rules;
        var reserves = market.Reserves;
        int eMode = account.EModeCategory;
        UInt256 totalCollateral = UInt256.Zero;
        UInt256 totalDebt = UInt256.Zero;
        UInt256 thresholdSum = UInt256.Zero;
        foreach (ref readonly AavePosition position in account.Positions.AsSpan())
        {
            AaveReserve reserve = reserves[market.IndexOf(position.Symbol, nameof(account))];
            bool counts = position.CollateralEnabled && reserve.LiquidationThreshold != 0 && !position.ScaledCollateral.IsZero;
            if (!counts && position.ScaledDebt.IsZero)
            {
                continue;
            }

            UInt256 price = market.PriceFor(reserve, eMode);
            if (counts)
            {
                UInt256 balance = rules.DirectionalRounding
                    ? PreviousAaveFastMath.RayMulFloor(position.ScaledCollateral, reserve.LiquidityIndex)
                    : PreviousAaveFastMath.RayMul(position.ScaledCollateral, reserve.LiquidityIndex);
                UInt256 value = PreviousAaveFastMath.MulDivFloor(balance, price, reserve.Decimals, reserve.Unit);
                totalCollateral += value;
                int threshold = AaveMarket.InEMode(reserve, eMode) ? reserve.EMode!.LiquidationThreshold : reserve.LiquidationThreshold;
                thresholdSum += PreviousAaveFastMath.MulSmall(value, (ulong)threshold);
            }

            if (!position.ScaledDebt.IsZero)
            {
                UInt256 debt = rules.DirectionalRounding
                    ? PreviousAaveFastMath.RayMulCeil(position.ScaledDebt, reserve.VariableBorrowIndex)
                    : PreviousAaveFastMath.RayMul(position.ScaledDebt, reserve.VariableBorrowIndex);
                totalDebt += rules.DirectionalRounding
                    ? PreviousAaveFastMath.MulDivCeil(debt, price, reserve.Decimals, reserve.Unit)
                    : PreviousAaveFastMath.MulDivFloor(debt, price, reserve.Decimals, reserve.Unit);
            }
        }

        if (totalDebt.IsZero)
        {
            return UInt256.MaxValue;
        }

        UInt256 averageThreshold = totalCollateral.IsZero ? UInt256.Zero : PreviousAaveFastMath.Divide(thresholdSum, totalCollateral);
        return rules.DirectionalRounding
            ? PreviousAaveFastMath.WadDiv(thresholdSum, totalDebt) / PercentageMath.PercentageFactor
            : PreviousAaveFastMath.WadDiv(PreviousAaveFastMath.PercentMul(totalCollateral, averageThreshold), totalDebt);
    }
}

/// <summary>The fast paths of commit 528615a, unchanged but for the class name (see <see cref="PreviousAaveHealthFactor"/>).</summary>
internal static class PreviousAaveFastMath
{
    private const int RayDigits = 27;
    private static readonly ulong[] s_powersOfFive = BuildPowersOfFive();
    private static readonly UInt128 s_halfRay = UInt128.Parse("500000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>rayMul(a, b)</c> half up.</summary>
    public static UInt256 RayMul(in UInt256 a, in UInt256 b) =>
        TryMulDivPow10(a, b, s_halfRay, RayDigits, out UInt256 q, out _) ? q : WadRayMath.RayMul(a, b);

    /// <summary><c>rayMulFloor(a, b)</c>.</summary>
    public static UInt256 RayMulFloor(in UInt256 a, in UInt256 b) =>
        TryMulDivPow10(a, b, UInt128.Zero, RayDigits, out UInt256 q, out _) ? q : WadRayMath.RayMulFloor(a, b);

    /// <summary><c>rayMulCeil(a, b)</c>.</summary>
    public static UInt256 RayMulCeil(in UInt256 a, in UInt256 b) =>
        TryMulDivPow10(a, b, UInt128.Zero, RayDigits, out UInt256 q, out bool inexact) ? (inexact ? q + UInt256.One : q) : WadRayMath.RayMulCeil(a, b);

    /// <summary><c>a·b / 10^decimals</c>, floor, with <paramref name="unit"/> = 10^decimals for the general path.</summary>
    public static UInt256 MulDivFloor(in UInt256 a, in UInt256 b, int decimals, in UInt256 unit) =>
        TryMulDivPow10(a, b, UInt128.Zero, decimals, out UInt256 q, out _) ? q : a * b / unit;

    /// <summary><c>mulDivCeil(a, b, 10^decimals)</c>.</summary>
    public static UInt256 MulDivCeil(in UInt256 a, in UInt256 b, int decimals, in UInt256 unit) =>
        TryMulDivPow10(a, b, UInt128.Zero, decimals, out UInt256 q, out bool inexact) ? (inexact ? q + UInt256.One : q) : AaveMathUtils.MulDivCeil(a, b, unit);

    /// <summary><c>percentMul(value, percentage)</c> half up: (v·p + 5000) / 10^4.</summary>
    public static UInt256 PercentMul(in UInt256 value, in UInt256 percentage) =>
        TryMulDivPow10(value, percentage, 5_000, 4, out UInt256 q, out _) ? q : PercentageMath.PercentMul(value, percentage);

    /// <summary><c>a · b</c> for a small factor (basis points), checked, without the general 256×256 product.</summary>
    public static UInt256 MulSmall(in UInt256 a, ulong b)
    {
        if ((a.U2 | a.U3) == 0)
        {
            ulong h0 = Math.BigMul(a.U0, b, out ulong l0);
            ulong h1 = Math.BigMul(a.U1, b, out ulong l1);
            UInt128 mid = (UInt128)h0 + l1;
            return new UInt256(l0, unchecked((ulong)mid), h1 + unchecked((ulong)(mid >> 64)), 0);
        }

        return a * b;
    }

    /// <summary><c>a / b</c> (truncating), through <see cref="UInt128"/> when both fit in 128 bits.</summary>
    public static UInt256 Divide(in UInt256 a, in UInt256 b)
    {
        if ((a.U2 | a.U3 | b.U2 | b.U3) == 0 && (b.U0 | b.U1) != 0)
        {
            UInt128 q = new UInt128(a.U1, a.U0) / new UInt128(b.U1, b.U0);
            return new UInt256(unchecked((ulong)q), unchecked((ulong)(q >> 64)), 0, 0);
        }

        return a / b;
    }

    /// <summary><c>wadDiv(a, b) = (a·1e18 + b/2) / b</c>, through <see cref="UInt128"/> when a &lt; 2^64 and b &lt; 2^126.</summary>
    public static UInt256 WadDiv(in UInt256 a, in UInt256 b)
    {
        if ((a.U1 | a.U2 | a.U3 | b.U2 | b.U3) == 0 && b.U1 < (1UL << 62) && (b.U0 | b.U1) != 0)
        {
            var divisor = new UInt128(b.U1, b.U0);
            UInt128 q = (((UInt128)a.U0 * 1_000_000_000_000_000_000UL) + (divisor >> 1)) / divisor;
            return new UInt256(unchecked((ulong)q), unchecked((ulong)(q >> 64)), 0, 0);
        }

        return WadRayMath.WadDiv(a, b);
    }

    /// <summary>floor((a·b + addend) / 10^k), and whether the division left a remainder; false when out of the fast range.</summary>
    internal static bool TryMulDivPow10(in UInt256 a, in UInt256 b, UInt128 addend, int k, out UInt256 quotient, out bool inexact)
    {
        if ((a.U2 | a.U3 | b.U2 | b.U3) != 0 || k > RayDigits)
        {
            quotient = default;
            inexact = false;
            return false;
        }

        unchecked
        {
            ulong a0 = a.U0, a1 = a.U1, b0 = b.U0, b1 = b.U1;
            ulong h00 = Math.BigMul(a0, b0, out ulong p0);
            ulong h01 = Math.BigMul(a0, b1, out ulong l01);
            ulong h10 = Math.BigMul(a1, b0, out ulong l10);
            ulong h11 = Math.BigMul(a1, b1, out ulong l11);
            UInt128 s1 = (UInt128)h00 + l01 + l10;
            ulong p1 = (ulong)s1;
            UInt128 s2 = (UInt128)h01 + h10 + l11 + (ulong)(s1 >> 64);
            ulong p2 = (ulong)s2;
            ulong p3 = h11 + (ulong)(s2 >> 64);

            if (addend != UInt128.Zero)
            {
                UInt128 low = ((UInt128)p1 << 64) | p0;
                UInt128 sum = low + addend;
                if (sum < low)
                {
                    p2++;
                    if (p2 == 0)
                    {
                        p3++;
                        if (p3 == 0)
                        {
                            quotient = default;
                            inexact = false;
                            return false;
                        }
                    }
                }

                p0 = (ulong)sum;
                p1 = (ulong)(sum >> 64);
            }

            inexact = false;
            if (k > 0)
            {
                ulong mask = (1UL << k) - 1;
                inexact = (p0 & mask) != 0;
                p0 = (p0 >> k) | (p1 << (64 - k));
                p1 = (p1 >> k) | (p2 << (64 - k));
                p2 = (p2 >> k) | (p3 << (64 - k));
                p3 >>= k;
            }

            ulong divisor = s_powersOfFive[k];
            if (divisor == 1)
            {
                quotient = new UInt256(p0, p1, p2, p3);
                return true;
            }

            ulong q3 = p3 / divisor;
            ulong r = p3 - (q3 * divisor);
            ulong q2 = Step(ref r, p2, divisor);
            ulong q1 = Step(ref r, p1, divisor);
            ulong q0 = Step(ref r, p0, divisor);
            inexact |= r != 0;
            quotient = new UInt256(q0, q1, q2, q3);
            return true;
        }
    }

    private static ulong Step(ref ulong remainder, ulong limb, ulong divisor)
    {
        unchecked
        {
            if (remainder == 0 && limb < divisor)
            {
                remainder = limb;
                return 0;
            }

            UInt128 n = ((UInt128)remainder << 64) | limb;
            ulong q = (ulong)(n / divisor);
            remainder = limb - (q * divisor);
            return q;
        }
    }

    private static ulong[] BuildPowersOfFive()
    {
        var powers = new ulong[RayDigits + 1];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 5;
        }

        return powers;
    }
}

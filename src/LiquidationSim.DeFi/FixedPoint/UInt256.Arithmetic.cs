using System.Numerics;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedPoint;

// Multiplication to a full 512-bit product and division of up to 512 bits by 256 bits: Knuth, TAOCP vol. 2, 4.3.1,
// algorithm D, on 64-bit limbs, with each 128-by-64-bit quotient step done by multiplying with a reciprocal
// (Möller–Granlund) instead of a hardware division. The protocols' constant divisors take shortcuts: one-limb
// divisors (WAD, 1e4, 1e9) skip algorithm D, and RAY is divided as 1e9 then 1e18. Nothing here allocates: the limb
// buffers are on the stack. FixedPointBenchmarks (benchmarks/LiquidationSim.Benchmarks/DeFi) measures it.
public readonly partial struct UInt256
{
    private const ulong RayLow = 0x9FD0_803C_E800_0000UL;
    private const ulong RayHigh = 0x33B_2E3CUL;
    private static readonly ulong s_wadTop = NormalizedTop(1_000_000_000_000_000_000UL, 0);
    private static readonly ulong s_wadReciprocal = ComputeReciprocal(s_wadTop);
    private static readonly ulong s_rayTop = NormalizedTop(RayLow, RayHigh);
    private static readonly ulong s_rayReciprocal = ComputeReciprocal(s_rayTop);
    private static readonly ulong s_percentTop = NormalizedTop(10_000UL, 0);
    private static readonly ulong s_percentReciprocal = ComputeReciprocal(s_percentTop);

    /// <summary>The product as a 512-bit number <c>high * 2^256 + low</c>; never overflows.</summary>
    internal static void MultiplyFull(in UInt256 left, in UInt256 right, out UInt256 low, out UInt256 high)
    {
        if ((left._u1 | left._u2 | left._u3 | right._u1 | right._u2 | right._u3) == 0)
        {
            ulong hi = Math.BigMul(left._u0, right._u0, out ulong lo);
            low = new UInt256(lo, hi, 0, 0);
            high = default;
            return;
        }

        if ((left._u2 | left._u3 | right._u2 | right._u3) == 0)
        {
            unchecked
            {
                ulong h00 = Math.BigMul(left._u0, right._u0, out ulong l00);
                ulong h01 = Math.BigMul(left._u0, right._u1, out ulong l01);
                ulong h10 = Math.BigMul(left._u1, right._u0, out ulong l10);
                ulong h11 = Math.BigMul(left._u1, right._u1, out ulong l11);
                UInt128 middle = (UInt128)h00 + l01 + l10;
                UInt128 upper = (UInt128)h01 + h10 + l11 + (ulong)(middle >> 64);
                low = new UInt256(l00, (ulong)middle, (ulong)upper, h11 + (ulong)(upper >> 64));
                high = default;
                return;
            }
        }

        Span<ulong> x = [left._u0, left._u1, left._u2, left._u3];
        Span<ulong> y = [right._u0, right._u1, right._u2, right._u3];
        int nx = LimbCount(x);
        int ny = LimbCount(y);
        Span<ulong> product = stackalloc ulong[8];
        unchecked
        {
            for (int i = 0; i < nx; i++)
            {
                ulong carry = 0;
                ulong xi = x[i];
                for (int j = 0; j < ny; j++)
                {
                    ulong hi = Math.BigMul(xi, y[j], out ulong lo);
                    ulong current = product[i + j];
                    lo += current;
                    hi += lo < current ? 1UL : 0UL;
                    lo += carry;
                    hi += lo < carry ? 1UL : 0UL;
                    product[i + j] = lo;
                    carry = hi;
                }

                product[i + ny] = carry;
            }
        }

        low = new UInt256(product[0], product[1], product[2], product[3]);
        high = new UInt256(product[4], product[5], product[6], product[7]);
    }

    /// <summary>The product, throwing <see cref="OverflowException"/> (naming <paramref name="operation"/>) when it does not fit.</summary>
    internal static UInt256 MultiplyChecked(in UInt256 left, in UInt256 right, string operation)
    {
        MultiplyFull(left, right, out UInt256 low, out UInt256 high);
        if (!high.IsZero)
        {
            ThrowHelper.Overflow(operation);
        }

        return low;
    }

    /// <summary>Truncating division with remainder.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="divisor"/> is zero.</exception>
    internal static UInt256 DivRem(in UInt256 dividend, in UInt256 divisor, out UInt256 remainder, string operation)
    {
        if (divisor.IsZero)
        {
            ThrowHelper.DivideByZero(operation);
        }

        if (dividend.FitsInUInt64 && divisor.FitsInUInt64)
        {
            (ulong q, ulong r) = Math.DivRem(dividend._u0, divisor._u0);
            remainder = new UInt256(r, 0, 0, 0);
            return new UInt256(q, 0, 0, 0);
        }

        if (dividend < divisor)
        {
            remainder = dividend;
            return default;
        }

        if (divisor.FitsInUInt64)
        {
            UInt256 quotient = DivRemByLimb(dividend, divisor._u0, out ulong r);
            remainder = new UInt256(r, 0, 0, 0);
            return quotient;
        }

        if (divisor._u1 == RayHigh && divisor._u0 == RayLow && (divisor._u2 | divisor._u3) == 0)
        {
            // RAY = 1e9 · 1e18, and ⌊⌊x / 1e9⌋ / 1e18⌋ = ⌊x / 1e27⌋: two one-limb divisions instead of algorithm D.
            // x = 1e9·(1e18·q + r18) + r9, so the remainder is 1e9·r18 + r9.
            UInt256 byBillion = DivRemByLimb(dividend, 1_000_000_000UL, out ulong r9);
            UInt256 quotient = DivRemByLimb(byBillion, 1_000_000_000_000_000_000UL, out ulong r18);
            ulong high = Math.BigMul(r18, 1_000_000_000UL, out ulong low);
            ulong sum = unchecked(low + r9);
            remainder = new UInt256(sum, high + (sum < low ? 1UL : 0UL), 0, 0);
            return quotient;
        }

        return DivRemCore([dividend._u0, dividend._u1, dividend._u2, dividend._u3], divisor, out remainder);
    }

    /// <summary>
    /// Divides the 512-bit number <c>high * 2^256 + low</c>, truncating, with remainder.
    /// </summary>
    /// <exception cref="DivideByZeroException"><paramref name="divisor"/> is zero.</exception>
    /// <exception cref="OverflowException">The quotient is 2^256 or more (<paramref name="high"/> ≥ <paramref name="divisor"/>).</exception>
    internal static UInt256 DivRem(in UInt256 low, in UInt256 high, in UInt256 divisor, out UInt256 remainder, string operation)
    {
        if (divisor.IsZero)
        {
            ThrowHelper.DivideByZero(operation);
        }

        if (high.IsZero)
        {
            return DivRem(low, divisor, out remainder, operation);
        }

        if (high >= divisor)
        {
            ThrowHelper.Overflow(operation);
        }

        return DivRemCore([low._u0, low._u1, low._u2, low._u3, high._u0, high._u1, high._u2, high._u3], divisor, out remainder);
    }

    /// <summary>Divides by a single 32-bit digit; used by formatting (10^9 at a time).</summary>
    internal static UInt256 DivRem(in UInt256 dividend, uint divisor, out uint remainder)
    {
        Span<ulong> limbs = [dividend._u3, dividend._u2, dividend._u1, dividend._u0];
        Span<ulong> quotient = stackalloc ulong[4];
        ulong r = 0;
        unchecked
        {
            for (int i = 0; i < 4; i++)
            {
                ulong limb = limbs[i];
                ulong high = (r << 32) | (limb >> 32);
                ulong qHigh = high / divisor;
                r = high - (qHigh * divisor);
                ulong lowPart = (r << 32) | (uint)limb;
                ulong qLow = lowPart / divisor;
                r = lowPart - (qLow * divisor);
                quotient[i] = (qHigh << 32) | qLow;
            }
        }

        remainder = (uint)r;
        return new UInt256(quotient[3], quotient[2], quotient[1], quotient[0]);
    }

    /// <summary>
    /// Division by one limb (WAD, 1e4, 1e9, a token's 10^decimals) without buffers: four 2-by-1 steps on the
    /// normalised operands.
    /// </summary>
    private static UInt256 DivRemByLimb(in UInt256 dividend, ulong divisor, out ulong remainder)
    {
        unchecked
        {
            int s = BitOperations.LeadingZeroCount(divisor);
            ulong d = divisor << s;
            ulong reciprocal = Reciprocal(d);
            ulong u4, u3, u2, u1, u0;
            if (s == 0)
            {
                (u4, u3, u2, u1, u0) = (0, dividend._u3, dividend._u2, dividend._u1, dividend._u0);
            }
            else
            {
                int t = 64 - s;
                u4 = dividend._u3 >> t;
                u3 = (dividend._u3 << s) | (dividend._u2 >> t);
                u2 = (dividend._u2 << s) | (dividend._u1 >> t);
                u1 = (dividend._u1 << s) | (dividend._u0 >> t);
                u0 = dividend._u0 << s;
            }

            ulong q3 = DivRem2By1(u4, u3, d, reciprocal, out ulong r);
            ulong q2 = DivRem2By1(r, u2, d, reciprocal, out r);
            ulong q1 = DivRem2By1(r, u1, d, reciprocal, out r);
            ulong q0 = DivRem2By1(r, u0, d, reciprocal, out r);
            remainder = r >> s;
            return new UInt256(q0, q1, q2, q3);
        }
    }

    private static int LimbCount(ReadOnlySpan<ulong> limbs)
    {
        int n = limbs.Length;
        while (n > 0 && limbs[n - 1] == 0)
        {
            n--;
        }

        return n;
    }

    // Precondition: divisor != 0, dividend >= divisor, and the quotient fits in 256 bits.
    private static UInt256 DivRemCore(ReadOnlySpan<ulong> dividend, in UInt256 divisor, out UInt256 remainder)
    {
        int m = LimbCount(dividend);
        ReadOnlySpan<ulong> v = [divisor._u0, divisor._u1, divisor._u2, divisor._u3];
        int n = LimbCount(v);
        Span<ulong> q = stackalloc ulong[8];
        q.Clear();
        unchecked
        {
            // D1: normalise so the divisor's top limb has its high bit set. (C# masks shift counts, so x >> 64 is x:
            // the s == 0 case needs its own branch.)
            int s = BitOperations.LeadingZeroCount(v[n - 1]);
            Span<ulong> vn = stackalloc ulong[4];
            Span<ulong> un = stackalloc ulong[9];
            if (s == 0)
            {
                v[..n].CopyTo(vn);
                dividend[..m].CopyTo(un);
                un[m] = 0;
            }
            else
            {
                for (int i = n - 1; i > 0; i--)
                {
                    vn[i] = (v[i] << s) | (v[i - 1] >> (64 - s));
                }

                vn[0] = v[0] << s;
                un[m] = dividend[m - 1] >> (64 - s);
                for (int i = m - 1; i > 0; i--)
                {
                    un[i] = (dividend[i] << s) | (dividend[i - 1] >> (64 - s));
                }

                un[0] = dividend[0] << s;
            }

            ulong top = vn[n - 1];
            ulong reciprocal = Reciprocal(top);
            if (n == 1)
            {
                ulong r = un[m];
                for (int j = m - 1; j >= 0; j--)
                {
                    q[j] = DivRem2By1(r, un[j], top, reciprocal, out r);
                }

                remainder = new UInt256(r >> s, 0, 0, 0);
                return new UInt256(q[0], q[1], q[2], q[3]);
            }

            ulong next = vn[n - 2];
            for (int j = m - n; j >= 0; j--)
            {
                // D3: estimate the quotient limb from the top two limbs (at most 2^64 − 1), then correct it.
                ulong qhat;
                ulong rhat;
                bool rhatOverflow;
                if (un[j + n] >= top)
                {
                    qhat = ulong.MaxValue;
                    rhat = un[j + n - 1] + top;
                    rhatOverflow = rhat < top;
                }
                else
                {
                    qhat = DivRem2By1(un[j + n], un[j + n - 1], top, reciprocal, out rhat);
                    rhatOverflow = false;
                }

                while (!rhatOverflow)
                {
                    ulong productHigh = Math.BigMul(qhat, next, out ulong productLow);
                    if (productHigh < rhat || (productHigh == rhat && productLow <= un[j + n - 2]))
                    {
                        break;
                    }

                    qhat--;
                    ulong before = rhat;
                    rhat += top;
                    rhatOverflow = rhat < before;
                }

                // D4: multiply and subtract.
                ulong carry = 0;
                ulong borrow = 0;
                for (int i = 0; i < n; i++)
                {
                    ulong productHigh = Math.BigMul(qhat, vn[i], out ulong productLow);
                    productLow += carry;
                    productHigh += productLow < carry ? 1UL : 0UL;
                    carry = productHigh;
                    un[i + j] = SubtractWithBorrow(un[i + j], productLow, ref borrow);
                }

                ulong last = un[j + n];
                un[j + n] = SubtractWithBorrow(last, carry, ref borrow);
                q[j] = qhat;

                // D6: the estimate was one too large; add the divisor back.
                if (borrow != 0)
                {
                    q[j]--;
                    ulong c = 0;
                    for (int i = 0; i < n; i++)
                    {
                        un[i + j] = AddWithCarry(un[i + j], vn[i], ref c);
                    }

                    un[j + n] += c;
                }
            }

            // D8: unnormalise the remainder.
            Span<ulong> r4 = stackalloc ulong[4];
            r4.Clear();
            for (int i = 0; i < n; i++)
            {
                r4[i] = s == 0 ? un[i] : (un[i] >> s) | (un[i + 1] << (64 - s));
            }

            remainder = new UInt256(r4[0], r4[1], r4[2], r4[3]);
            return new UInt256(q[0], q[1], q[2], q[3]);
        }
    }

    /// <summary>
    /// The reciprocal <c>⌊(2^128 − 1) / d⌋ − 2^64</c> of a normalised limb (high bit set), for
    /// <see cref="DivRem2By1"/>. The top limbs of WAD, RAY and 1e4 — the divisors of nearly every protocol operation —
    /// are precomputed, so dividing by them takes no hardware division at all.
    /// </summary>
    private static ulong Reciprocal(ulong normalized)
    {
        if (normalized == s_wadTop)
        {
            return s_wadReciprocal;
        }

        if (normalized == s_rayTop)
        {
            return s_rayReciprocal;
        }

        if (normalized == s_percentTop)
        {
            return s_percentReciprocal;
        }

        return ComputeReciprocal(normalized);
    }

    private static ulong ComputeReciprocal(ulong normalized) => DivRem128By64(~normalized, ulong.MaxValue, normalized, out _);

    private static ulong NormalizedTop(ulong low, ulong high)
    {
        if (high == 0)
        {
            return low << BitOperations.LeadingZeroCount(low);
        }

        int s = BitOperations.LeadingZeroCount(high);
        return s == 0 ? high : (high << s) | (low >> (64 - s));
    }

    /// <summary>
    /// (<paramref name="high"/>·2^64 + <paramref name="low"/>) / <paramref name="divisor"/> for a normalised divisor
    /// and <paramref name="high"/> &lt; <paramref name="divisor"/>, by multiplication with the precomputed
    /// <paramref name="reciprocal"/>: Möller and Granlund, "Improved division by invariant integers" (IEEE Trans.
    /// Computers, 2011), algorithm 4.
    /// </summary>
    private static ulong DivRem2By1(ulong high, ulong low, ulong divisor, ulong reciprocal, out ulong remainder)
    {
        unchecked
        {
            ulong q1 = Math.BigMul(reciprocal, high, out ulong q0);
            ulong sumLow = q0 + low;
            q1 += high + (sumLow < q0 ? 1UL : 0UL);
            q0 = sumLow;
            q1++;
            ulong r = low - (q1 * divisor);
            if (r > q0)
            {
                q1--;
                r += divisor;
            }

            if (r >= divisor)
            {
                q1++;
                r -= divisor;
            }

            remainder = r;
            return q1;
        }
    }

    /// <summary>
    /// (<paramref name="high"/>·2^64 + <paramref name="low"/>) / <paramref name="divisor"/>, for
    /// <paramref name="high"/> &lt; <paramref name="divisor"/> (so the quotient fits in 64 bits): Hacker's Delight
    /// <c>divlu</c>, two 64-by-32-bit steps on the normalised divisor.
    /// </summary>
    private static ulong DivRem128By64(ulong high, ulong low, ulong divisor, out ulong remainder)
    {
        if (high == 0)
        {
            (ulong quotient, remainder) = Math.DivRem(low, divisor);
            return quotient;
        }

        unchecked
        {
            const ulong Base = 1UL << 32;
            int s = BitOperations.LeadingZeroCount(divisor);
            ulong d = divisor << s;
            ulong dHigh = d >> 32;
            ulong dLow = d & 0xFFFF_FFFFUL;
            ulong n32 = s == 0 ? high : (high << s) | (low >> (64 - s));
            ulong n10 = low << s;
            ulong n1 = n10 >> 32;
            ulong n0 = n10 & 0xFFFF_FFFFUL;

            ulong q1 = n32 / dHigh;
            ulong rhat = n32 - (q1 * dHigh);
            while (q1 >= Base || q1 * dLow > ((rhat << 32) | n1))
            {
                q1--;
                rhat += dHigh;
                if (rhat >= Base)
                {
                    break;
                }
            }

            ulong n21 = (n32 << 32) + n1 - (q1 * d);
            ulong q0 = n21 / dHigh;
            rhat = n21 - (q0 * dHigh);
            while (q0 >= Base || q0 * dLow > ((rhat << 32) | n0))
            {
                q0--;
                rhat += dHigh;
                if (rhat >= Base)
                {
                    break;
                }
            }

            remainder = ((n21 << 32) + n0 - (q0 * d)) >> s;
            return (q1 << 32) | q0;
        }
    }
}

using System.Numerics;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedPoint;

// Multiplication to a full 512-bit product and division of up to 512 bits by 256 bits (Knuth, TAOCP vol. 2,
// 4.3.1, algorithm D, on 32-bit digits as in Hacker's Delight `divmnu`). Nothing here allocates: the digit buffers
// are on the stack.
public readonly partial struct UInt256
{
    private const int MaxDigits = 16;

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
        Span<uint> u = stackalloc uint[MaxDigits];
        for (int i = 0; i < dividend.Length; i++)
        {
            u[2 * i] = unchecked((uint)dividend[i]);
            u[(2 * i) + 1] = (uint)(dividend[i] >> 32);
        }

        int m = MaxDigits;
        while (m > 0 && u[m - 1] == 0)
        {
            m--;
        }

        Span<uint> v = stackalloc uint[8];
        ReadOnlySpan<ulong> d = [divisor._u0, divisor._u1, divisor._u2, divisor._u3];
        for (int i = 0; i < 4; i++)
        {
            v[2 * i] = unchecked((uint)d[i]);
            v[(2 * i) + 1] = (uint)(d[i] >> 32);
        }

        int n = 8;
        while (v[n - 1] == 0)
        {
            n--;
        }

        Span<uint> q = stackalloc uint[MaxDigits];
        unchecked
        {
            if (n == 1)
            {
                ulong divisorDigit = v[0];
                ulong r = 0;
                for (int j = m - 1; j >= 0; j--)
                {
                    ulong current = (r << 32) | u[j];
                    ulong digit = current / divisorDigit;
                    q[j] = (uint)digit;
                    r = current - (digit * divisorDigit);
                }

                remainder = new UInt256(r, 0, 0, 0);
                return FromDigits(q);
            }

            // D1: normalise so the divisor's top digit has its high bit set.
            int s = BitOperations.LeadingZeroCount(v[n - 1]);
            Span<uint> vn = stackalloc uint[8];
            for (int i = n - 1; i > 0; i--)
            {
                vn[i] = (uint)(((ulong)v[i] << s) | ((ulong)v[i - 1] >> (32 - s)));
            }

            vn[0] = v[0] << s;

            Span<uint> un = stackalloc uint[MaxDigits + 1];
            un[m] = (uint)((ulong)u[m - 1] >> (32 - s));
            for (int i = m - 1; i > 0; i--)
            {
                un[i] = (uint)(((ulong)u[i] << s) | ((ulong)u[i - 1] >> (32 - s)));
            }

            un[0] = u[0] << s;

            const ulong Base = 1UL << 32;
            ulong top = vn[n - 1];
            ulong next = vn[n - 2];
            for (int j = m - n; j >= 0; j--)
            {
                // D3: estimate the quotient digit from the top two digits, then correct it (at most twice).
                ulong numerator = ((ulong)un[j + n] << 32) | un[j + n - 1];
                ulong qhat = numerator / top;
                ulong rhat = numerator - (qhat * top);
                while (qhat >= Base || qhat * next > ((rhat << 32) | un[j + n - 2]))
                {
                    qhat--;
                    rhat += top;
                    if (rhat >= Base)
                    {
                        break;
                    }
                }

                // D4: multiply and subtract.
                long borrow = 0;
                long t;
                for (int i = 0; i < n; i++)
                {
                    ulong p = qhat * vn[i];
                    t = un[i + j] - borrow - (long)(p & 0xFFFF_FFFFUL);
                    un[i + j] = (uint)t;
                    borrow = (long)(p >> 32) - (t >> 32);
                }

                t = un[j + n] - borrow;
                un[j + n] = (uint)t;
                q[j] = (uint)qhat;

                // D6: the estimate was one too large; add the divisor back.
                if (t < 0)
                {
                    q[j]--;
                    ulong carry = 0;
                    for (int i = 0; i < n; i++)
                    {
                        ulong sum = (ulong)un[i + j] + vn[i] + carry;
                        un[i + j] = (uint)sum;
                        carry = sum >> 32;
                    }

                    un[j + n] = (uint)(un[j + n] + carry);
                }
            }

            // D8: unnormalise the remainder.
            Span<uint> rem = stackalloc uint[8];
            for (int i = 0; i < n; i++)
            {
                rem[i] = (uint)((un[i] >> s) | ((ulong)un[i + 1] << (32 - s)));
            }

            remainder = FromDigits(rem);
            return FromDigits(q);
        }
    }

    private static UInt256 FromDigits(ReadOnlySpan<uint> digits) => new(
        digits[0] | ((ulong)digits[1] << 32),
        digits[2] | ((ulong)digits[3] << 32),
        digits[4] | ((ulong)digits[5] << 32),
        digits[6] | ((ulong)digits[7] << 32));
}

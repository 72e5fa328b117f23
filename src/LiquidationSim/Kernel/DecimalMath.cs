using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>
/// The exponential, the natural logarithm and the square root in <see cref="decimal"/> arithmetic only, so a price
/// process gives bit-identical results on every CPU and runtime (DESIGN.md principle 1: <see cref="Math.Exp"/>,
/// <see cref="Math.Log(double)"/> and <see cref="Math.Sqrt"/> on <see cref="double"/> are kept out of reported results).
/// </summary>
/// <remarks>
/// <para>
/// Algorithms: argument reduction by powers of two with a two-part ln 2 (Cody and Waite, <i>Software Manual for the
/// Elementary Functions</i>, 1980, ch. 6 and 5), then the Taylor series of exp and the atanh series
/// ln m = 2·atanh((m − 1)/(m + 1)) (Abramowitz and Stegun, <i>Handbook of Mathematical Functions</i>, 4.1.27);
/// the square root by Newton's (Heron's) iteration from above.
/// </para>
/// <para>
/// Accuracy, checked in the tests against 40-digit references (Python's <c>decimal</c> module):
/// <see cref="Exp"/> within 1e-26 relative plus 1e-28 absolute over its whole domain
/// (a decimal below 1 has at most 28 decimal places, so a tiny result such as e⁻⁶⁰ ≈ 8.8e-27 keeps only its
/// leading digits); <see cref="Ln"/> within 1e-26 absolute (observed ≤ 4e-27, from the 4e-29 left over in the
/// two-part ln 2 times k ≤ 96) and 1e-26 relative for every positive decimal; <see cref="Sqrt"/> within 1e-28
/// relative plus 1e-28 absolute. All members are pure and thread-safe.
/// </para>
/// </remarks>
public static class DecimalMath
{
    /// <summary>
    /// The largest argument <see cref="Exp"/> accepts: ln(<see cref="decimal.MaxValue"/>) rounded down,
    /// ≈ 66.542129333754749704054283660.
    /// </summary>
    public const decimal MaxExpArgument = 66.54212933375474970405428365m;

    // Below this e^x < 0.5e-28, which rounds to zero at decimal's finest scale.
    private const decimal ZeroExpArgument = -66.8m;

    // ln 2 = 0.69314718055994530941723212145817656807550…: Ln2 to decimal's 28 places; Ln2Hi has 18 digits, so k·Ln2Hi
    // is exact for every |k| ≤ 96, and Ln2Lo carries the rest (Cody–Waite splitting).
    private const decimal Ln2 = 0.6931471805599453094172321215m;
    private const decimal Ln2Hi = 0.693147180559945309m;
    private const decimal Ln2Lo = 0.0000000000000000004172321215m;

    private const decimal TwoPow16 = 65536m;
    private const decimal TwoPow62 = 4611686018427387904m;

    /// <summary>e raised to <paramref name="x"/>.</summary>
    /// <param name="x">At most <see cref="MaxExpArgument"/>; any smaller value, however negative.</param>
    /// <returns>
    /// e^<paramref name="x"/> rounded to decimal precision; exactly 1 for 0, and 0 once the true value is below
    /// 0.5e-28 (x &lt; −66.8 or so).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="x"/> is above <see cref="MaxExpArgument"/>: the result would exceed <see cref="decimal.MaxValue"/>.
    /// </exception>
    /// <remarks>
    /// x = k·ln 2 + r with |r| ≤ ½ ln 2, so e^x = 2^k·e^r: the Taylor series of e^r runs until its terms vanish at
    /// decimal precision (at most 22 terms), and scaling by 2^k adds one rounding.
    /// </remarks>
    public static decimal Exp(decimal x)
    {
        if (x == 0m)
        {
            return 1m;
        }

        if (x > MaxExpArgument)
        {
            ThrowExpOverflow(x);
        }

        if (x < ZeroExpArgument)
        {
            return 0m;
        }

        int k = (int)decimal.Round(x / Ln2, MidpointRounding.ToEven);
        decimal r = x - (k * Ln2Hi) - (k * Ln2Lo);

        decimal sum = 1m;
        decimal term = 1m;
        for (int n = 1; ; n++)
        {
            term = term * r / n;
            if (term == 0m)
            {
                break;
            }

            sum += term;
        }

        try
        {
            return ScaleByPowerOfTwo(sum, k);
        }
        catch (OverflowException)
        {
            // Just below MaxExpArgument the rounded result can still pass decimal.MaxValue.
            ThrowExpOverflow(x);
            return 0m;
        }
    }

    /// <summary>The natural logarithm of <paramref name="x"/>.</summary>
    /// <param name="x">Greater than zero.</param>
    /// <returns>ln <paramref name="x"/>; exactly 0 for 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is zero or negative.</exception>
    /// <remarks>
    /// x = 2^k·m with m in [0.75, 1.5), so ln x = k·ln 2 + 2·atanh(s) with s = (m − 1)/(m + 1), |s| ≤ 0.2: the odd
    /// series s + s³/3 + s⁵/5 + … runs until its terms vanish at decimal precision (at most about 20 terms).
    /// </remarks>
    public static decimal Ln(decimal x)
    {
        Preconditions.Positive(x);
        if (x == 1m)
        {
            return 0m;
        }

        int k = 0;
        decimal m = x;
        while (m >= 1.5m * TwoPow16)
        {
            m /= TwoPow16;
            k += 16;
        }

        while (m >= 1.5m)
        {
            m /= 2m;
            k++;
        }

        while (m < 0.75m / TwoPow16)
        {
            m *= TwoPow16;
            k -= 16;
        }

        while (m < 0.75m)
        {
            m *= 2m;
            k--;
        }

        decimal s = (m - 1m) / (m + 1m);
        decimal s2 = s * s;
        decimal power = s;
        decimal sum = s;
        for (int n = 3; ; n += 2)
        {
            power *= s2;
            decimal term = power / n;
            if (term == 0m)
            {
                break;
            }

            sum += term;
        }

        return (k * Ln2Hi) + ((k * Ln2Lo) + (2m * sum));
    }

    /// <summary>The non-negative square root of <paramref name="x"/>.</summary>
    /// <param name="x">Zero or greater.</param>
    /// <returns>√<paramref name="x"/>; exactly 0 for 0, and exact for the perfect squares the tests try (√2.25 = 1.5, √144 = 12, √1e-28 = 1e-14).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is negative.</exception>
    /// <remarks>
    /// Heron's iteration y ← (y + x/y)/2 from a power of two at or above the root, stopped as soon as it no
    /// longer decreases: from above it descends monotonically and converges quadratically.
    /// </remarks>
    public static decimal Sqrt(decimal x)
    {
        Preconditions.NonNegative(x);
        if (x == 0m)
        {
            return 0m;
        }

        // A start y ≥ √x, within a factor of two of it (a factor of 2¹⁶ first, for huge or tiny x).
        decimal y = 1m;
        if (x > 1m)
        {
            while (y * TwoPow16 < x / (y * TwoPow16))
            {
                y *= TwoPow16;
            }

            while (y < x / y)
            {
                y *= 2m;
            }
        }
        else
        {
            while (y / TwoPow16 > x / (y / TwoPow16))
            {
                y /= TwoPow16;
            }

            while (y / 2m >= x / (y / 2m))
            {
                y /= 2m;
            }
        }

        while (true)
        {
            decimal next = (y + (x / y)) / 2m;
            if (next >= y)
            {
                return y;
            }

            y = next;
        }
    }

    private static decimal ScaleByPowerOfTwo(decimal value, int k)
    {
        if (k >= 0)
        {
            while (k > 62)
            {
                value *= TwoPow62;
                k -= 62;
            }

            return value * (1UL << k);
        }

        k = -k;
        while (k > 62)
        {
            value /= TwoPow62;
            k -= 62;
        }

        return value / (1UL << k);
    }

    private static void ThrowExpOverflow(decimal x) =>
        ThrowHelper.OutOfRange(
            nameof(x),
            x,
            "must be at most " + MaxExpArgument.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + ", above which e^x exceeds decimal.MaxValue");
}

using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// <c>rpow(cut, n, RAY)</c> for a fixed <c>cut ≤ RAY</c>, with the squarings done once. In dss's loop the squared
/// base <c>x</c> after k halvings of n is the same for every n (it is cut squared k times, rounding half up each
/// time), so precomputing those values and multiplying in only the ones whose bit of n is set gives bit-identical
/// results. With <c>cut ≤ RAY</c> every intermediate stays ≤ RAY, so nothing can overflow where dss would revert.
/// </summary>
/// <remarks>
/// Immutable after construction; thread safe. Exponents beyond 64 bits fall back to <see cref="MakerMath.Rpow"/>. An
/// optional table holds the first powers outright (the stair-step curve's step counts are small: ETH-B's tail is 93 steps).
/// </remarks>
internal sealed class RayPowers
{
    private const int Bits = 64;
    private static readonly UInt256 s_half = MakerMath.Ray / 2UL;
    private readonly UInt256[] _squares = new UInt256[Bits];
    private readonly UInt256[] _table;
    private readonly UInt256 _cut;

    /// <param name="cut">The base (ray, ≤ RAY).</param>
    /// <param name="tableSize">How many leading powers (n = 0 … tableSize − 1) to keep ready, each computed by <see cref="Pow"/>'s loop.</param>
    public RayPowers(UInt256 cut, int tableSize = 0)
    {
        _cut = cut;
        UInt256 x = cut;
        _squares[0] = x;
        for (int k = 1; k < Bits; k++)
        {
            x = MulHalfUp(x, x);
            _squares[k] = x;
        }

        _table = new UInt256[tableSize];
        for (int n = 0; n < tableSize; n++)
        {
            _table[n] = PowBySquares((ulong)n);
        }
    }

    public UInt256 Pow(UInt256 n)
    {
        if (n > ulong.MaxValue)
        {
            return MakerMath.Rpow(_cut, n, MakerMath.Ray);
        }

        ulong e = (ulong)n;
        return e < (ulong)_table.Length ? _table[e] : PowBySquares(e);
    }

    private UInt256 PowBySquares(ulong e)
    {
        if (e == 0)
        {
            return MakerMath.Ray;
        }

        if (_cut.IsZero)
        {
            return UInt256.Zero;
        }

        // Shift the remaining exponent one bit at a time rather than computing e >> k: C# masks a ulong shift count to
        // six bits, so e >> 64 is e itself, and for e ≥ 2^63 a loop on (e >> k) != 0 would run to k = 64 and read past
        // the table. Here k never exceeds 63 because the highest bit of e is bit 63 at most.
        UInt256 z = (e & 1) != 0 ? _squares[0] : MakerMath.Ray;
        int k = 1;
        for (ulong rest = e >> 1; rest != 0; rest >>= 1, k++)
        {
            if ((rest & 1) != 0)
            {
                z = MulHalfUp(z, _squares[k]);
            }
        }

        return z;
    }

    // (a·b + RAY/2) / RAY for a, b ≤ RAY: the product is below 2^180, so neither step can overflow.
    private static UInt256 MulHalfUp(in UInt256 a, in UInt256 b)
    {
        UInt256.MultiplyFull(a, b, out UInt256 product, out _);
        return UInt256.DivRem(product + s_half, MakerMath.Ray, out _, "dss.rpow");
    }
}

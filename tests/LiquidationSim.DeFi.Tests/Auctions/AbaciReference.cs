using System.Numerics;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// The three price curves of makerdao/dss <c>src/abaci.sol</c> (commit fa4f663, Solidity 0.6.12), written out on
/// <see cref="BigInteger"/> as the EVM evaluates them, to serve as the oracle of the property tests. A result of
/// <c>null</c> means the call reverts.
/// </summary>
/// <remarks>
/// Solidity 0.6 arithmetic and the EVM opcodes wrap modulo 2^256; the contract detects overflow afterwards
/// (<c>require(y == 0 || z / y == x)</c> in <c>mul</c>/<c>rmul</c>, the <c>shr</c>/<c>lt</c>/<c>div</c> tests in the
/// <c>rpow</c> assembly). This transcription wraps too and applies the same tests in the same order, rather than asking
/// "does the exact result fit", so that it follows the contract's text and not the library's reading of it.
/// Division by zero in Solidity 0.6 (<c>dur / step</c> with <c>step = 0</c>) aborts the call; the opcode <c>div</c>
/// inside the assembly returns 0 instead (not reachable here: <c>b</c> is always RAY).
/// </remarks>
internal static class AbaciReference
{
    public static readonly BigInteger Modulus = BigInteger.One << 256;
    public static readonly BigInteger Ray = BigInteger.Pow(10, 27);

    /// <summary><c>file("cut", data)</c> of the two exponential contracts: <c>require((cut = data) &lt;= RAY)</c>.</summary>
    public static bool FileCutSucceeds(BigInteger data) => data <= Ray;

    /// <summary><c>LinearDecrease.price(top, dur)</c>: <c>dur ≥ tau ? 0 : rmul(top, mul(tau − dur, RAY) / tau)</c>.</summary>
    public static BigInteger? LinearPrice(BigInteger tau, BigInteger top, BigInteger dur)
    {
        if (dur >= tau)
        {
            return BigInteger.Zero;
        }

        // tau > dur here, so tau - dur does not wrap and tau is not zero.
        BigInteger? scaled = Mul(tau - dur, Ray);
        return scaled is BigInteger s ? Rmul(top, s / tau) : null;
    }

    /// <summary><c>StairstepExponentialDecrease.price(top, dur)</c>: <c>rmul(top, rpow(cut, dur / step, RAY))</c>.</summary>
    public static BigInteger? StairstepPrice(BigInteger step, BigInteger cut, BigInteger top, BigInteger dur)
    {
        if (step.IsZero)
        {
            return null; // Solidity's checked division by zero
        }

        BigInteger? power = Rpow(cut, dur / step, Ray);
        return power is BigInteger p ? Rmul(top, p) : null;
    }

    /// <summary><c>ExponentialDecrease.price(top, dur)</c>: <c>rmul(top, rpow(cut, dur, RAY))</c>.</summary>
    public static BigInteger? ExponentialPrice(BigInteger cut, BigInteger top, BigInteger dur)
    {
        BigInteger? power = Rpow(cut, dur, Ray);
        return power is BigInteger p ? Rmul(top, p) : null;
    }

    /// <summary><c>mul(x, y)</c>: the wrapped product, reverting unless <c>y == 0 || z / y == x</c>.</summary>
    public static BigInteger? Mul(BigInteger x, BigInteger y)
    {
        BigInteger z = Wrap(x * y);
        return y.IsZero || z / y == x ? z : null;
    }

    /// <summary><c>rmul(x, y)</c>: <c>mul</c>'s test, then the product over RAY, floored.</summary>
    public static BigInteger? Rmul(BigInteger x, BigInteger y) => Mul(x, y) is BigInteger z ? z / Ray : null;

    /// <summary>The <c>rpow</c> assembly of abaci.sol (dss PR #78), opcode by opcode.</summary>
    public static BigInteger? Rpow(BigInteger x, BigInteger n, BigInteger b)
    {
        if (n.IsZero)
        {
            return b;
        }

        if (x.IsZero)
        {
            return BigInteger.Zero;
        }

        BigInteger z = n.IsEven ? b : x;
        BigInteger half = b / 2;
        for (n /= 2; !n.IsZero; n /= 2)
        {
            BigInteger xx = Wrap(x * x);
            if (!(x >> 128).IsZero)
            {
                return null;
            }

            BigInteger xxRound = Wrap(xx + half);
            if (xxRound < xx)
            {
                return null;
            }

            x = EvmDiv(xxRound, b);
            if (!n.IsEven)
            {
                BigInteger zx = Wrap(z * x);
                if (!x.IsZero && EvmDiv(zx, x) != z)
                {
                    return null;
                }

                BigInteger zxRound = Wrap(zx + half);
                if (zxRound < zx)
                {
                    return null;
                }

                z = EvmDiv(zxRound, b);
            }
        }

        return z;
    }

    private static BigInteger Wrap(BigInteger value) => value % Modulus;

    private static BigInteger EvmDiv(BigInteger a, BigInteger b) => b.IsZero ? BigInteger.Zero : a / b;
}

using System.Globalization;
using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Tests.Support;

/// <summary>
/// Solidity-style literals for test vectors, exactly as the protocols' tests write them: <c>14.2515e18</c>,
/// <c>100 ether</c>, <c>9087312e27</c>, <c>max</c> (<c>type(uint256).max</c>), plain integers.
/// </summary>
internal static class Literals
{
    public static UInt256 U(string literal) => (UInt256)Big(literal);

    public static BigInteger Big(string literal)
    {
        string text = literal.Replace("_", string.Empty, StringComparison.Ordinal).Trim();
        if (text == "max")
        {
            return (BigInteger.One << 256) - 1;
        }

        int exponent = 0;
        if (text.EndsWith(" ether", StringComparison.Ordinal))
        {
            text = text[..^" ether".Length];
            exponent = 18;
        }

        int e = text.IndexOf('e', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent += int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            text = text[..e];
        }

        int point = text.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0)
        {
            exponent -= text.Length - point - 1;
            text = text.Remove(point, 1);
        }

        BigInteger mantissa = BigInteger.Parse(text, CultureInfo.InvariantCulture);
        if (exponent < 0)
        {
            BigInteger divisor = BigInteger.Pow(10, -exponent);
            if (!(mantissa % divisor).IsZero)
            {
                throw new ArgumentException($"{literal} is not an integer.", nameof(literal));
            }

            return mantissa / divisor;
        }

        return mantissa * BigInteger.Pow(10, exponent);
    }
}

using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>
/// A constant-product pool (x · y = k) of two tokens, in their smallest units, with a swap fee taken from the input:
/// the DEX a liquidator sells seized collateral into. <see cref="AmountOut"/> is Uniswap v2's
/// <c>UniswapV2Library.getAmountOut</c> generalised from its 0.30 % fee (997/1000) to any fee in basis points:
/// <c>out = in·(10000 − fee)·reserveOut ÷ (reserveIn·10000 + in·(10000 − fee))</c>, rounded down.
/// </summary>
/// <remarks>Immutable: a swap returns the pool after it. Thread safe.</remarks>
public sealed record ConstantProductPool
{
    /// <summary>Creates a pool.</summary>
    /// <param name="baseReserve">Reserve of the token sold into the pool (the collateral); positive.</param>
    /// <param name="quoteReserve">Reserve of the token bought from it (the debt asset); positive.</param>
    /// <param name="feeBps">Swap fee in basis points, in [0, 10000).</param>
    /// <exception cref="ArgumentOutOfRangeException">A reserve is zero or the fee is out of range.</exception>
    public ConstantProductPool(UInt256 baseReserve, UInt256 quoteReserve, int feeBps)
    {
        if (baseReserve.IsZero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseReserve), baseReserve, "baseReserve must be positive; got 0.");
        }

        if (quoteReserve.IsZero)
        {
            throw new ArgumentOutOfRangeException(nameof(quoteReserve), quoteReserve, "quoteReserve must be positive; got 0.");
        }

        if (feeBps is < 0 or >= 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(feeBps), feeBps, string.Create(CultureInfo.InvariantCulture, $"feeBps must be in [0, 10000); got {feeBps}."));
        }

        BaseReserve = baseReserve;
        QuoteReserve = quoteReserve;
        FeeBps = feeBps;
    }

    /// <summary>Reserve of the token sold into the pool.</summary>
    public UInt256 BaseReserve { get; }

    /// <summary>Reserve of the token bought from the pool.</summary>
    public UInt256 QuoteReserve { get; }

    /// <summary>Swap fee in basis points (30 for Uniswap v2).</summary>
    public int FeeBps { get; }

    /// <summary>Quote units received for selling <paramref name="amountIn"/> base units; zero for zero.</summary>
    /// <param name="amountIn">Base units sold.</param>
    /// <returns>Quote units out, rounded down.</returns>
    public UInt256 AmountOut(UInt256 amountIn)
    {
        if (amountIn.IsZero)
        {
            return UInt256.Zero;
        }

        UInt256 inWithFee = amountIn * (ulong)(10_000 - FeeBps);
        return FullMath.MulDiv(inWithFee, QuoteReserve, (BaseReserve * 10_000UL) + inWithFee);
    }

    /// <summary>Sells <paramref name="amountIn"/> base units: the quote units received and the pool after the swap.</summary>
    /// <param name="amountIn">Base units sold.</param>
    /// <returns>The amount out and the new pool (the whole input, fee included, stays in the pool).</returns>
    public (UInt256 AmountOut, ConstantProductPool Pool) Sell(UInt256 amountIn)
    {
        UInt256 amountOut = AmountOut(amountIn);
        return (amountOut, amountIn.IsZero ? this : new ConstantProductPool(BaseReserve + amountIn, QuoteReserve - amountOut, FeeBps));
    }

    /// <summary>The pool's marginal price: quote units per base unit, as a ray (1e27), rounded down.</summary>
    public UInt256 SpotPriceRay => FullMath.MulDiv(QuoteReserve, WadRayMath.Ray, BaseReserve);
}

using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>
/// The market model the lending stress runs share: the liquidators' pool priced in whole tokens, arbitrage moving it
/// part of the way to the external price, and an oracle coupled to the pool. One place for the formulas, so the
/// Aave, Morpho and Compound v2 runs price their pools alike.
/// </summary>
internal static class PoolOracle
{
    /// <summary>The pool's price in whole quote tokens per whole base token, truncated to 8 decimals.</summary>
    public static decimal Price(ConstantProductPool pool, int baseDecimals, int quoteDecimals) =>
        (decimal)((BigInteger)pool.QuoteReserve * BigInteger.Pow(10, baseDecimals) * 100_000_000
            / ((BigInteger)pool.BaseReserve * BigInteger.Pow(10, quoteDecimals))) / 100_000_000m;

    /// <summary>
    /// The oracle price: the external price moved <paramref name="coupling"/> of the way to the pool's, rounded half
    /// to even to 8 decimals and kept at least 1e-8.
    /// </summary>
    public static decimal Coupled(decimal external, decimal coupling, decimal poolPrice) =>
        Math.Max(0.00000001m, Math.Round(external + (coupling * (poolPrice - external)), 8, MidpointRounding.ToEven));

    /// <summary>
    /// Moves the pool <paramref name="share"/> of the way to <paramref name="external"/> (whole quote tokens per whole
    /// base token), keeping its constant product: base = √(k/p), quote = √(k·p), truncated to each token's units.
    /// </summary>
    public static ConstantProductPool Arbitraged(ConstantProductPool pool, decimal external, decimal share, int baseDecimals, int quoteDecimals)
    {
        decimal current = Price(pool, baseDecimals, quoteDecimals);
        if (share == 0m || current == external)
        {
            return pool;
        }

        decimal target = current + (share * (external - current));
        decimal k = pool.BaseReserve.ToDecimal(baseDecimals, MidpointRounding.ToZero) * pool.QuoteReserve.ToDecimal(quoteDecimals, MidpointRounding.ToZero);
        decimal newBase = DecimalMath.Sqrt(k / target);
        decimal newQuote = DecimalMath.Sqrt(k * target);
        return new ConstantProductPool(
            UInt256.FromDecimal(Math.Round(newBase, Math.Min(baseDecimals, 28), MidpointRounding.ToZero), baseDecimals),
            UInt256.FromDecimal(Math.Round(newQuote, Math.Min(quoteDecimals, 28), MidpointRounding.ToZero), quoteDecimals),
            pool.FeeBps);
    }
}

using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// A Morpho Blue market's immutable parameters (<c>MarketParams</c> in <c>src/interfaces/IMorpho.sol</c>): the loan
/// and collateral tokens, the liquidation loan-to-value (LLTV) and, in place of the interest rate model, a fixed
/// borrow rate per second. The oracle is not a parameter here: its price is an argument of every call that reads it.
/// </summary>
/// <remarks>
/// Source: morpho-org/morpho-blue v1.0.0 (commit 55d2d99304fb3fb930c688462ae2ccabb1d533ad). <c>enableLltv</c> in
/// <c>src/Morpho.sol</c> only admits an LLTV below <c>WAD</c> ("max LLTV exceeded"), so a larger one is refused here
/// with <see cref="ArgumentOutOfRangeException"/>. A borrow rate of zero is the market whose <c>irm</c> is
/// <c>address(0)</c>: <c>_accrueInterest</c> then adds no interest. A real IRM (AdaptiveCurveIrm) moves the rate with
/// utilisation; callers model that by changing <see cref="BorrowRatePerSecond"/> between calls. Immutable; thread safe.
/// </remarks>
public sealed record MorphoMarketParams
{
    /// <summary>Creates market parameters.</summary>
    /// <param name="loanToken">The loan token's symbol (a label; not empty).</param>
    /// <param name="collateralToken">The collateral token's symbol (a label; not empty).</param>
    /// <param name="lltv">The liquidation LTV, wad; below 1e18.</param>
    /// <param name="borrowRatePerSecond">The borrow rate the interest rate model returns, wad per second; zero for no interest.</param>
    /// <exception cref="ArgumentException">A token label is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lltv"/> is 1e18 or more.</exception>
    public MorphoMarketParams(string loanToken, string collateralToken, UInt256 lltv, UInt256 borrowRatePerSecond)
    {
        if (string.IsNullOrEmpty(loanToken))
        {
            ThrowHelper.Argument(nameof(loanToken), loanToken, "must name the loan token");
        }

        if (string.IsNullOrEmpty(collateralToken))
        {
            ThrowHelper.Argument(nameof(collateralToken), collateralToken, "must name the collateral token");
        }

        if (lltv >= MorphoMath.Wad)
        {
            ThrowHelper.OutOfRange(nameof(lltv), lltv, "must be below 1e18 (Morpho.enableLltv: max LLTV exceeded)");
        }

        LoanToken = loanToken;
        CollateralToken = collateralToken;
        Lltv = lltv;
        BorrowRatePerSecond = borrowRatePerSecond;
    }

    /// <summary>The loan token's symbol.</summary>
    public string LoanToken { get; }

    /// <summary>The collateral token's symbol.</summary>
    public string CollateralToken { get; }

    /// <summary>The liquidation loan-to-value, wad, below 1e18.</summary>
    public UInt256 Lltv { get; }

    /// <summary>The borrow rate per second (wad) used by <c>_accrueInterest</c>; zero means no interest accrues.</summary>
    public UInt256 BorrowRatePerSecond { get; }
}

/// <summary>
/// A Morpho Blue market's state (<c>Market</c> in <c>src/interfaces/IMorpho.sol</c>) together with its parameters:
/// total supply and borrow, in assets and in shares, the time of the last interest accrual and the fee.
/// </summary>
/// <remarks>
/// <para>
/// Source: morpho-org/morpho-blue v1.0.0 (commit 55d2d99304fb3fb930c688462ae2ccabb1d533ad). The four totals and the
/// fee are <c>uint128</c> on chain. Refused with <see cref="ArgumentOutOfRangeException"/> naming the parameter: a
/// total above <c>type(uint128).max</c>, a fee above <c>MAX_FEE = 0.25e18</c> (<c>setFee</c>: "max fee exceeded"),
/// and total borrow above total supply, which no sequence of Morpho calls can produce (<c>borrow</c> and
/// <c>withdraw</c> require the opposite, accrual and bad debt move both totals alike).
/// </para>
/// <para>Immutable; operations return a new market. Thread safe.</para>
/// </remarks>
public sealed record MorphoMarket
{
    /// <summary>Creates a market state.</summary>
    /// <param name="parameters">The market's parameters.</param>
    /// <param name="totalSupplyAssets">Loan tokens supplied plus interest, minus bad debt (smallest units).</param>
    /// <param name="totalSupplyShares">Supply shares outstanding.</param>
    /// <param name="totalBorrowAssets">Loan tokens borrowed plus interest (smallest units).</param>
    /// <param name="totalBorrowShares">Borrow shares outstanding.</param>
    /// <param name="lastUpdate">Unix time (seconds) of the last interest accrual.</param>
    /// <param name="fee">The share of interest taken as fee, wad, at most 0.25e18.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value breaks a rule in the remarks.</exception>
    public MorphoMarket(
        MorphoMarketParams parameters,
        UInt256 totalSupplyAssets,
        UInt256 totalSupplyShares,
        UInt256 totalBorrowAssets,
        UInt256 totalBorrowShares,
        ulong lastUpdate,
        UInt256 fee)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckUInt128(totalSupplyAssets, nameof(totalSupplyAssets));
        CheckUInt128(totalSupplyShares, nameof(totalSupplyShares));
        CheckUInt128(totalBorrowAssets, nameof(totalBorrowAssets));
        CheckUInt128(totalBorrowShares, nameof(totalBorrowShares));
        if (fee > MorphoMath.MaxFee)
        {
            ThrowHelper.OutOfRange(nameof(fee), fee, "must be at most 0.25e18 (Morpho.setFee: max fee exceeded)");
        }

        if (totalBorrowAssets > totalSupplyAssets)
        {
            ThrowHelper.OutOfRange(nameof(totalBorrowAssets), totalBorrowAssets, "must not exceed totalSupplyAssets " + totalSupplyAssets.ToString() + " (Morpho keeps borrow within supply)");
        }

        Parameters = parameters;
        TotalSupplyAssets = totalSupplyAssets;
        TotalSupplyShares = totalSupplyShares;
        TotalBorrowAssets = totalBorrowAssets;
        TotalBorrowShares = totalBorrowShares;
        LastUpdate = lastUpdate;
        Fee = fee;
    }

    /// <summary>The market's parameters.</summary>
    public MorphoMarketParams Parameters { get; }

    /// <summary><c>totalSupplyAssets</c>.</summary>
    public UInt256 TotalSupplyAssets { get; }

    /// <summary><c>totalSupplyShares</c>.</summary>
    public UInt256 TotalSupplyShares { get; }

    /// <summary><c>totalBorrowAssets</c>.</summary>
    public UInt256 TotalBorrowAssets { get; }

    /// <summary><c>totalBorrowShares</c>.</summary>
    public UInt256 TotalBorrowShares { get; }

    /// <summary><c>lastUpdate</c>: Unix seconds of the last accrual.</summary>
    public ulong LastUpdate { get; }

    /// <summary><c>fee</c>, wad.</summary>
    public UInt256 Fee { get; }

    internal static void CheckUInt128(in UInt256 value, string paramName)
    {
        if (value > MorphoMath.MaxUInt128)
        {
            ThrowHelper.OutOfRange(paramName, value, "must fit in uint128 (Morpho stores it as uint128)");
        }
    }
}

/// <summary>
/// One account's position in a Morpho Blue market (<c>Position</c> in <c>src/interfaces/IMorpho.sol</c>): supply
/// shares, borrow shares and collateral (collateral in the collateral token's smallest units; Morpho pays no interest
/// on it and keeps no market total of it).
/// </summary>
/// <remarks>
/// Source: morpho-org/morpho-blue v1.0.0 (commit 55d2d99304fb3fb930c688462ae2ccabb1d533ad). Borrow shares and
/// collateral are <c>uint128</c> on chain; larger values are refused with <see cref="ArgumentOutOfRangeException"/>.
/// <c>default</c> is the empty position. Immutable; thread safe.
/// </remarks>
public readonly record struct MorphoPosition
{
    /// <summary>Creates a position.</summary>
    /// <param name="supplyShares">Supply shares held.</param>
    /// <param name="borrowShares">Borrow shares owed; at most <c>type(uint128).max</c>.</param>
    /// <param name="collateral">Collateral deposited (smallest units); at most <c>type(uint128).max</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="borrowShares"/> or <paramref name="collateral"/> exceeds <c>uint128</c>.</exception>
    public MorphoPosition(UInt256 supplyShares, UInt256 borrowShares, UInt256 collateral)
    {
        MorphoMarket.CheckUInt128(borrowShares, nameof(borrowShares));
        MorphoMarket.CheckUInt128(collateral, nameof(collateral));
        SupplyShares = supplyShares;
        BorrowShares = borrowShares;
        Collateral = collateral;
    }

    /// <summary><c>supplyShares</c>.</summary>
    public UInt256 SupplyShares { get; }

    /// <summary><c>borrowShares</c>.</summary>
    public UInt256 BorrowShares { get; }

    /// <summary><c>collateral</c>, in the collateral token's smallest units.</summary>
    public UInt256 Collateral { get; }
}

using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// A user's holding in one Aave reserve: scaled aToken (supplied) and scaled variable-debt balances, as the tokens
/// store them, and whether the supply is enabled as collateral.
/// </summary>
/// <remarks>
/// <para>
/// Balances are the scaled balances times the reserve's indices (<see cref="AaveReserve.LiquidityIndex"/>,
/// <see cref="AaveReserve.VariableBorrowIndex"/>); with both indices at 1 ray they are the plain balances. To start
/// from plain balances at other indices use <see cref="AaveMarket.PositionFromBalances"/>, which scales them the way
/// the version mints. Immutable; safe to share between threads.
/// </para>
/// </remarks>
public readonly record struct AavePosition
{
    /// <summary>Creates a position.</summary>
    /// <param name="symbol">The reserve's symbol.</param>
    /// <param name="scaledCollateral">The scaled aToken balance, in the token's smallest units.</param>
    /// <param name="scaledDebt">The scaled variable-debt balance, in the token's smallest units.</param>
    /// <param name="collateralEnabled">Whether the user uses the supply as collateral.</param>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is null or empty.</exception>
    public AavePosition(string symbol, UInt256 scaledCollateral, UInt256 scaledDebt, bool collateralEnabled)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            ThrowHelper.Argument(nameof(symbol), symbol, "must not be empty");
        }

        Symbol = symbol;
        ScaledCollateral = scaledCollateral;
        ScaledDebt = scaledDebt;
        CollateralEnabled = collateralEnabled;
    }

    /// <summary>The reserve's symbol.</summary>
    public string Symbol { get; }

    /// <summary>The scaled aToken balance.</summary>
    public UInt256 ScaledCollateral { get; init; }

    /// <summary>The scaled variable-debt balance.</summary>
    public UInt256 ScaledDebt { get; init; }

    /// <summary>Whether the supply counts as collateral.</summary>
    public bool CollateralEnabled { get; init; }
}

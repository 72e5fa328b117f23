using System.Collections.Immutable;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Lending;

/// <summary>An Aave v3 user: the eMode category chosen and one <see cref="AavePosition"/> per reserve used.</summary>
/// <remarks>
/// Positions keep the order given (the reserve order of the account's own making); results are sums and do not
/// depend on it. A symbol may appear once. Immutable; safe to share between threads.
/// </remarks>
public sealed record AaveUserAccount
{
    /// <summary>Creates an account.</summary>
    /// <param name="eModeCategory">The user's eMode category id, 0 (none) to 255.</param>
    /// <param name="positions">One position per reserve, no symbol twice.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eModeCategory"/> is outside 0 to 255.</exception>
    /// <exception cref="ArgumentException"><paramref name="positions"/> names a reserve twice or holds a default position.</exception>
    public AaveUserAccount(int eModeCategory, IEnumerable<AavePosition> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (eModeCategory is < 0 or > 255)
        {
            ThrowHelper.OutOfRange(nameof(eModeCategory), eModeCategory, "must be 0 (no eMode) to 255");
        }

        ImmutableArray<AavePosition> array = [.. positions];
        for (int i = 0; i < array.Length; i++)
        {
            if (array[i].Symbol is null)
            {
                ThrowHelper.Argument(nameof(positions), i, "must not hold a default AavePosition (at the index given)");
            }

            for (int j = 0; j < i; j++)
            {
                if (string.Equals(array[i].Symbol, array[j].Symbol, StringComparison.Ordinal))
                {
                    ThrowHelper.Argument(nameof(positions), array[i].Symbol, "must name each reserve once");
                }
            }
        }

        EModeCategory = eModeCategory;
        Positions = array;
    }

    /// <summary>The user's eMode category id; 0 for none.</summary>
    public int EModeCategory { get; }

    /// <summary>The positions, one per reserve used.</summary>
    public ImmutableArray<AavePosition> Positions { get; private init; }

    /// <summary>The index in <see cref="Positions"/> of the position in <paramref name="symbol"/>, or −1.</summary>
    /// <param name="symbol">A reserve symbol.</param>
    /// <returns>The index, or −1 when the user holds nothing there.</returns>
    public int IndexOf(string symbol)
    {
        ImmutableArray<AavePosition> positions = Positions;
        for (int i = 0; i < positions.Length; i++)
        {
            if (string.Equals(positions[i].Symbol, symbol, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal AaveUserAccount WithPositions(ImmutableArray<AavePosition> positions) => this with { Positions = positions };
}

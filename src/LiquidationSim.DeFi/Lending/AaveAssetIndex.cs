using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// An index from each asset to the accounts that hold it (as collateral or as debt), so that after one price change
/// only the accounts exposed to that asset need their health factor recomputed.
/// </summary>
/// <remarks>
/// <para>
/// A health factor depends on a price only through the positions in that asset (§1.3): an account with no position
/// in the asset keeps its health factor bit for bit when the asset's price moves. So after
/// <see cref="AaveMarket.WithPrice"/>, recomputing <see cref="AccountsHolding"/> of that asset is exactly a full
/// recompute, at the cost of the asset's holders instead of every account (DESIGN.md principle 7).
/// </para>
/// <para>
/// Account numbers are positions in the list the index was built from; each asset's list is ascending. A position
/// with zero scaled collateral and zero scaled debt is not indexed. The index is built once for a set of accounts;
/// when an account's positions change (a liquidation), rebuild it or keep the new account's assets a subset of the
/// old. Immutable; safe to share between threads.
/// </para>
/// </remarks>
public sealed class AaveAssetIndex
{
    private readonly FrozenDictionary<string, int[]> _holders;

    private AaveAssetIndex(FrozenDictionary<string, int[]> holders, int accountCount)
    {
        _holders = holders;
        AccountCount = accountCount;
    }

    /// <summary>The number of accounts indexed.</summary>
    public int AccountCount { get; }

    /// <summary>Builds the index of <paramref name="accounts"/>.</summary>
    /// <param name="accounts">The accounts, numbered by their position in the list.</param>
    /// <returns>The index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="accounts"/> or one of its accounts is null.</exception>
    public static AaveAssetIndex Build(IReadOnlyList<AaveUserAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var lists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int id = 0; id < accounts.Count; id++)
        {
            AaveUserAccount account = accounts[id] ?? throw new ArgumentNullException(nameof(accounts), $"Account {id} is null.");
            foreach (AavePosition position in account.Positions)
            {
                if (position.ScaledCollateral.IsZero && position.ScaledDebt.IsZero)
                {
                    continue;
                }

                if (!lists.TryGetValue(position.Symbol, out List<int>? list))
                {
                    list = [];
                    lists.Add(position.Symbol, list);
                }

                list.Add(id);
            }
        }

        return new AaveAssetIndex(lists.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), accounts.Count);
    }

    /// <summary>The accounts holding <paramref name="symbol"/>, ascending; empty when none does.</summary>
    /// <param name="symbol">An asset symbol.</param>
    /// <returns>The account numbers.</returns>
    public ImmutableArray<int> AccountsHolding(string symbol) =>
        symbol is not null && _holders.TryGetValue(symbol, out int[]? ids) ? ImmutableCollectionsMarshal.AsImmutableArray(ids) : [];
}

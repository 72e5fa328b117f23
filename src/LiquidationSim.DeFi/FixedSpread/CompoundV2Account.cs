using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// An account's position in one Compound v2 market it has entered: its cToken balance
/// (<c>accountTokens[account]</c>) and its borrow snapshot (<c>accountBorrows[account]</c>: principal and the
/// borrow index when it was last updated).
/// </summary>
/// <param name="Market">The market's name.</param>
/// <param name="CTokenBalance">cTokens held (smallest units); counted as collateral at the market's collateral factor.</param>
/// <param name="BorrowPrincipal"><c>BorrowSnapshot.principal</c>: underlying owed when the snapshot was taken (smallest units).</param>
/// <param name="BorrowInterestIndex"><c>BorrowSnapshot.interestIndex</c>: the market's borrow index at that time; not zero when the principal is not.</param>
/// <remarks>
/// The borrow balance now is <c>principal × borrowIndex / interestIndex</c>, truncated
/// (<c>CToken.borrowBalanceStoredInternal</c>); see <see cref="CompoundV2Liquidation.BorrowBalanceStored"/>.
/// Immutable; thread safe.
/// </remarks>
public readonly record struct CompoundV2AccountMarket(string Market, UInt256 CTokenBalance, UInt256 BorrowPrincipal, UInt256 BorrowInterestIndex);

/// <summary>
/// A Compound v2 account: the markets it has entered (<c>accountAssets</c>), in entry order, with its balance in each.
/// </summary>
/// <remarks>
/// <para>
/// Only entered markets count in <c>getHypotheticalAccountLiquidityInternal</c> (compound-protocol
/// <c>Comptroller.sol</c>, commit a3214f6), and borrowing enters a market, so this model lists entered markets
/// only: a cToken balance in a market the account has not entered (which the protocol can still seize) is not
/// modelled.
/// </para>
/// <para>
/// Refused (<see cref="ArgumentException"/> naming the parameter): an empty id, a market listed twice, an empty
/// market name, a non-zero principal with a zero interest index. Markets are checked against a Comptroller when the
/// account is used (an unknown market is refused then). Immutable; validation also runs on <c>with</c>; thread safe.
/// </para>
/// </remarks>
public sealed record CompoundV2Account
{
    private readonly string _id = "";
    private readonly ImmutableArray<CompoundV2AccountMarket> _markets = [];

    /// <summary>Creates an account.</summary>
    /// <param name="id">The account's identifier (an address or a label).</param>
    /// <param name="markets">The entered markets, in entry order, each at most once.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule in the remarks.</exception>
    public CompoundV2Account(string id, IEnumerable<CompoundV2AccountMarket> markets)
    {
        Id = id;
        Markets = [.. markets ?? throw new ArgumentNullException(nameof(markets))];
    }

    /// <summary>The account's identifier.</summary>
    public string Id { get => _id; init => _id = CompoundChecks.Name(value, nameof(Id)); }

    /// <summary>The entered markets with their balances, in entry order.</summary>
    public ImmutableArray<CompoundV2AccountMarket> Markets
    {
        get => _markets;
        init
        {
            if (value.IsDefault)
            {
                ThrowHelper.Argument(nameof(Markets), null, "must not be a default array");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (CompoundV2AccountMarket position in value)
            {
                CompoundChecks.Name(position.Market, nameof(Markets));
                if (!seen.Add(position.Market))
                {
                    ThrowHelper.Argument(nameof(Markets), position.Market, "must not enter the same market twice");
                }

                if (!position.BorrowPrincipal.IsZero && position.BorrowInterestIndex.IsZero)
                {
                    ThrowHelper.Argument(nameof(Markets), position.Market, "must give a non-zero borrow interest index with a non-zero principal");
                }
            }

            _markets = value;
        }
    }

    /// <summary>The position in <paramref name="market"/>, or an empty one (not entered) when the account has none.</summary>
    /// <param name="market">A market name.</param>
    /// <returns>The position; an empty position has zero balances.</returns>
    public CompoundV2AccountMarket GetPosition(string market)
    {
        foreach (CompoundV2AccountMarket position in _markets)
        {
            if (string.Equals(position.Market, market, StringComparison.Ordinal))
            {
                return position;
            }
        }

        return new CompoundV2AccountMarket(market, UInt256.Zero, UInt256.Zero, UInt256.Zero);
    }

    /// <summary>A copy with <paramref name="position"/> replacing the position in the same market, or appended (entered) when there is none.</summary>
    /// <param name="position">The new position.</param>
    /// <returns>The new account.</returns>
    public CompoundV2Account WithPosition(CompoundV2AccountMarket position)
    {
        for (int i = 0; i < _markets.Length; i++)
        {
            if (string.Equals(_markets[i].Market, position.Market, StringComparison.Ordinal))
            {
                return this with { Markets = _markets.SetItem(i, position) };
            }
        }

        return this with { Markets = _markets.Add(position) };
    }
}

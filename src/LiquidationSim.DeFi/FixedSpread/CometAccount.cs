using System.Collections.Immutable;
using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>An account's balance of one Comet collateral asset (<c>userCollateral[account][asset].balance</c>).</summary>
/// <param name="Asset">The asset's symbol.</param>
/// <param name="Balance">Smallest units supplied; a <c>uint128</c>.</param>
public readonly record struct CometCollateralBalance(string Asset, UInt256 Balance);

/// <summary>
/// A Comet account: its base principal (<c>userBasic[account].principal</c>, an <c>int104</c>: positive supplies,
/// negative borrows, both in principal units that the base indices turn into present values) and its collateral.
/// </summary>
/// <remarks>
/// <para>
/// Source: compound-finance/comet commit d5a30b0, <c>CometStorage.sol</c> (<c>UserBasic</c>, <c>UserCollateral</c>).
/// Comet keeps a bitmap <c>assetsIn</c> of the assets with a non-zero balance; here an asset is "in" exactly when its
/// balance is above zero, and the market's asset order (not this list's order) decides the visiting order.
/// </para>
/// <para>
/// Refused (<see cref="ArgumentException"/> naming the property): an empty id, a principal outside <c>int104</c>, an
/// asset listed twice, a balance above <c>uint128</c>. Asset names are checked against a market when the account is
/// used. Immutable; validation also runs on <c>with</c>; thread safe.
/// </para>
/// </remarks>
public sealed record CometAccount
{
    private static readonly UInt256 s_uint128Max = (UInt256)((BigInteger.One << 128) - 1);

    private readonly string _id = "";
    private readonly BigInteger _principal;
    private readonly ImmutableArray<CometCollateralBalance> _collateral = [];

    /// <summary>Creates an account.</summary>
    /// <param name="id">The account's identifier.</param>
    /// <param name="principal">The base principal: positive supplies, negative borrows; within <c>int104</c>.</param>
    /// <param name="collateral">Collateral balances, each asset at most once.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule in the remarks.</exception>
    public CometAccount(string id, BigInteger principal, IEnumerable<CometCollateralBalance> collateral)
    {
        Id = id;
        Principal = principal;
        Collateral = [.. collateral ?? throw new ArgumentNullException(nameof(collateral))];
    }

    /// <summary>The account's identifier.</summary>
    public string Id { get => _id; init => _id = CompoundChecks.Name(value, nameof(Id)); }

    /// <summary><c>principal</c> (an <c>int104</c>): positive supplies, negative borrows.</summary>
    public BigInteger Principal { get => _principal; init => _principal = CompoundChecks.Int104(value, nameof(Principal)); }

    /// <summary>Collateral balances (zero balances are allowed and count as not held).</summary>
    public ImmutableArray<CometCollateralBalance> Collateral
    {
        get => _collateral;
        init
        {
            if (value.IsDefault)
            {
                ThrowHelper.Argument(nameof(Collateral), null, "must not be a default array");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (CometCollateralBalance balance in value)
            {
                CompoundChecks.Name(balance.Asset, nameof(Collateral));
                if (!seen.Add(balance.Asset))
                {
                    ThrowHelper.Argument(nameof(Collateral), balance.Asset, "must list each asset once");
                }

                CompoundChecks.AtMost(balance.Balance, s_uint128Max, nameof(Collateral), "must hold balances that fit in uint128");
            }

            _collateral = value;
        }
    }

    /// <summary>The balance of <paramref name="asset"/>, zero when none is listed.</summary>
    /// <param name="asset">An asset symbol.</param>
    /// <returns>Smallest units.</returns>
    public UInt256 CollateralBalanceOf(string asset)
    {
        foreach (CometCollateralBalance balance in _collateral)
        {
            if (string.Equals(balance.Asset, asset, StringComparison.Ordinal))
            {
                return balance.Balance;
            }
        }

        return UInt256.Zero;
    }
}

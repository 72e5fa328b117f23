using System.Globalization;

namespace LiquidationSim.Accounts;

/// <summary>
/// Identifies an account (a trader's margin account, a subaccount on dYdX) within a venue simulation. A number,
/// not a string, so that a million-account population stays compact; ordering by id is the deterministic
/// tie-breaker wherever a venue's rule leaves an order open.
/// </summary>
/// <param name="Value">The id.</param>
public readonly record struct AccountId(long Value) : IComparable<AccountId>
{
    /// <inheritdoc/>
    public int CompareTo(AccountId other) => Value.CompareTo(other.Value);

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using LiquidationSim.Accounts;

namespace LiquidationSim.Tests.Support;

/// <summary>Every field of a position, as plain values.</summary>
internal sealed record PositionState(
    string Symbol, PositionSide Side, decimal Size, decimal EntryPrice, MarginMode MarginMode, decimal Leverage, decimal IsolatedMargin)
{
    public static PositionState Of(Position p) => new(p.Symbol, p.Side, p.Size, p.EntryPrice, p.MarginMode, p.Leverage, p.IsolatedMargin);
}

/// <summary>
/// A structural snapshot of an <see cref="Account"/>: wallet, mode and each position's fields in order. Used to
/// check "nothing changed" and "replay gives the same account" without relying on the account's own equality.
/// </summary>
internal sealed record AccountState(string SettlementAsset, decimal WalletBalance, PositionMode Mode, PositionState[] Positions)
{
    public static AccountState Of(Account a) =>
        new(a.SettlementAsset, a.WalletBalance, a.PositionMode, a.Positions.Select(PositionState.Of).ToArray());

    public bool Equals(AccountState? other) =>
        other is not null
        && SettlementAsset == other.SettlementAsset
        && WalletBalance == other.WalletBalance
        && Mode == other.Mode
        && Positions.SequenceEqual(other.Positions);

    public override int GetHashCode() => HashCode.Combine(SettlementAsset, WalletBalance, Mode, Positions.Length);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{WalletBalance} {SettlementAsset} {Mode} [{string.Join("; ", Positions.Select(p => p.ToString()))}]");
}

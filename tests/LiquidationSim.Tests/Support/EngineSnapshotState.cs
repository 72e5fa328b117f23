using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Tests.Support;

/// <summary>One account of an engine as plain values: the structural snapshot plus its resting orders.</summary>
internal sealed record EngineAccountState(AccountId Id, AccountState Account, RestingOrder[] Orders)
{
    public bool Equals(EngineAccountState? other) =>
        other is not null && Id == other.Id && Account.Equals(other.Account) && Orders.SequenceEqual(other.Orders);

    public override int GetHashCode() => HashCode.Combine(Id, Account, Orders.Length);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Id}: {Account} orders [{string.Join(", ", Orders)}]");
}

/// <summary>One book as plain values.</summary>
internal sealed record BookState(string Symbol, PriceLevel[] Bids, PriceLevel[] Asks)
{
    public bool Equals(BookState? other) =>
        other is not null && Symbol == other.Symbol && Bids.SequenceEqual(other.Bids) && Asks.SequenceEqual(other.Asks);

    public override int GetHashCode() => HashCode.Combine(Symbol, Bids.Length, Asks.Length);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Symbol} bids [{string.Join(", ", Bids)}] asks [{string.Join(", ", Asks)}]");
}

/// <summary>
/// Everything observable about a <see cref="LiquidationEngine"/>: every account (by value, orders included), the
/// insurance fund, bad debt, each book's levels, each mark and the clock. Replay and determinism compare these.
/// </summary>
internal sealed record EngineSnapshotState(
    EngineAccountState[] Accounts, decimal InsuranceFund, decimal BadDebt, BookState[] Books, decimal[] Marks, DateTimeOffset Time)
{
    public static EngineSnapshotState Of(LiquidationEngine engine, IEnumerable<string> symbols)
    {
        string[] ordered = [.. symbols.Order(StringComparer.Ordinal)];
        return new EngineSnapshotState(
            [.. engine.AccountIds.Select(id =>
            {
                Account a = engine.GetAccount(id);
                return new EngineAccountState(id, AccountState.Of(a), [.. a.Orders]);
            })],
            engine.InsuranceFund,
            engine.BadDebt,
            [.. ordered.Select(s => new BookState(s, [.. engine.Book(s).Bids], [.. engine.Book(s).Asks]))],
            [.. ordered.Select(engine.MarkPrice)],
            engine.Time);
    }

    public bool Equals(EngineSnapshotState? other) =>
        other is not null
        && Accounts.SequenceEqual(other.Accounts)
        && InsuranceFund == other.InsuranceFund
        && BadDebt == other.BadDebt
        && Books.SequenceEqual(other.Books)
        && Marks.SequenceEqual(other.Marks)
        && Time == other.Time;

    public override int GetHashCode() => HashCode.Combine(Accounts.Length, InsuranceFund, BadDebt, Books.Length);

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"fund {InsuranceFund}, bad debt {BadDebt}, time {Time:O}\n  {string.Join("\n  ", Accounts.Select(a => a.ToString()))}\n  {string.Join("\n  ", Books.Select(b => b.ToString()))}\n  marks [{string.Join(", ", Marks)}]");
}

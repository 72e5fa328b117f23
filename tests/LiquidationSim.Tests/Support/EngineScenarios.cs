using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Tests.Support;

/// <summary>Small builders for hand-worked liquidation-engine scenarios.</summary>
internal static class EngineScenarios
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A linear test contract with a flat maintenance rate: tick 0.1, lot 1 unless given.</summary>
    public static Instrument Linear(string symbol, decimal maintenanceRate, decimal maxLeverage = 50m, decimal tick = 0.1m, decimal lot = 1m) =>
        Instrument.Linear(symbol, symbol[..^4], "USDT", TestInstruments.Flat(maintenanceRate, maxLeverage), tick, lot);

    /// <summary>An account holding one isolated position with exactly <paramref name="margin"/> and <paramref name="wallet"/> free.</summary>
    public static Account Isolated(Instrument instrument, PositionSide side, decimal size, decimal entry, decimal leverage, decimal margin, decimal wallet = 0m) =>
        Account.Create(instrument.SettlementAsset, wallet + margin)
            .WithPosition(Position.Open(instrument, side, size, entry, MarginMode.Isolated, leverage, margin));

    /// <summary>A one-way cross account with <paramref name="wallet"/> and the given positions.</summary>
    public static Account Cross(decimal wallet, params (Instrument Instrument, PositionSide Side, decimal Size, decimal Entry, decimal Leverage)[] positions) =>
        Cross(wallet, PositionMode.OneWay, positions);

    /// <summary>A cross account in <paramref name="mode"/> with <paramref name="wallet"/> and the given positions.</summary>
    public static Account Cross(decimal wallet, PositionMode mode, params (Instrument Instrument, PositionSide Side, decimal Size, decimal Entry, decimal Leverage)[] positions)
    {
        Account a = Account.Create(positions.Length > 0 ? positions[0].Instrument.SettlementAsset : "USDT", wallet, mode);
        foreach ((Instrument i, PositionSide side, decimal size, decimal entry, decimal leverage) in positions)
        {
            a = a.WithPosition(Position.Open(i, side, size, entry, MarginMode.Cross, leverage));
        }

        return a;
    }

    /// <summary>One book per instrument with the given bids and asks (asks default to one deep level far above).</summary>
    public static OrderBook Book(Instrument instrument, PriceLevel[] bids, PriceLevel[]? asks = null) =>
        OrderBook.Create(instrument.Symbol, bids, asks ?? []);

    /// <summary>An engine over the given instruments, books, opening marks, fund and accounts (ids as given).</summary>
    public static LiquidationEngine Engine(
        VenueProfile profile, (Instrument Instrument, decimal Mark, OrderBook Book)[] symbols, decimal fund, params (long Id, Account Account)[] accounts)
    {
        LiquidationEngineBuilder builder = LiquidationEngine.CreateBuilder(profile, T0).WithInsuranceFund(fund);
        foreach ((Instrument instrument, decimal mark, OrderBook book) in symbols)
        {
            builder.AddInstrument(instrument, mark, book);
        }

        return builder.AddAccounts(accounts.Select(a => KeyValuePair.Create(new AccountId(a.Id), a.Account))).Build();
    }

    /// <summary>An engine over one instrument.</summary>
    public static LiquidationEngine Engine(
        VenueProfile profile, Instrument instrument, decimal mark, decimal fund, PriceLevel[] bids, PriceLevel[] asks, params (long Id, Account Account)[] accounts) =>
        Engine(profile, [(instrument, mark, Book(instrument, bids, asks))], fund, accounts);

    public static AccountId Id(long id) => new(id);

    /// <summary>Σ realised PnL + Σ fund trading PnL over a log: what may move the engine's total value.</summary>
    public static decimal Explained(IEnumerable<LiquidationEvent> events) =>
        events.OfType<PositionClosed>().Sum(e => e.RealizedPnl) + events.OfType<InsuranceFundTrade>().Sum(e => e.Pnl);
}

using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Tests.Support;

/// <summary>An account, the cross position to solve, an optional isolated position, marks for every symbol, and a model.</summary>
internal sealed record AccountCase(Account Account, Position Target, Position? Isolated, Dictionary<string, decimal> Marks, MarginModel Model)
{
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Account}: [{string.Join("; ", Account.Positions)}], marks [{string.Join(", ", Marks.Select(m => $"{m.Key}={m.Value}"))}], target {Target}, {Model.Name}/{Model.Basis}");
}

/// <summary>A hedge-mode pair to solve with <see cref="LiquidationPriceSolver.CrossHedge"/>.</summary>
internal sealed record PairCase(Instrument Instrument, PositionLeg LongLeg, PositionLeg ShortLeg, CrossMarginContext Context, MarginModel Model)
{
    public decimal MinEntry => Math.Min(LongLeg.EntryPrice, ShortLeg.EntryPrice);

    public decimal MaxEntry => Math.Max(LongLeg.EntryPrice, ShortLeg.EntryPrice);

    public LiquidationEstimate Solve() => LiquidationPriceSolver.CrossHedge(Instrument, LongLeg, ShortLeg, Context, Model);

    /// <summary>
    /// Margin balance − maintenance margin at <paramref name="price"/>, from MarginMath and the table: wallet + other
    /// UPnL + both legs' UPnL − other MM − MM of each gross leg (at the price, or at its entry under EntryValue).
    /// </summary>
    public decimal Surplus(decimal price)
    {
        decimal balance = MarginMath.MarginBalance(
            Context.WalletBalance + Context.OtherUnrealizedPnl,
            MarginMath.UnrealizedPnl(Instrument, PositionSide.Long, LongLeg.Size, LongLeg.EntryPrice, price)
            + MarginMath.UnrealizedPnl(Instrument, PositionSide.Short, ShortLeg.Size, ShortLeg.EntryPrice, price));
        bool atMark = Model.Basis == MaintenanceBasis.MarkValue;
        decimal mm = Context.OtherMaintenanceMargin
            + Instrument.RiskTiers.MaintenanceMargin(Instrument.Notional(LongLeg.Size, atMark ? price : LongLeg.EntryPrice))
            + Instrument.RiskTiers.MaintenanceMargin(Instrument.Notional(ShortLeg.Size, atMark ? price : ShortLeg.EntryPrice));
        return balance - mm;
    }

    public decimal OneTickOfPnl(decimal price)
    {
        decimal tick = Instrument.TickSize;
        decimal k = (LongLeg.Size + ShortLeg.Size) * Instrument.ContractSize;
        return Instrument.Kind == ContractKind.Linear ? k * tick : k * tick / price / (price + tick);
    }

    /// <summary>One tick of PnL, floored at decimal's resolution on the amounts involved (see <see cref="SolveCase.Tolerance"/>).</summary>
    public decimal Tolerance(decimal price)
    {
        decimal scale = Instrument.Notional(LongLeg.Size, LongLeg.EntryPrice) + Instrument.Notional(ShortLeg.Size, ShortLeg.EntryPrice)
            + Math.Abs(Context.WalletBalance) + Context.OtherMaintenanceMargin + Math.Abs(Context.OtherUnrealizedPnl);
        return Math.Max(OneTickOfPnl(price), 1e-20m * scale);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Instrument} [{Instrument.RiskTiers.Name}] long {LongLeg} short {ShortLeg} {Context} {Model.Name}/{Model.Basis}");
}

/// <summary>Generators of accounts with several positions, for ForPosition and hedge-mode properties.</summary>
internal static class AccountCases
{
    private static Gen<PositionCase> PositionIn(string symbol, bool linear) =>
        from t in MarginCases.Table
        from p in MarginCases.PositionOn(linear ? MarginCases.LinearInstrument(t.Table, symbol) : MarginCases.InverseInstrument(t.Table, symbol), t.Lo, t.Hi)
        select p;

    private static string Symbol(string stem, bool linear) => linear ? stem + "USDT" : stem + "USD";

    // Leverage 1 is allowed by every bracket of every test table, so opening never fails on leverage.
    private static Position Open(PositionCase p, MarginMode mode, PositionSide? side = null) =>
        Position.Open(p.Instrument, side ?? p.Side, p.Size, p.Entry, mode, 1m);

    private static Gen<decimal> MarkFor(decimal entry) => MarginCases.Fraction(0.5m, 1.5m).Select(f => entry * f);

    private static Gen<AccountCase> Build(bool hedge) =>
        from linear in Gen.Elements(true, false)
        from target in PositionIn(Symbol("AAA", linear), linear)
        from oppositeFraction in Gen.Frequency((1, Gen.Constant(-1m)), (4, MarginCases.Fraction(0.1m, 2m)))
        from oppositeEntryFraction in MarginCases.Fraction(0.8m, 1.2m)
        from otherCount in Gen.Choose(0, 2)
        from others in Gen.CollectToList(Enumerable.Range(0, otherCount), i => PositionIn(Symbol(((char)('B' + i)).ToString() + "XX", linear), linear))
        from withIsolated in Gen.Elements(true, false)
        from isolated in PositionIn(Symbol("ISO", linear), linear)
        from walletFraction in MarginCases.CollateralFraction
        from targetAt in Gen.Choose(0, otherCount)
        from markFractions in Gen.ArrayOf(MarginCases.Fraction(0.5m, 1.5m), 5)
        from model in Gen.Elements(MarginCases.Models)
        select Assemble(hedge, linear, target, oppositeFraction, oppositeEntryFraction, others, withIsolated ? isolated : null, walletFraction, targetAt, markFractions, model);

    private static AccountCase Assemble(
        bool hedge,
        bool linear,
        PositionCase target,
        decimal oppositeFraction,
        decimal oppositeEntryFraction,
        List<PositionCase> others,
        PositionCase? isolated,
        decimal walletFraction,
        int targetAt,
        decimal[] markFractions,
        MarginModel model)
    {
        Position targetPosition = Open(target, MarginMode.Cross, hedge ? PositionSide.Long : null);
        var cross = others.Select(o => Open(o, MarginMode.Cross)).ToList();
        cross.Insert(targetAt, targetPosition);
        if (hedge)
        {
            // Same symbol and instrument as the long; its own entry, and a size that is sometimes exactly the long's (flat).
            decimal entry = target.Entry * oppositeEntryFraction;
            decimal size = oppositeFraction < 0m ? target.Size : MarginCases.SizeFor(target.Instrument, target.EntryNotional * oppositeFraction, entry);
            cross.Add(Position.Open(target.Instrument, PositionSide.Short, size, entry, MarginMode.Cross, 1m));
        }

        Position? iso = isolated is null ? null : Open(isolated, MarginMode.Isolated);
        decimal crossNotional = cross.Sum(p => p.EntryNotional);
        decimal wallet = MarginCases.Round8(crossNotional * walletFraction) + (iso?.IsolatedMargin ?? 0m);

        Account account = Account.Create(linear ? "USDT" : "BTC", wallet, hedge ? PositionMode.Hedge : PositionMode.OneWay);
        foreach (Position p in cross)
        {
            account = account.WithPosition(p);
        }

        if (iso is not null)
        {
            account = account.WithPosition(iso);
        }

        var marks = new Dictionary<string, decimal>();
        int i = 0;
        foreach (Position p in account.Positions)
        {
            if (!marks.ContainsKey(p.Symbol))
            {
                marks[p.Symbol] = p.EntryPrice * markFractions[i++];
            }
        }

        return new AccountCase(account, targetPosition, iso, marks, model);
    }

    /// <summary>One-way account: the target cross position, up to two other cross positions, maybe an isolated one.</summary>
    public static Gen<AccountCase> OneWay { get; } = Build(hedge: false);

    /// <summary>Hedge-mode account: a cross long (the target) and a cross short in the same symbol, plus others.</summary>
    public static Gen<AccountCase> HedgePair { get; } = Build(hedge: true);

    /// <summary>A long and a short leg in one instrument with a random cross context.</summary>
    public static Gen<PairCase> Pair { get; } =
        from t in MarginCases.Table
        from linear in Gen.Elements(true, false)
        from instrument in linear ? MarginCases.LinearInstrument(t.Table) : MarginCases.InverseInstrument(t.Table)
        from l in MarginCases.PositionOn(Gen.Constant(instrument), t.Lo, t.Hi)
        from s in MarginCases.PositionOn(Gen.Constant(instrument), t.Lo, t.Hi)
        from w in MarginCases.CollateralFraction
        from tmm in MarginCases.Fraction(0m, 1m)
        from upnl in MarginCases.Fraction(-1.5m, 0.5m)
        from model in Gen.Elements(MarginCases.Models)
        let gross = l.EntryNotional + s.EntryNotional
        select new PairCase(
            instrument,
            new PositionLeg(l.Size, l.Entry),
            new PositionLeg(s.Size, s.Entry),
            new CrossMarginContext(MarginCases.Round8(gross * w), MarginCases.Round8(gross * tmm), MarginCases.Round8(gross * upnl)),
            model);
}

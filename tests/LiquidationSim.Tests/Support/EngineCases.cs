using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Tests.Support;

/// <summary>One symbol of a generated engine: its contract, opening mark and order book.</summary>
internal sealed record SymbolSpec(Instrument Instrument, decimal Start, PriceLevel[] Bids, PriceLevel[] Asks)
{
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Instrument.Symbol} ({Instrument.Kind}, {Instrument.RiskTiers.Name}, cs {Instrument.ContractSize}, tick {Instrument.TickSize}, lot {Instrument.LotSize}) @ {Start}; "
            + $"bids [{string.Join(", ", Bids.Select(l => $"{l.Size}@{l.Price}"))}] asks [{string.Join(", ", Asks.Select(l => $"{l.Size}@{l.Price}"))}]");
}

/// <summary>A position to open: symbol index, side, size (whole lots), entry, margin mode and leverage.</summary>
internal sealed record PositionSpec(int Symbol, PositionSide Side, decimal Size, decimal Entry, MarginMode Mode, decimal Leverage)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Mode} {Side} {Size} #{Symbol} @ {Entry} {Leverage}x");
}

/// <summary>
/// An account to build: its positions (one per symbol, one-way mode), the cross wallet as a multiple of the cross
/// initial margin, extra free wallet, and optionally a resting order that reserves margin.
/// </summary>
internal sealed record AccountSpec(long Id, PositionSpec[] Positions, decimal CrossWalletFactor, decimal Extra, bool WithOrder)
{
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"#{Id} [{string.Join("; ", Positions.Select(p => p.ToString()))}] crossWallet×{CrossWalletFactor} extra {Extra}{(WithOrder ? " +order" : string.Empty)}");
}

/// <summary>A mark-price tick: symbol index, new mark, seconds after the previous tick.</summary>
internal sealed record TickSpec(int Symbol, decimal Price, int SecondsLater)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{Symbol}→{Price} (+{SecondsLater}s)");
}

/// <summary>A whole generated engine run: profile, symbols, accounts, opening insurance fund and the ticks.</summary>
internal sealed record EngineCase(VenueProfile Profile, SymbolSpec[] Symbols, AccountSpec[] Accounts, decimal Fund, TickSpec[] Ticks)
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    public Instrument InstrumentOf(int symbol) => Symbols[symbol].Instrument;

    public bool IsLinear => Symbols[0].Instrument.Kind == ContractKind.Linear;

    /// <summary>Builds the accounts; every amount is rounded to the settlement precision, as a venue would book it.</summary>
    public IEnumerable<KeyValuePair<AccountId, Account>> BuildAccounts()
    {
        string asset = Symbols[0].Instrument.SettlementAsset;
        foreach (AccountSpec a in Accounts)
        {
            decimal crossIm = 0m, isolated = 0m;
            foreach (PositionSpec p in a.Positions)
            {
                Instrument i = InstrumentOf(p.Symbol);
                decimal im = i.RoundAmount(i.Notional(p.Size, p.Entry) / p.Leverage, MidpointRounding.ToPositiveInfinity);
                if (p.Mode == MarginMode.Cross)
                {
                    crossIm += im;
                }
                else
                {
                    isolated += im;
                }
            }

            decimal wallet = MarginCases.Round8((crossIm * a.CrossWalletFactor) + isolated + a.Extra);
            Account account = Account.Create(asset, wallet);
            foreach (PositionSpec p in a.Positions)
            {
                account = account.WithPosition(Position.Open(InstrumentOf(p.Symbol), p.Side, p.Size, p.Entry, p.Mode, p.Leverage));
            }

            if (a.WithOrder && a.Positions.Length > 0)
            {
                // A reducing limit order resting on the far side; its reservation comes out of an extra deposit so the
                // cross collateral the generator chose is unchanged until liquidation cancels it and returns it.
                PositionSpec p = a.Positions[0];
                Instrument i = InstrumentOf(p.Symbol);
                decimal price = PriceOn(i, p.Entry * (p.Side == PositionSide.Long ? 1.2m : 0.8m));
                decimal reserve = i.RoundAmount(i.Notional(p.Size, price) / p.Leverage, MidpointRounding.ToPositiveInfinity);
                account = account.Deposit(reserve).PlaceOrder(i, p.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy, p.Size, price, p.Leverage, 7);
            }

            yield return KeyValuePair.Create(new AccountId(a.Id), account);
        }
    }

    public LiquidationEngine Build(VenueProfile? profile = null, bool retainLog = true) =>
        new(
            profile ?? Profile,
            Symbols.Select(s => s.Instrument),
            BuildAccounts(),
            Symbols.Select(s => OrderBook.Create(s.Instrument.Symbol, s.Bids, s.Asks)),
            Symbols.ToDictionary(s => s.Instrument.Symbol, s => s.Start),
            Fund,
            Start,
            retainEventLog: retainLog);

    /// <summary>Feeds every tick, calling <paramref name="afterTick"/> after each; exceptions propagate.</summary>
    public List<EngineResult> Run(LiquidationEngine engine, Action<int, EngineResult>? afterTick = null)
    {
        var results = new List<EngineResult>();
        DateTimeOffset time = Start;
        for (int k = 0; k < Ticks.Length; k++)
        {
            TickSpec t = Ticks[k];
            time = time.AddSeconds(t.SecondsLater);
            EngineResult r = engine.OnPriceTick(InstrumentOf(t.Symbol).Symbol, t.Price, time);
            results.Add(r);
            afterTick?.Invoke(k, r);
        }

        return results;
    }

    /// <summary>
    /// Feeds the ticks until one throws (that is its own property, "a valid tick never throws"); the others check
    /// their invariant over the ticks the engine completed. <paramref name="afterTick"/> runs after each completed tick.
    /// </summary>
    public EngineRun RunUntilThrow(LiquidationEngine engine, Action<int, EngineResult>? afterTick = null)
    {
        var results = new List<EngineResult>();
        DateTimeOffset time = Start;
        for (int k = 0; k < Ticks.Length; k++)
        {
            TickSpec t = Ticks[k];
            time = time.AddSeconds(t.SecondsLater);
            EngineResult r;
            try
            {
                r = engine.OnPriceTick(InstrumentOf(t.Symbol).Symbol, t.Price, time);
            }
            catch (Exception ex)
            {
                return new EngineRun(results, ex, k);
            }

            results.Add(r);
            afterTick?.Invoke(k, r);
        }

        return new EngineRun(results, null, Ticks.Length);
    }

    public static decimal PriceOn(Instrument i, decimal price) =>
        Math.Max(i.TickSize, Math.Round(price / i.TickSize, 0, MidpointRounding.ToEven) * i.TickSize);

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Profile.Name}, fund {Fund}\n  symbols: {string.Join("\n           ", Symbols.Select(s => s.ToString()))}\n  accounts: {string.Join("\n            ", Accounts.Select(a => a.ToString()))}\n  ticks: {string.Join(", ", Ticks.Select(t => t.ToString()))}");
}

/// <summary>The ticks an engine completed, and the exception that stopped it (with the index of the tick that threw).</summary>
internal sealed record EngineRun(List<EngineResult> Results, Exception? Thrown, int StoppedAt);

/// <summary>
/// FsCheck generators for liquidation-engine runs: populations of isolated and cross accounts (one-way mode) over one
/// or two linear or inverse instruments (Binance's BTCUSDT brackets, a coin-margined table, flat tables), valid
/// uncrossed books of a handful of levels, an insurance fund that is often empty, any of the venue profiles, and mark
/// ticks with increasing time, small moves and big jumps.
/// </summary>
internal static class EngineCases
{
    public static VenueProfile[] Profiles { get; } =
        [VenueProfile.Binance, VenueProfile.Bybit, VenueProfile.BitMex, VenueProfile.Hyperliquid, VenueProfile.DydxV4, VenueProfile.Okx];

    private static readonly (decimal Rate, decimal MaxLeverage)[] _flatRates =
        [(0.004m, 125m), (0.005m, 100m), (0.01m, 50m), (0.025m, 20m), (0.05m, 10m)];

    private static Gen<RiskTierTable> LinearTable { get; } = Gen.Frequency(
        (2, Gen.Constant(BinanceUsdmTiers.BtcUsdt)),
        (3, Gen.Elements(_flatRates).Select(r => TestInstruments.Flat(r.Rate, r.MaxLeverage))));

    private static Gen<RiskTierTable> InverseTable { get; } = Gen.Frequency(
        (2, Gen.Constant(MarginCases.CoinTiers)),
        (3, Gen.Elements(_flatRates).Select(r => TestInstruments.Flat(r.Rate, r.MaxLeverage))));

    private static Gen<SymbolSpec> LinearSymbol(string symbol) =>
        from table in LinearTable
        from tick in Gen.Elements(0.01m, 0.1m, 0.5m)
        from lot in Gen.Elements(0.001m, 0.01m, 0.1m)
        from start in MarginCases.LogUniform(2, 4)
        let instrument = Instrument.Linear(symbol, symbol[..^4], "USDT", table, tick, lot)
        from book in Book(instrument, EngineCase.PriceOn(instrument, start))
        select book;

    private static Gen<SymbolSpec> InverseSymbol(string symbol) =>
        from table in InverseTable
        from tick in Gen.Elements(0.5m, 0.1m)
        from contractSize in Gen.Elements(1m, 10m, 100m)
        from start in MarginCases.LogUniform(3, 4)
        let instrument = Instrument.Inverse(symbol, "BTC", "USD", table, tick, 1m, contractSize)
        from book in Book(instrument, EngineCase.PriceOn(instrument, start))
        select book;

    /// <summary>Contracts of about 10,000 (linear, in the quote) or 0.3 (inverse, in the coin) of notional at the start: the book's size unit.</summary>
    public static decimal SizeUnit(Instrument i, decimal start) =>
        MarginCases.SizeFor(i, i.Kind == ContractKind.Linear ? 10_000m : 0.3m, start);

    private static Gen<SymbolSpec> Book(Instrument instrument, decimal start) =>
        from bidCount in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 5)))
        from askCount in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 5)))
        from bidGaps in Gen.ArrayOf(MarginCases.Fraction(0.001m, 0.06m), bidCount)
        from askGaps in Gen.ArrayOf(MarginCases.Fraction(0.001m, 0.06m), askCount)
        from bidSizes in Gen.ArrayOf(MarginCases.Fraction(0.05m, 20m), bidCount)
        from askSizes in Gen.ArrayOf(MarginCases.Fraction(0.05m, 20m), askCount)
        select new SymbolSpec(instrument, start, Side(instrument, start, bidGaps, bidSizes, -1), Side(instrument, start, askGaps, askSizes, 1));

    private static PriceLevel[] Side(Instrument i, decimal start, decimal[] gaps, decimal[] sizes, int direction)
    {
        var levels = new List<PriceLevel>();
        decimal unit = SizeUnit(i, start);
        decimal distance = 0m;
        for (int k = 0; k < gaps.Length; k++)
        {
            distance += gaps[k];
            decimal price = EngineCase.PriceOn(i, start * (1m + (direction * distance)));
            decimal size = Math.Max(i.LotSize, Math.Round(unit * sizes[k] / i.LotSize, 0, MidpointRounding.ToZero) * i.LotSize);
            bool inOrder = levels.Count == 0
                ? (direction < 0 ? price < start : price > start)
                : (direction < 0 ? price < levels[^1].Price : price > levels[^1].Price);
            if (inOrder && price > 0m)
            {
                levels.Add(new PriceLevel(price, size));
            }
        }

        return [.. levels];
    }

    private static Gen<PositionSpec> PositionOn(int index, SymbolSpec s, MarginMode mode) =>
        from side in Gen.Elements(PositionSide.Long, PositionSide.Short)
        from entryFraction in MarginCases.Fraction(0.9m, 1.1m)
        from notional in s.Instrument.Kind == ContractKind.Linear ? MarginCases.LogUniform(2, 6) : MarginCases.LogUniform(-2, 1)
        from leverage in Gen.Choose(2, 50)
        select MakePosition(index, s, mode, side, entryFraction, notional, leverage);

    private static PositionSpec MakePosition(int index, SymbolSpec s, MarginMode mode, PositionSide side, decimal entryFraction, decimal notional, int leverage)
    {
        Instrument i = s.Instrument;
        decimal entry = EngineCase.PriceOn(i, s.Start * entryFraction);
        decimal size = MarginCases.SizeFor(i, notional, entry);
        decimal max = i.RiskTiers.MaxLeverage(i.Notional(size, entry));
        return new PositionSpec(index, side, size, entry, mode, Math.Min(leverage, max));
    }

    private enum AccountKind
    {
        Isolated,
        Cross,
        Mixed,
    }

    private static Gen<AccountSpec> AccountOn(long id, SymbolSpec[] symbols) =>
        from kind in Gen.Frequency((4, Gen.Constant(AccountKind.Isolated)), (4, Gen.Constant(AccountKind.Cross)), (1, Gen.Constant(AccountKind.Mixed)))
        from both in symbols.Length > 1 ? Gen.Elements(false, true) : Gen.Constant(false)
        from first in Gen.Choose(0, symbols.Length - 1)
        from p0 in PositionOn(first, symbols[first], kind == AccountKind.Isolated ? MarginMode.Isolated : MarginMode.Cross)
        from p1 in PositionOn(1 - first, symbols[symbols.Length > 1 ? 1 - first : 0], kind == AccountKind.Cross ? MarginMode.Cross : MarginMode.Isolated)
        from factor in MarginCases.Fraction(0.3m, 1.5m)
        from extraShare in Gen.Frequency((3, Gen.Constant(0m)), (1, MarginCases.Fraction(0m, 0.5m)))
        from withOrder in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        let positions = symbols.Length > 1 && (both || kind == AccountKind.Mixed) ? new[] { p0, p1 } : [p0]
        select new AccountSpec(id, positions, factor, MarginCases.Round8(extraShare * positions.Sum(p => symbols[p.Symbol].Instrument.Notional(p.Size, p.Entry)) / 10m), withOrder);

    private static Gen<TickSpec[]> Ticks(SymbolSpec[] symbols) =>
        from count in Gen.Choose(1, 8)
        from moves in Gen.ArrayOf(
            from symbol in Gen.Choose(0, symbols.Length - 1)
            from factor in Gen.Frequency(
                (5, MarginCases.Fraction(0.97m, 1.03m)),
                (4, MarginCases.Fraction(0.85m, 1.15m)),
                (2, MarginCases.Fraction(0.4m, 1.8m)))
            from seconds in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 45)))
            select (symbol, factor, seconds),
            count)
        select Path(symbols, moves);

    private static TickSpec[] Path(SymbolSpec[] symbols, (int Symbol, decimal Factor, int Seconds)[] moves)
    {
        decimal[] price = symbols.Select(s => s.Start).ToArray();
        var ticks = new TickSpec[moves.Length];
        for (int k = 0; k < moves.Length; k++)
        {
            (int symbol, decimal factor, int seconds) = moves[k];
            price[symbol] = EngineCase.PriceOn(symbols[symbol].Instrument, price[symbol] * factor);
            ticks[k] = new TickSpec(symbol, price[symbol], seconds);
        }

        return ticks;
    }

    /// <summary>A generated run under <paramref name="profiles"/>.</summary>
    /// <remarks>
    /// The dYdX profile gets linear instruments only: its policy is written for them ("dYdX lists only those") and
    /// what it does with an inverse instrument is a separate, focused test.
    /// </remarks>
    public static Gen<EngineCase> Case(params VenueProfile[] profiles) =>
        from profile in Gen.Elements(profiles)
        from linear in profile.Policy is DydxFillablePricePolicy
            ? Gen.Constant(true)
            : Gen.Frequency((3, Gen.Constant(true)), (2, Gen.Constant(false)))
        from symbolCount in Gen.Choose(1, 2)
        from symbols in Gen.CollectToList(
            Enumerable.Range(0, symbolCount),
            k => linear ? LinearSymbol(k == 0 ? "AAAUSDT" : "BBBUSDT") : InverseSymbol(k == 0 ? "BTCUSD" : "BTCUSD_Q"))
        from accountCount in Gen.Choose(1, 7)
        from accounts in Gen.CollectToList(Enumerable.Range(1, accountCount), id => AccountOn(id, [.. symbols]))
        from fundShare in Gen.Frequency((2, Gen.Constant(0m)), (3, MarginCases.Fraction(0m, 0.2m)))
        from ticks in Ticks([.. symbols])
        let totalNotional = accounts.Sum(a => a.Positions.Sum(p => symbols[p.Symbol].Instrument.Notional(p.Size, p.Entry)))
        select new EngineCase(profile, [.. symbols], [.. accounts], MarginCases.Round8(totalNotional * fundShare), ticks);

    /// <summary>A run under any of the six venue profiles.</summary>
    public static Gen<EngineCase> Any { get; } = Case(Profiles);
}

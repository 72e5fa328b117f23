using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>What a trader operation does: a tick, a market order, a deposit, an isolated top-up, a re-quote or funding.</summary>
internal enum TraderOpKind
{
    Tick,
    Order,
    Deposit,
    AddMargin,
    Requote,
    Funding,
}

/// <summary>
/// One random operation. <see cref="Pick"/> chooses the account, symbol and side against the engine's state when it
/// runs; <see cref="Fraction"/> (0 to 1) scales the price move, size or amount; <see cref="Flag"/> makes an order
/// reduce-only (when there is something to reduce) or isolated.
/// </summary>
internal sealed record TraderOp(TraderOpKind Kind, int Pick, decimal Fraction, bool Flag, int SecondsLater)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind}(pick {Pick}, {Fraction}, {(Flag ? "flag" : "-")}, +{SecondsLater}s)");
}

/// <summary>A generated engine and the operations to run on it.</summary>
internal sealed record TraderCase(EngineCase Engine, TraderOp[] Ops)
{
    public override string ToString() => $"{Engine}\n  ops: {string.Join(", ", Ops.Select(o => o.ToString()))}";
}

/// <summary>
/// Properties of the engine under random interleavings of ticks, trader market orders, deposits, isolated margin
/// top-ups, book re-quotes and funding rounds, over the populations of <see cref="EngineCases"/> and every venue
/// profile. Operations are drawn blind and resolved against the state when they run, so some are refused (an
/// isolated opening the wallet cannot fund, a top-up above the available balance); a refusal must change nothing.
/// </summary>
public sealed class LiquidationEngineTraderPropertyTests
{
    private const int Cases = 120;

    public static TheoryData<string> ProfileNames { get; } = [.. EngineCases.Profiles.Select(p => p.Name)];

    private static Gen<TraderOp> Op { get; } =
        from kind in Gen.Frequency(
            (3, Gen.Constant(TraderOpKind.Tick)),
            (5, Gen.Constant(TraderOpKind.Order)),
            (1, Gen.Constant(TraderOpKind.Deposit)),
            (1, Gen.Constant(TraderOpKind.AddMargin)),
            (1, Gen.Constant(TraderOpKind.Requote)),
            (1, Gen.Constant(TraderOpKind.Funding)))
        from pick in Gen.Choose(0, 10_000)
        from fraction in MarginCases.Fraction(0m, 1m)
        from flag in Gen.Elements(false, true)
        from seconds in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 30)))
        select new TraderOp(kind, pick, fraction, flag, seconds);

    private static Gen<TraderCase> Case(VenueProfile profile) =>
        from c in EngineCases.Case(profile)
        from count in Gen.Choose(1, 14)
        from ops in Gen.ArrayOf(Op, count)
        select new TraderCase(c, ops);

    private static void Run(string profile, Action<TraderCase> property, int maxTest = Cases) =>
        Check.One(PropertyConfig.For(maxTest), Prop.ForAll(Case(EngineCases.Profiles.Single(p => p.Name == profile)).ToArbitrary(), property));

    private static string[] Symbols(EngineCase c) => [.. c.Symbols.Select(s => s.Instrument.Symbol)];

    /// <summary>
    /// Runs every operation; refusals (ArgumentException) are recorded and must leave the state as it was. After
    /// each operation that ran, <paramref name="check"/> sees the engine and the operation's index.
    /// </summary>
    private static (int Ran, int Refused) Drive(TraderCase tc, LiquidationEngine engine, Action<int>? check = null)
    {
        EngineCase c = tc.Engine;
        string[] symbols = Symbols(c);
        AccountId[] traders = [.. engine.AccountIds.Where(id => id != engine.Vault)];
        DateTimeOffset time = EngineCase.Start;
        int ran = 0, refused = 0;
        for (int k = 0; k < tc.Ops.Length; k++)
        {
            TraderOp op = tc.Ops[k];
            time = time.AddSeconds(op.SecondsLater);
            int s = op.Pick % symbols.Length;
            Instrument instrument = c.InstrumentOf(s);
            AccountId account = traders[op.Pick / symbols.Length % traders.Length];
            EngineSnapshotState before = EngineSnapshotState.Of(engine, symbols);
            int events = engine.Events.Count;
            try
            {
                Execute(engine, op, instrument, account, time, s, c);
                ran++;
            }
            catch (ArgumentException)
            {
                refused++;
                if (engine.Events.Count != events || !EngineSnapshotState.Of(engine, symbols).Equals(before))
                {
                    Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"the refused operation {k} ({op}) changed the state"));
                }

                continue;
            }

            check?.Invoke(k);
        }

        return (ran, refused);
    }

    private static void Execute(LiquidationEngine engine, TraderOp op, Instrument instrument, AccountId account, DateTimeOffset time, int symbolIndex, EngineCase c)
    {
        string symbol = instrument.Symbol;
        decimal mark = engine.MarkPrice(symbol);
        bool linear = instrument.Kind == ContractKind.Linear;
        switch (op.Kind)
        {
            case TraderOpKind.Tick:
                _ = engine.OnPriceTick(symbol, EngineCase.PriceOn(instrument, mark * (0.9m + (0.2m * op.Fraction))), time);
                break;
            case TraderOpKind.Order:
                _ = engine.PlaceMarketOrder(Order(engine, op, instrument, account, c.Symbols[symbolIndex].Start), time);
                break;
            case TraderOpKind.Deposit:
                _ = engine.Deposit(account, Math.Round((linear ? 2_000m : 0.05m) * op.Fraction, 8) + 0.00000001m, time);
                break;
            case TraderOpKind.AddMargin:
                {
                    Position? p = engine.GetAccount(account).Positions.FirstOrDefault(q => q.MarginMode == MarginMode.Isolated);
                    decimal amount = Math.Round(p is null ? 1m : p.IsolatedMargin * op.Fraction, 8) + 0.00000001m;
                    _ = engine.AddIsolatedMargin(account, p?.Symbol ?? symbol, p?.Side ?? PositionSide.Long, amount, time);
                    break;
                }

            case TraderOpKind.Requote:
                _ = engine.OnBookUpdate(Requote(instrument, mark, op.Fraction, c.Symbols[symbolIndex].Start), time);
                break;
            default:
                _ = engine.OnFunding(symbol, (op.Fraction - 0.5m) / 500m, time);
                break;
        }
    }

    /// <summary>
    /// Reduce-only (when flagged and a position is held): the opposite side, a fraction of the position in whole
    /// lots. Otherwise an opening of up to a fifth of the book's size unit, isolated when the pick is a multiple of 3.
    /// </summary>
    private static MarketOrder Order(LiquidationEngine engine, TraderOp op, Instrument instrument, AccountId account, decimal start)
    {
        decimal lot = instrument.LotSize;
        Position? held = engine.GetAccount(account).Find(instrument.Symbol);
        if (op.Flag && held is not null)
        {
            decimal size = Math.Max(lot, Math.Floor(held.Size * op.Fraction / lot) * lot);
            return new MarketOrder
            {
                Account = account, Symbol = instrument.Symbol, Side = held.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy, Size = size, Reason = "reduce",
            };
        }

        decimal open = Math.Max(lot, Math.Floor(EngineCases.SizeUnit(instrument, start) * op.Fraction / 5m / lot) * lot);
        return new MarketOrder
        {
            Account = account,
            Symbol = instrument.Symbol,
            Side = op.Pick % 2 == 0 ? OrderSide.Buy : OrderSide.Sell,
            Size = open,
            ReduceOnly = false,
            MarginMode = op.Pick % 3 == 0 ? MarginMode.Isolated : MarginMode.Cross,
            Leverage = 1 + (op.Pick % 20),
            LimitPrice = op.Pick % 7 == 0 ? null : EngineCase.PriceOn(instrument, engine.MarkPrice(instrument.Symbol) * (op.Pick % 2 == 0 ? 1.05m : 0.95m)),
        };
    }

    /// <summary>Three levels a side around the mark, 0.2% apart, sized from the book's size unit.</summary>
    private static OrderBook Requote(Instrument instrument, decimal mark, decimal fraction, decimal start)
    {
        decimal size = Math.Max(instrument.LotSize, Math.Floor(EngineCases.SizeUnit(instrument, start) * (0.2m + fraction) / instrument.LotSize) * instrument.LotSize);
        var bids = new List<PriceLevel>();
        var asks = new List<PriceLevel>();
        for (int k = 1; k <= 3; k++)
        {
            decimal bid = EngineCase.PriceOn(instrument, mark * (1m - (0.002m * k)));
            decimal ask = EngineCase.PriceOn(instrument, mark * (1m + (0.002m * k)));
            if (bid < mark && (bids.Count == 0 || bid < bids[^1].Price))
            {
                bids.Add(new PriceLevel(bid, size));
            }

            if (ask > mark && (asks.Count == 0 || ask > asks[^1].Price))
            {
                asks.Add(new PriceLevel(ask, size));
            }
        }

        return OrderBook.Create(instrument.Symbol, bids, asks);
    }

    /// <summary>
    /// What may move the total value: deposits, realised PnL of liquidation closes and trader fills, the fund's
    /// trading PnL and funding payments.
    /// </summary>
    private static decimal Explained(IEnumerable<LiquidationEvent> events) =>
        events.Sum(e => e switch
        {
            Deposited d => d.Amount,
            PositionClosed p => p.RealizedPnl,
            OrderFilled f => f.RealizedPnl,
            InsuranceFundTrade t => t.Pnl,
            FundingPaid f => f.Amount,
            _ => 0m,
        });

    private static (decimal Long, decimal Short) Recount(LiquidationEngine engine, string symbol)
    {
        decimal longs = 0m, shorts = 0m;
        foreach (AccountId id in engine.AccountIds)
        {
            foreach (Position p in engine.GetAccount(id).Positions)
            {
                if (p.Symbol == symbol)
                {
                    _ = p.Side == PositionSide.Long ? longs += p.Size : shorts += p.Size;
                }
            }
        }

        return (longs, shorts);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generator guard: the operations must run, fill, be refused sometimes, and liquidate.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Generated_operations_trade_deposit_top_up_requote_and_liquidate()
    {
        var events = new List<LiquidationEvent>();
        int ran = 0, refused = 0;
        foreach (VenueProfile profile in EngineCases.Profiles)
        {
            foreach (TraderCase tc in Gen.Sample(Case(profile), 150))
            {
                LiquidationEngine engine = tc.Engine.Build();
                (int r, int f) = Drive(tc, engine);
                (ran, refused) = (ran + r, refused + f);
                events.AddRange(engine.Events);
            }
        }

        events.OfType<OrderFilled>().Should().HaveCountGreaterThan(200);
        events.OfType<OrderFilled>().Should().Contain(f => f.RealizedPnl != 0m, "some fills must close");
        events.OfType<OrderFilled>().Should().Contain(f => f.MarginMode == MarginMode.Isolated && f.RealizedPnl == 0m, "some fills must open isolated");
        events.OfType<Deposited>().Should().NotBeEmpty();
        events.OfType<IsolatedMarginAdded>().Should().NotBeEmpty();
        events.OfType<BookUpdated>().Should().NotBeEmpty();
        events.OfType<FundingPaid>().Should().NotBeEmpty();
        events.OfType<LiquidationTriggered>().Should().HaveCountGreaterThan(50);
        refused.Should().BeGreaterThan(0).And.BeLessThan(ran, "most operations must run");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Value conservation, open interest against a recount, and the index against the per-position query, after
    // every operation; replay of the log at the end.
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Value_is_conserved_through_trader_operations(string profile) =>
        Run(profile, tc =>
        {
            LiquidationEngine engine = tc.Engine.Build();
            decimal initial = engine.TotalValue;
            _ = Drive(tc, engine, k =>
            {
                decimal explained = Explained(engine.Events);
                if (engine.TotalValue - initial != explained)
                {
                    Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"after operation {k} ({tc.Ops[k]}) TotalValue moved by {engine.TotalValue - initial} but the log explains {explained}"));
                }
            });
        });

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Open_interest_equals_a_full_recount_after_every_operation(string profile) =>
        Run(profile, tc =>
        {
            LiquidationEngine engine = tc.Engine.Build();
            string[] symbols = Symbols(tc.Engine);
            _ = Drive(tc, engine, k =>
            {
                foreach (string s in symbols)
                {
                    if (engine.OpenInterest(s) != Recount(engine, s))
                    {
                        Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"after operation {k} ({tc.Ops[k]}) {s} open interest is {engine.OpenInterest(s)}, a recount gives {Recount(engine, s)}"));
                    }
                }
            });
        });

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Nearest_to_liquidation_is_sorted_and_agrees_with_each_position(string profile) =>
        Run(profile, tc =>
        {
            LiquidationEngine engine = tc.Engine.Build();
            string[] symbols = Symbols(tc.Engine);
            _ = Drive(tc, engine, k =>
            {
                foreach (string s in symbols)
                {
                    LiquidationDistance[] all = [.. engine.NearestToLiquidation(s)];
                    for (int i = 1; i < all.Length; i++)
                    {
                        (decimal, long, int) previous = (all[i - 1].PercentDistance, all[i - 1].Account.Value, all[i - 1].Side == PositionSide.Long ? 0 : 1);
                        (decimal, long, int) next = (all[i].PercentDistance, all[i].Account.Value, all[i].Side == PositionSide.Long ? 0 : 1);
                        previous.CompareTo(next).Should().BeNegative("after operation {0} ({1}) entry {2} must follow entry {3}", k, tc.Ops[k], all[i], all[i - 1]);
                    }

                    foreach (LiquidationDistance d in all)
                    {
                        engine.DistanceToLiquidation(d.Account, d.Symbol, d.Side).Should().Be(d, "after operation {0} ({1})", k, tc.Ops[k]);
                    }

                    engine.NearestToLiquidation(s).Take(2).Should().Equal(all.Take(2));
                }
            });
        });

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Replaying_the_log_rebuilds_the_state_after_trader_operations(string profile) =>
        Run(profile, tc =>
        {
            LiquidationEngine engine = tc.Engine.Build();
            string[] symbols = Symbols(tc.Engine);
            var checkpoints = new List<(int Events, EngineSnapshotState State, decimal TotalValue)>();
            _ = Drive(tc, engine, _ => checkpoints.Add((engine.Events.Count, EngineSnapshotState.Of(engine, symbols), engine.TotalValue)));

            foreach ((int count, EngineSnapshotState live, decimal total) in checkpoints)
            {
                LiquidationEngine replayed = LiquidationEngine.Replay(engine, engine.Events.Take(count));
                EngineSnapshotState.Of(replayed, symbols).Should().Be(live, "replaying the first {0} events", count);
                replayed.TotalValue.Should().Be(total);
            }

            LiquidationEngine end = LiquidationEngine.Replay(engine, engine.Events);
            foreach (string s in symbols)
            {
                end.OpenInterest(s).Should().Be(engine.OpenInterest(s));
                end.NearestToLiquidation(s).Should().Equal(engine.NearestToLiquidation(s));
            }
        }, maxTest: 60);
}

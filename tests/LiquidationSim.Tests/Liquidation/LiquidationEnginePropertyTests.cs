using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Liquidation;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// Properties of <see cref="LiquidationEngine"/> over random populations (<see cref="EngineCases"/>): isolated and
/// cross accounts in one-way mode, longs and shorts, linear and inverse instruments, Binance's BTCUSDT brackets, a
/// coin-margined table and flat tables, books of a handful of levels (sometimes one-sided), an insurance fund that
/// is often empty, every venue profile, and mark ticks with increasing time, small moves and big jumps. Each
/// property runs once per profile so a failure names the venue.
/// </summary>
/// <remarks>
/// A tick that throws on valid input is its own property (<see cref="A_valid_tick_never_throws"/>); the other
/// properties check their invariant over the ticks the engine completed before it, so one defect does not hide
/// another.
/// </remarks>
public sealed class LiquidationEnginePropertyTests
{
    private const int Cases = 300;

    public static TheoryData<string> ProfileNames { get; } = [.. EngineCases.Profiles.Select(p => p.Name)];

    private static VenueProfile ProfileNamed(string name) => EngineCases.Profiles.Single(p => p.Name == name);

    private static void Run(string profile, Action<EngineCase> property, int maxTest = Cases) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), Prop.ForAll(EngineCases.Case(ProfileNamed(profile)).ToArbitrary(), property));

    private static string[] Symbols(EngineCase c) => [.. c.Symbols.Select(s => s.Instrument.Symbol)];

    private static string Describe(Exception ex) =>
        string.Create(CultureInfo.InvariantCulture, $"{ex.GetType().Name}: {ex.Message}\n{string.Join("\n", (ex.StackTrace ?? string.Empty).Split('\n').Take(6))}");

    // ---------------------------------------------------------------------------------------------------------
    // Generator guard: the properties mean something only if the runs liquidate, under every policy, through every
    // branch of the waterfall. Checked on a sample rather than by filtering cases away.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Generated_runs_reach_every_branch_of_the_waterfall()
    {
        var seen = new Dictionary<string, List<LiquidationEvent>>();
        foreach (VenueProfile profile in EngineCases.Profiles)
        {
            var events = new List<LiquidationEvent>();
            foreach (EngineCase c in Gen.Sample(EngineCases.Case(profile), 400))
            {
                LiquidationEngine engine = c.Build();
                _ = c.RunUntilThrow(engine);
                events.AddRange(engine.Events);
            }

            seen[profile.Name] = events;
        }

        foreach ((string name, List<LiquidationEvent> events) in seen)
        {
            events.OfType<LiquidationTriggered>().Should().HaveCountGreaterThan(100, "{0} runs must liquidate often", name);
            events.OfType<PositionClosed>().Should().Contain(e => e.Kind == FillKind.Book, "{0} liquidation orders must fill on the book", name);
            events.OfType<OrderCancelled>().Should().NotBeEmpty("{0} liquidations must cancel resting orders", name);
            events.OfType<LiquidationTriggered>().Select(e => e.Side).Distinct().Should().HaveCount(2, "{0} must liquidate longs and shorts", name);
        }

        foreach (string name in new[] { VenueProfile.Binance.Name, VenueProfile.Bybit.Name, VenueProfile.BitMex.Name })
        {
            seen[name].OfType<InsuranceFundTrade>().Select(e => e.Kind).Should().Contain([FillKind.Book, FillKind.AdlLiquidated, FillKind.Venue], "{0} takeovers must reach the book, ADL and the venue", name);
        }

        seen[VenueProfile.Binance.Name].OfType<CollateralTransfer>().Should().Contain(e => e.Kind == TransferKind.ClearanceFee);
        seen[VenueProfile.Bybit.Name].OfType<LiquidationOrderPlaced>().Should().Contain(e => e.TimeInForce == TimeInForce.FillOrKill);
        seen[VenueProfile.Bybit.Name].OfType<PositionClosed>().Should().Contain(e => e.Kind == FillKind.Book, "some step-down orders must fill");
        seen[VenueProfile.Hyperliquid.Name].OfType<LiquidationOrderPlaced>().Should().Contain(e => e.IsSlice);
        seen[VenueProfile.Hyperliquid.Name].OfType<BackstopTransfer>().Should().NotBeEmpty();
        seen[VenueProfile.DydxV4.Name].OfType<CollateralTransfer>().Should().Contain(e => e.Kind == TransferKind.CappedFee);
        seen.Values.SelectMany(e => e).OfType<BadDebtRecorded>().Should().NotBeEmpty("empty funds must meet losses they cannot cover");
        seen.Values.SelectMany(e => e).OfType<CollateralTransfer>().Should().Contain(e => e.Kind == TransferKind.InsuranceDraw);
    }

    // ---------------------------------------------------------------------------------------------------------
    // (f) A valid tick never throws. The engine documents that a call that throws leaves the state unchanged, and
    // bad input is refused before anything changes; an exception from inside the waterfall is neither.
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void A_valid_tick_never_throws(string profile) =>
        Run(profile, c =>
        {
            EngineRun run = c.RunUntilThrow(c.Build());
            if (run.Thrown is Exception ex)
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"tick {run.StoppedAt} ({c.Ticks[run.StoppedAt]}) threw {Describe(ex)}"));
            }
        });

    // ---------------------------------------------------------------------------------------------------------
    // (a) Value conservation, exactly, after every tick: TotalValue − initial = Σ realised PnL + Σ fund trading PnL.
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Value_is_conserved_exactly_after_every_tick(string profile) =>
        Run(profile, c =>
        {
            LiquidationEngine engine = c.Build();
            decimal initial = engine.TotalValue;
            _ = c.RunUntilThrow(engine, (k, _) =>
            {
                decimal explained = Explained(engine.Events);
                if (engine.TotalValue - initial != explained)
                {
                    Assert.Fail(string.Create(
                        CultureInfo.InvariantCulture,
                        $"after tick {k} TotalValue moved by {engine.TotalValue - initial} but the log explains {explained}; {FirstUnexplained(engine)}"));
                }
            });
        });

    private static decimal Explained(IEnumerable<LiquidationEvent> events) =>
        events.OfType<PositionClosed>().Sum(e => e.RealizedPnl) + events.OfType<InsuranceFundTrade>().Sum(e => e.Pnl);

    /// <summary>Replays the log one event at a time to name the first event whose effect on TotalValue it does not explain.</summary>
    private static string FirstUnexplained(LiquidationEngine engine)
    {
        decimal previous = LiquidationEngine.Replay(engine, []).TotalValue;
        for (int i = 0; i < engine.Events.Count; i++)
        {
            LiquidationEvent e = engine.Events[i];
            decimal now = LiquidationEngine.Replay(engine, engine.Events.Take(i + 1)).TotalValue;
            decimal explains = Explained([e]);
            if (now - previous != explains)
            {
                return string.Create(CultureInfo.InvariantCulture, $"first unexplained change {now - previous} (explained {explains}) at {e}");
            }

            previous = now;
        }

        return "no single event is to blame";
    }

    // ---------------------------------------------------------------------------------------------------------
    // (b) Replay: the log rebuilds the live state after every tick, account by account, fund, bad debt and books.
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Replaying_the_log_rebuilds_the_state_after_every_tick(string profile) =>
        Run(profile, c =>
        {
            LiquidationEngine engine = c.Build();
            string[] symbols = Symbols(c);
            var checkpoints = new List<(int Events, EngineState State, decimal TotalValue)>();
            _ = c.RunUntilThrow(engine, (_, _) => checkpoints.Add((engine.Events.Count, EngineState.Of(engine, symbols), engine.TotalValue)));

            foreach ((int count, EngineState live, decimal total) in checkpoints)
            {
                LiquidationEngine replayed = LiquidationEngine.Replay(engine, engine.Events.Take(count));
                EngineState.Of(replayed, symbols).Should().Be(live, "replaying the first {0} events", count);
                replayed.TotalValue.Should().Be(total);
            }
        });

    // ---------------------------------------------------------------------------------------------------------
    // (c) Determinism: the same inputs give the same events (by value and by text, so decimal scales agree too) and
    // the same state; an engine that streams its log gives every tick the same events.
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void The_same_inputs_give_the_same_events(string profile) =>
        Run(profile, c =>
        {
            LiquidationEngine first = c.Build(), second = c.Build(), streaming = c.Build(retainLog: false);
            EngineRun a = c.RunUntilThrow(first), b = c.RunUntilThrow(second), s = c.RunUntilThrow(streaming);

            second.Events.Should().Equal(first.Events);
            second.Events.Select(e => e.ToString()).Should().Equal(first.Events.Select(e => e.ToString()));
            (b.StoppedAt, b.Thrown?.GetType(), b.Thrown?.Message).Should().Be((a.StoppedAt, a.Thrown?.GetType(), a.Thrown?.Message));
            EngineState.Of(second, Symbols(c)).Should().Be(EngineState.Of(first, Symbols(c)));

            s.Results.Should().HaveCount(a.Results.Count);
            for (int k = 0; k < a.Results.Count; k++)
            {
                s.Results[k].Events.Should().Equal(a.Results[k].Events, "tick {0} streamed", k);
                s.Results[k].LiquidatedAccounts.Should().Equal(a.Results[k].LiquidatedAccounts);
            }
        });

    // ---------------------------------------------------------------------------------------------------------
    // (d) Bookkeeping: sequences 1..n without gaps; the fund never negative; no account below zero unless an event
    // names its deficit (a bad-debt record or an insurance draw; for the vault, a backstop that brought it negative
    // margin).
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Sequences_are_gapless_the_fund_never_negative_and_every_deficit_named(string profile) =>
        Run(profile, c =>
        {
            LiquidationEngine engine = c.Build();
            _ = c.RunUntilThrow(engine, (k, r) =>
            {
                for (int i = 0; i < engine.Events.Count; i++)
                {
                    engine.Events[i].Sequence.Should().Be(i + 1, "the log numbers events 1..n");
                }

                r.Events.Should().Equal(engine.Events.Skip(engine.Events.Count - r.Events.Length), "a tick's events are the tail of the log");
                r.Events[0].Should().BeOfType<PriceTicked>();
                engine.InsuranceFund.Should().BeGreaterThanOrEqualTo(0m, "after tick {0}", k);
                engine.BadDebt.Should().BeGreaterThanOrEqualTo(0m);

                foreach (AccountId id in engine.AccountIds)
                {
                    decimal value = engine.GetAccount(id).TotalWalletBalance;
                    if (value >= 0m)
                    {
                        continue;
                    }

                    bool named = id == engine.Vault
                        ? engine.Events.OfType<BackstopTransfer>().Any(t => t.Margin < 0m)
                        : engine.Events.Any(e => e is BadDebtRecorded b && b.Account == id
                            || e is CollateralTransfer { Kind: TransferKind.InsuranceDraw } t && t.Account == id);
                    named.Should().BeTrue(
                        "account {0} ended tick {1} at {2} with no bad-debt or insurance-draw event naming it; its events: {3}",
                        id,
                        k,
                        value,
                        string.Join("; ", engine.Events.Where(e => Names(e, id))));
                }
            });
        });

    private static bool Names(LiquidationEvent e, AccountId id) => e switch
    {
        PositionClosed c => c.Account == id,
        CollateralTransfer t => t.Account == id,
        BadDebtRecorded b => b.Account == id,
        BackstopTransfer t => t.Account == id || t.Vault == id,
        LiquidationTriggered t => t.Account == id,
        _ => false,
    };

    // ---------------------------------------------------------------------------------------------------------
    // (e) After a tick, no isolated position of the ticked symbol is still past its liquidation price at the trigger
    // price, except where the policy allows it:
    //   Binance (IOC, then takeover of whatever is still liquidatable), Bybit and BitMEX (step down, then takeover):
    //     never.
    //   Hyperliquid: only if this tick sent it a slice (the rest waits for the next check), or a market order the
    //     book could not fill completely.
    //   dYdX: only if this tick sent it an order limited to the fillable price that the book did not fill
    //     completely (the position is taken over only when its collateral is negative).
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void No_isolated_position_is_left_past_its_liquidation_price_unless_the_policy_allows(string profile) =>
        Run(profile, c =>
        {
            LiquidationEngine engine = c.Build();
            _ = c.RunUntilThrow(engine, (k, r) =>
            {
                string symbol = c.InstrumentOf(c.Ticks[k].Symbol).Symbol;
                decimal trigger = c.Ticks[k].Price;
                foreach (AccountId id in engine.AccountIds.Where(id => id != engine.Vault))
                {
                    foreach (Position p in engine.GetAccount(id).Positions)
                    {
                        if (p.Symbol != symbol || p.MarginMode != MarginMode.Isolated || !Crossed(p, trigger, engine.Profile.MarginModel))
                        {
                            continue;
                        }

                        Allowed(engine.Profile, r, id, symbol).Should().BeTrue(
                            "after tick {0} ({1}) account {2} still holds {3}, past its liquidation price {4}; this tick's events for it: {5}",
                            k,
                            c.Ticks[k],
                            id,
                            p,
                            LiquidationPriceSolver.Isolated(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, engine.Profile.MarginModel).LiquidationPrice,
                            string.Join("; ", r.Events.Where(e => Names(e, id) || e is LiquidationOrderPlaced o && o.Account == id)));
                    }
                }
            });
        });

    private static bool Crossed(Position p, decimal trigger, MarginModel model)
    {
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, model);
        return e.Status == LiquidationPriceStatus.AtAnyPrice
            || (e.Status == LiquidationPriceStatus.Exists && (p.Side == PositionSide.Long ? trigger <= e.LiquidationPrice!.Value : trigger >= e.LiquidationPrice!.Value));
    }

    private static bool Allowed(VenueProfile profile, TickResult r, AccountId id, string symbol)
    {
        if (profile.PartialPolicy is not (PartialLiquidationPolicy.HyperliquidSlices or PartialLiquidationPolicy.Dydx))
        {
            return false;
        }

        LiquidationOrderPlaced? order = r.Events.OfType<LiquidationOrderPlaced>().LastOrDefault(o => o.Account == id && o.Symbol == symbol);
        if (order is null)
        {
            return false;
        }

        decimal filled = r.Events.OfType<PositionClosed>()
            .Where(e => e.Sequence > order.Sequence && e.Account == id && e.Symbol == symbol && e.ConsumesBook)
            .Sum(e => e.Size);
        return order.IsSlice || filled < order.Size;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bad input after a random run is refused and changes nothing.
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Refused_ticks_change_nothing(string profile) =>
        Run(profile, c =>
        {
            LiquidationEngine engine = c.Build();
            EngineRun run = c.RunUntilThrow(engine);
            if (run.Thrown is not null)
            {
                return;
            }

            string symbol = c.InstrumentOf(0).Symbol;
            EngineState before = EngineState.Of(engine, Symbols(c));
            int count = engine.Events.Count;
            DateTimeOffset now = engine.Time;

            FluentActions.Invoking(() => engine.OnPriceTick(symbol, c.Symbols[0].Start, now.AddTicks(-1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("time");
            FluentActions.Invoking(() => engine.OnPriceTick(symbol, 0m, now)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("markPrice");
            FluentActions.Invoking(() => engine.OnPriceTick(symbol, -c.Symbols[0].Start, now)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("markPrice");
            FluentActions.Invoking(() => engine.OnPriceTick("NOPE", c.Symbols[0].Start, now)).Should().Throw<ArgumentException>().WithParameterName("symbol");
            FluentActions.Invoking(() => engine.OnPriceTick(symbol, c.Symbols[0].Start, now, 0m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("lastPrice");

            engine.Events.Should().HaveCount(count);
            EngineState.Of(engine, Symbols(c)).Should().Be(before);
        }, maxTest: 50);
}

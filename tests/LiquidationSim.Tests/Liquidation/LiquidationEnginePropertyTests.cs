using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
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
        Check.One(PropertyConfig.For(maxTest), Prop.ForAll(EngineCases.Case(ProfileNamed(profile)).ToArbitrary(), property));

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
            var checkpoints = new List<(int Events, EngineSnapshotState State, decimal TotalValue)>();
            _ = c.RunUntilThrow(engine, (_, _) => checkpoints.Add((engine.Events.Count, EngineSnapshotState.Of(engine, symbols), engine.TotalValue)));

            foreach ((int count, EngineSnapshotState live, decimal total) in checkpoints)
            {
                LiquidationEngine replayed = LiquidationEngine.Replay(engine, engine.Events.Take(count));
                EngineSnapshotState.Of(replayed, symbols).Should().Be(live, "replaying the first {0} events", count);
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
            EngineSnapshotState.Of(second, Symbols(c)).Should().Be(EngineSnapshotState.Of(first, Symbols(c)));

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
                    // A deficit is final once a tick has closed everything the account held: then the fund must have
                    // covered it or the venue written it off. (With positions still open the account is only
                    // underwater, and liquidation, not this rule, deals with it; the vault is the venue's own.)
                    Account account = engine.GetAccount(id);
                    decimal value = account.TotalWalletBalance;
                    bool touched = r.Events.Any(e => Names(e, id));
                    if (value >= 0m || id == engine.Vault || !account.Positions.IsEmpty || !touched)
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
                            LiquidationPriceSolver.IsolatedUnchecked(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, engine.Profile.MarginModel).LiquidationPrice,
                            string.Join("; ", r.Events.Where(e => Names(e, id) || e is LiquidationOrderPlaced o && o.Account == id)));
                    }
                }
            });
        });

    private static bool Crossed(Position p, decimal trigger, MarginModel model)
    {
        LiquidationEstimate e = LiquidationPriceSolver.IsolatedUnchecked(p.Instrument, p.Side, p.Size, p.EntryPrice, p.IsolatedMargin, model);
        return e.Status == LiquidationPriceStatus.AtAnyPrice
            || (e.Status == LiquidationPriceStatus.Exists && (p.Side == PositionSide.Long ? trigger <= e.LiquidationPrice!.Value : trigger >= e.LiquidationPrice!.Value));
    }

    private static bool Allowed(VenueProfile profile, EngineResult r, AccountId id, string symbol)
    {
        if (profile.Policy is not (HyperliquidSlicesPolicy or DydxFillablePricePolicy))
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
            EngineSnapshotState before = EngineSnapshotState.Of(engine, Symbols(c));
            int count = engine.Events.Count;
            DateTimeOffset now = engine.Time;

            FluentActions.Invoking(() => engine.OnPriceTick(symbol, c.Symbols[0].Start, now.AddTicks(-1))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("time");
            FluentActions.Invoking(() => engine.OnPriceTick(symbol, 0m, now)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("markPrice");
            FluentActions.Invoking(() => engine.OnPriceTick(symbol, -c.Symbols[0].Start, now)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("markPrice");
            FluentActions.Invoking(() => engine.OnPriceTick("NOPE", c.Symbols[0].Start, now)).Should().Throw<ArgumentException>().WithParameterName("symbol");
            FluentActions.Invoking(() => engine.OnPriceTick(symbol, c.Symbols[0].Start, now, 0m)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("lastPrice");

            engine.Events.Should().HaveCount(count);
            EngineSnapshotState.Of(engine, Symbols(c)).Should().Be(before);
        }, maxTest: 50);

    // ---------------------------------------------------------------------------------------------------------
    // Counterexamples the properties found, reduced by hand to the fewest accounts and levels, with every expected
    // figure derived by hand. Flat 1% maintenance, tick 0.1, lot 1 unless stated.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Binance, a gap past bankruptcy. Long 10 @ 100 with 100 isolated: LP 900 ÷ 9.9 = 90.91, BP 90. The mark gaps
    /// to 80. No partial close restores compliance: closing q at 80 with the 1.25% fee (q) leaves 100 − 21q, and the
    /// rest is worth −20 × (10 − q), so equity −100 − q &lt; 0. The whole position is taken over at 90 (realised
    /// −100, nothing released) and the fund (1,000) sells 10 on the 79 bid: −11 each, −110, fund 890.
    /// </summary>
    [Fact]
    public void Binance_gap_past_bankruptcy_takes_the_position_over_instead_of_throwing()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Binance, inst, 100m, 1_000m, [new(79m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)));

        EngineResult r = engine.Invoking(e => e.OnPriceTick(inst.Symbol, 80m, EngineScenarios.T0.AddSeconds(1))).Should().NotThrow().Subject;

        PositionClosed close = r.Events.OfType<PositionClosed>().Should().ContainSingle().Subject;
        (close.Size, close.Price, close.RealizedPnl, close.Kind).Should().Be((10m, 90m, -100m, FillKind.Venue));
        InsuranceFundTrade fund = r.Events.OfType<InsuranceFundTrade>().Should().ContainSingle().Subject;
        (fund.Size, fund.Price, fund.Pnl, fund.Kind).Should().Be((10m, 79m, -110m, FillKind.Book));
        engine.InsuranceFund.Should().Be(890m);
        engine.GetAccount(EngineScenarios.Id(1)).Positions.Should().BeEmpty();
    }

    /// <summary>
    /// "A call that throws leaves the state unchanged" (the engine's remarks). A fault is injected through the engine's
    /// internal seam at the n-th event of each tick (n cycling 1..7, so it lands on the price tick itself and deep in the
    /// waterfall: after a fill, a fee, a takeover, an ADL fill). A tick that faults must leave accounts, fund, bad debt,
    /// books, marks, time, open interest, the liquidation index (read through NearestToLiquidation) and the log as they
    /// were; the same tick then run again without the fault must give exactly what a twin engine that never faulted gives,
    /// so nothing hidden (cooldowns, ADL queues, the undo journal) survived the rollback either.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void A_tick_that_throws_leaves_the_state_unchanged(string profile)
    {
        int midWaterfallFaults = 0;
        Run(profile, c =>
        {
            LiquidationEngine faulted = c.Build();
            LiquidationEngine twin = c.Build();
            string[] symbols = Symbols(c);
            DateTimeOffset time = EngineCase.Start;
            for (int k = 0; k < c.Ticks.Length; k++)
            {
                TickSpec t = c.Ticks[k];
                time = time.AddSeconds(t.SecondsLater);
                string symbol = c.InstrumentOf(t.Symbol).Symbol;
                EngineSnapshotState before = EngineSnapshotState.Of(faulted, symbols);
                var openInterest = symbols.Select(faulted.OpenInterest).ToArray();
                var nearest = symbols.SelectMany(faulted.NearestToLiquidation).ToArray();
                int events = faulted.Events.Count;

                int faultAt = 1 + (k % 7), seen = 0;
                LiquidationEvent? faultedOn = null;
                faulted.BeforeApply = e =>
                {
                    if (++seen == faultAt)
                    {
                        faultedOn = e;
                        throw new InjectedFault();
                    }
                };
                EngineResult? first = null;
                try
                {
                    first = faulted.OnPriceTick(symbol, t.Price, time);
                }
                catch (InjectedFault)
                {
                }
                finally
                {
                    faulted.BeforeApply = null;
                }

                EngineResult expected = twin.OnPriceTick(symbol, t.Price, time);
                if (first is null)
                {
                    EngineSnapshotState.Of(faulted, symbols).Should().Be(before, "tick {0} faulted at its event {1} ({2})", k, faultAt, faultedOn);
                    symbols.Select(faulted.OpenInterest).Should().Equal(openInterest);
                    symbols.SelectMany(faulted.NearestToLiquidation).Should().Equal(nearest);
                    faulted.Events.Should().HaveCount(events);
                    if (faultedOn is not PriceTicked)
                    {
                        midWaterfallFaults++;
                    }

                    first = faulted.OnPriceTick(symbol, t.Price, time);
                }

                first.Value.Events.Select(e => e.ToString()).Should().Equal(expected.Events.Select(e => e.ToString()), "tick {0}", k);
                EngineSnapshotState.Of(faulted, symbols).Should().Be(EngineSnapshotState.Of(twin, symbols));
            }
        });

        // The property means something only if faults really landed inside liquidations.
        midWaterfallFaults.Should().BePositive();
    }

    private sealed class InjectedFault : Exception
    {
        public InjectedFault()
            : base("fault injected by the test")
        {
        }
    }

    /// <summary>
    /// Bybit, ADL at a bankruptcy price beyond the counterparty's own. Long 10 @ 100 with 100 isolated: BP 90, LP
    /// (entry-valued MM 10) 91. Short 20 @ 85 with 42.5 isolated: BP 87.125, LP 86.275. Opening mark 86; the tick to
    /// 85.9 crosses only the long. It is taken over at 90; the empty fund cannot pay for the 80 bid, so 10 are
    /// deleveraged against the short at 90: the short realises (85 − 90) × 10 = −50 into its 42.5 of margin.
    /// </summary>
    [Fact]
    public void Adl_that_takes_a_counterparty_past_its_bankruptcy_does_not_throw()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, inst, 86m, 0m, [new(80m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)),
            (2, EngineScenarios.Isolated(inst, PositionSide.Short, 20m, 85m, 40m, 42.5m)));

        EngineResult r = engine.Invoking(e => e.OnPriceTick(inst.Symbol, 85.9m, EngineScenarios.T0.AddSeconds(1))).Should().NotThrow().Subject;

        PositionClosed adl = r.Events.OfType<PositionClosed>().Should().ContainSingle(e => e.Kind == FillKind.AdlCounterparty).Subject;
        (adl.Account, adl.Size, adl.Price, adl.RealizedPnl).Should().Be((EngineScenarios.Id(2), 10m, 90m, -50m));
    }

    /// <summary>
    /// Hyperliquid, a market order the book fills only in part, beyond bankruptcy. Long 10 @ 100 with 100 isolated:
    /// LP 90.91, BP 90. At 90.8 equity is 8 ≥ ⅔ × MM 9.08, and 908 of notional is below the slice threshold, so the
    /// whole 10 go to the book as a market order. The only bid is 5 @ 70: realised 5 × (70 − 100) = −150 leaves the
    /// 5 still open with margin −50, which the fund (1,000) brings back to zero (the engine's CoverPositionDeficit).
    /// </summary>
    [Fact]
    public void Hyperliquid_partial_fill_beyond_bankruptcy_does_not_throw()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Hyperliquid, inst, 100m, 1_000m, [new(70m, 5m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)));

        EngineResult r = engine.Invoking(e => e.OnPriceTick(inst.Symbol, 90.8m, EngineScenarios.T0.AddSeconds(1))).Should().NotThrow().Subject;

        PositionClosed fill = r.Events.OfType<PositionClosed>().Should().ContainSingle().Subject;
        (fill.Size, fill.Price, fill.RealizedPnl).Should().Be((5m, 70m, -150m));
        r.Events.OfType<CollateralTransfer>().Should().ContainSingle(t => t.Kind == TransferKind.InsuranceDraw).Which.Amount.Should().Be(-50m);
        engine.InsuranceFund.Should().Be(950m);
    }

    /// <summary>
    /// dYdX, the same with collateral already negative. Long 10 @ 100 with 100 isolated (lot 0.1), oracle 89: TNC
    /// 100 − 110 = −10, TMMR = PMMR 8.9, ABR clamps to 1, so the fillable price is (890 − 0.1 × 8.9) ÷ 10 = 88.911.
    /// The IOC for 10 meets a single bid of 9.5 @ 89: realised 9.5 × (89 − 100) = −104.5 against 100 of margin, with
    /// 0.5 still open.
    /// </summary>
    [Fact]
    public void Dydx_partial_fill_beyond_bankruptcy_does_not_throw()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m, lot: 0.1m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.DydxV4, inst, 100m, 1_000m, [new(89m, 9.5m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)));

        EngineResult r = engine.Invoking(e => e.OnPriceTick(inst.Symbol, 89m, EngineScenarios.T0.AddSeconds(1))).Should().NotThrow().Subject;

        r.Events.OfType<LiquidationOrderPlaced>().First().LimitPrice.Should().Be(88.911m);
        PositionClosed fill = r.Events.OfType<PositionClosed>().First();
        (fill.Size, fill.Price, fill.RealizedPnl).Should().Be((9.5m, 89m, -104.5m));
    }

    /// <summary>
    /// Conservation through a bad debt. Hyperliquid, long 10 @ 100 with 100 isolated, empty fund, one bid 10 @ 85.
    /// At 90.8 the whole position sells there: realised −150, the −50 left is released to the wallet and cannot be
    /// covered, so 50 is recorded as bad debt. Total value was 100; the log explains −150 (fund PnL 0), so it must
    /// be −50 afterwards. (TotalValue counts the account's −50 and subtracts the 50 of bad debt again.)
    /// </summary>
    [Fact]
    public void A_bad_debt_does_not_count_the_same_loss_twice_in_the_total_value()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Hyperliquid, inst, 100m, 0m, [new(85m, 10m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)));
        decimal before = engine.TotalValue;

        EngineResult r = engine.OnPriceTick(inst.Symbol, 90.8m, EngineScenarios.T0.AddSeconds(1));

        before.Should().Be(100m);
        EngineScenarios.Explained(r.Events).Should().Be(-150m);
        r.Events.OfType<BadDebtRecorded>().Should().ContainSingle().Which.Amount.Should().Be(50m);
        engine.BadDebt.Should().Be(50m);
        engine.TotalValue.Should().Be(-50m, "total value moves only by realised and fund PnL");
    }

    /// <summary>
    /// The same deficit recorded twice. Hyperliquid, a cross account with 100 and long 10 @ 100, empty fund, one bid
    /// 10 @ 85. At 90.8 (LP 90.91; equity 8 ≥ ⅔ × 9.08) the whole position sells at 85: realised −150, wallet −50,
    /// no cross position left, so 50 of bad debt. It must be recorded once: the policy's deficit cover and the cross
    /// waterfall's final cover each record it today.
    /// </summary>
    [Fact]
    public void A_cross_deficit_is_recorded_as_bad_debt_once()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Hyperliquid, inst, 100m, 0m, [new(85m, 10m)], [new(101m, 100m)],
            (1, EngineScenarios.Cross(100m, (inst, PositionSide.Long, 10m, 100m, 10m))));

        EngineResult r = engine.OnPriceTick(inst.Symbol, 90.8m, EngineScenarios.T0.AddSeconds(1));

        r.Events.OfType<PositionClosed>().Should().ContainSingle().Which.RealizedPnl.Should().Be(-150m);
        r.Events.OfType<BadDebtRecorded>().Select(b => (b.Account, b.Amount)).Should().Equal((EngineScenarios.Id(1), 50m));
        engine.BadDebt.Should().Be(50m);
    }

    /// <summary>
    /// An ADL counterparty left below zero with nothing naming the deficit. Bybit: long 10 @ 100 with 100 isolated
    /// (BP 90, LP 91); a cross account with 20 and short 10 @ 85 (entry-valued MM 8.5: LP 86.15, BP 87). Opening
    /// mark 86, tick 85.9: only the long crosses. It is taken over at 90, the empty fund cannot buy the 80 bid, and
    /// the short is deleveraged at 90: realised −50, wallet 20 − 50 = −30 with no position left. That −30 must be
    /// covered by the fund or recorded as bad debt (the fund is empty: 30 of bad debt).
    /// </summary>
    [Fact]
    public void An_adl_counterparty_driven_below_zero_has_its_deficit_named()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, inst, 86m, 0m, [new(80m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)),
            (2, EngineScenarios.Cross(20m, (inst, PositionSide.Short, 10m, 85m, 10m))));

        EngineResult r = engine.OnPriceTick(inst.Symbol, 85.9m, EngineScenarios.T0.AddSeconds(1));

        PositionClosed adl = r.Events.OfType<PositionClosed>().Should().ContainSingle(e => e.Kind == FillKind.AdlCounterparty).Subject;
        (adl.Account, adl.Size, adl.Price, adl.RealizedPnl).Should().Be((EngineScenarios.Id(2), 10m, 90m, -50m));
        if (engine.GetAccount(EngineScenarios.Id(2)).TotalWalletBalance < 0m)
        {
            r.Events.Where(e => Names(e, EngineScenarios.Id(2)) && e is BadDebtRecorded or CollateralTransfer { Kind: TransferKind.InsuranceDraw })
                .Should().NotBeEmpty("account 2 is at {0}", engine.GetAccount(EngineScenarios.Id(2)).TotalWalletBalance);
        }

        engine.BadDebt.Should().Be(30m);
    }

    /// <summary>
    /// An ADL counterparty made liquidatable is not liquidated in the same tick. Bybit: long 10 @ 100 with 100
    /// isolated (BP 90, LP 91); short 20 @ 85 with 60 isolated (entry-valued MM 17: LP 87.15, BP 88). Opening mark
    /// 87, tick 86: only the long crosses. It is taken over at 90 and 10 are deleveraged against the short at 90:
    /// realised −50, so the short keeps 10 @ 85 with margin 10 and LP 85 + (10 − 8.5) ÷ 10 = 85.15, which the tick's
    /// 86 has crossed. The engine must liquidate it in this tick, not leave it for the next one.
    /// </summary>
    [Fact]
    public void An_adl_counterparty_made_liquidatable_is_liquidated_in_the_same_tick()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.Bybit, inst, 87m, 0m, [new(80m, 100m)], [new(101m, 100m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)),
            (2, EngineScenarios.Isolated(inst, PositionSide.Short, 20m, 85m, 30m, 60m)));

        EngineResult r = engine.OnPriceTick(inst.Symbol, 86m, EngineScenarios.T0.AddSeconds(1));

        PositionClosed adl = r.Events.OfType<PositionClosed>().Should().ContainSingle(e => e.Kind == FillKind.AdlCounterparty).Subject;
        (adl.Account, adl.Size, adl.Price, adl.RealizedPnl).Should().Be((EngineScenarios.Id(2), 10m, 90m, -50m));
        Position? shortLeft = engine.GetAccount(EngineScenarios.Id(2)).Positions.SingleOrDefault();
        if (shortLeft is not null)
        {
            LiquidationPriceSolver.Isolated(inst, PositionSide.Short, shortLeft.Size, shortLeft.EntryPrice, shortLeft.IsolatedMargin, VenueProfile.Bybit.MarginModel)
                .LiquidationPrice.Should().BeGreaterThan(86m, "a position left open after the tick must not be past its liquidation price at the tick's mark");
        }

        r.LiquidatedAccounts.Should().Equal(EngineScenarios.Id(1), EngineScenarios.Id(2));
    }

    /// <summary>
    /// dYdX with an inverse instrument. The profile's policy is written for linear contracts; an engine that accepts
    /// the combination must liquidate with it. Inverse, 100 USD a contract, flat 1%: long 1,000 @ 10,000 (10 BTC)
    /// with 1 BTC isolated. At 9,150 the loss is 100,000 × (1 ÷ 10,000 − 1 ÷ 9,150) = 0.929, equity 0.071 &lt; MM
    /// 0.109, with collateral still positive. Refusing the combination when the engine is built is also correct
    /// (principle 6: bad input is refused before anything changes).
    /// </summary>
    [Fact]
    public void Dydx_with_an_inverse_instrument_is_refused_up_front_or_works()
    {
        Instrument inst = Instrument.Inverse("BTCUSD", "BTC", "USD", TestInstruments.Flat(0.01m, 50m), 0.5m, 1m, 100m);
        LiquidationEngine engine;
        try
        {
            engine = EngineScenarios.Engine(
                VenueProfile.DydxV4, inst, 10_000m, 1m, [new(9_100m, 2_000m)], [new(10_100m, 2_000m)],
                (1, EngineScenarios.Isolated(inst, PositionSide.Long, 1_000m, 10_000m, 10m, 1m)));
        }
        catch (ArgumentException)
        {
            return;
        }

        engine.Invoking(e => e.OnPriceTick(inst.Symbol, 9_150m, EngineScenarios.T0.AddSeconds(1))).Should().NotThrow();
    }

    /// <summary>
    /// dYdX and a maintenance margin whose rate is not a terminating decimal. BTCUSDT brackets, long 1 @ 62,000
    /// with 2,066.67 isolated (30x). At 60,000 the notional is in the 0.5% bracket: MM = 300 − 50 = 250, equity
    /// 66.67, liquidatable (LP 60,183.6). The engine passes the rate as 250 ÷ 60,000 = 0.00416…667 (rounded up in
    /// the 28th digit); the chain's PMMR = ⌈60,000,000,000 quantums × rate⌉ then comes to 250.000001 &gt; TMMR 250.
    /// </summary>
    [Fact]
    public void Dydx_liquidation_does_not_trip_on_the_rounding_of_the_maintenance_rate()
    {
        Instrument inst = TestInstruments.BtcUsdt;
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.DydxV4, inst, 62_000m, 1_000m, [new(59_990m, 10m)], [new(62_100m, 10m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Long, 1m, 62_000m, 30m, 2_066.67m)));

        engine.Invoking(e => e.OnPriceTick(inst.Symbol, 60_000m, EngineScenarios.T0.AddSeconds(1))).Should().NotThrow();
    }

    /// <summary>
    /// A cross liquidation the book cannot fill repeats the same order until the loop guard. A cross account with 100
    /// and long 10 @ 100 (LP 90.91), no bids at all. At 90.8 collateral is still positive (8), so neither policy takes
    /// it over: dYdX sends one IOC at the fillable price, Hyperliquid one market order for the whole position
    /// (equity 8 ≥ ⅔ × 9.08, notional below the slice threshold); nothing fills. One order explains that; 64 identical
    /// orders in one tick do not.
    /// </summary>
    [Theory]
    [InlineData("dYdX v4")]
    [InlineData("Hyperliquid")]
    public void A_cross_liquidation_the_book_cannot_fill_sends_one_order_per_tick(string profile)
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            ProfileNamed(profile), inst, 100m, 0m, [], [new(101m, 100m)],
            (1, EngineScenarios.Cross(100m, (inst, PositionSide.Long, 10m, 100m, 10m))));

        EngineResult r = engine.OnPriceTick(inst.Symbol, 90.8m, EngineScenarios.T0.AddSeconds(1));

        r.LiquidatedAccounts.Should().Equal(EngineScenarios.Id(1));
        r.Events.OfType<PositionClosed>().Should().BeEmpty();
        r.Events.OfType<LiquidationOrderPlaced>().Select(o => (o.Size, o.Reason)).Should().HaveCount(1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Found by reading the waterfall against its parts' documentation.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// BitMEX ADL ranks a fully collateralised long by a made-up bankruptcy price. Short 10 @ 100 with 100 isolated
    /// (LP 109, BP 110) is liquidated at 109.5; the empty fund cannot buy the 120 ask, so 10 are deleveraged against
    /// the longs at 110. Both longs are 10 @ 100, PnL% (109.5 − 100) ÷ 100 = 0.095. Long A holds 1,000 (1x): it has no
    /// bankruptcy price, which <see cref="AdlCandidate"/> says to pass as 0, bankrupt value 0, effective leverage 1,
    /// score 0.095. Long B holds 100 (10x): BP 90, effective leverage 109.5 ÷ 19.5 = 5.62, score 0.53. B is first and
    /// takes all 10 at 110 (realised +100). The engine passes A's entry price as its bankruptcy price instead, which
    /// gives A an effective leverage of 109.5 ÷ 9.5 = 11.5 and puts it first.
    /// </summary>
    [Fact]
    public void BitMex_adl_ranks_a_long_without_a_bankruptcy_price_at_effective_leverage_one()
    {
        Instrument inst = EngineScenarios.Linear("AAAUSDT", 0.01m);
        LiquidationEngine engine = EngineScenarios.Engine(
            VenueProfile.BitMex, inst, 100m, 0m, [new(99m, 100m)], [new(120m, 100m)],
            (1, EngineScenarios.Isolated(inst, PositionSide.Short, 10m, 100m, 10m, 100m)),
            (2, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 1m, 1_000m)),
            (3, EngineScenarios.Isolated(inst, PositionSide.Long, 10m, 100m, 10m, 100m)));

        EngineResult r = engine.OnPriceTick(inst.Symbol, 109.5m, EngineScenarios.T0.AddSeconds(1));

        r.LiquidatedAccounts.Should().Equal(EngineScenarios.Id(1));
        r.Events.OfType<PositionClosed>().Where(c => c.Kind == FillKind.AdlCounterparty).Select(c => (c.Account, c.Size, c.Price, c.RealizedPnl))
            .Should().Equal((EngineScenarios.Id(3), 10m, 110m, 100m));
    }
}

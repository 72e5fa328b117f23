using System.Collections.Immutable;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Margin;
using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>
/// The traders' own protection, armed as price and time triggers so a step touches only what it crosses.
/// </summary>
/// <remarks>
/// <para>
/// Every price-keyed behaviour becomes one trigger price: a stop or take-profit at its distance from the entry; a
/// reduction or hedge where the mark comes within its distance of the liquidation price (long: LP ÷ (1 − d), short:
/// LP ÷ (1 + d)); a margin top-up where the margin ratio reaches its level (found by bisection between the mark and
/// the liquidation price). Triggers sit in sorted sets per symbol, price source and direction, so finding the
/// crossed ones costs O(log n + crossed). A trigger that depends on the liquidation price is re-armed whenever an
/// event touches its account.
/// </para>
/// <para>
/// Crossed triggers fire in the order a continuous path would reach them (nearest to the previous price first),
/// ties by account id and slot; each fires at most once per pass.
/// </para>
/// </remarks>
internal sealed class TraderAgents
{
    // Trigger slots are numbered behaviour × slots per behaviour + position index. An account holds at most one
    // position per symbol and side, so 2 × symbols slots per behaviour reach every position: none goes unarmed.
    private readonly int _slotsPerBehaviour;

    private static readonly IComparer<Trigger> s_down = Comparer<Trigger>.Create((a, b) =>
    {
        int c = b.Key.CompareTo(a.Key);
        return c != 0 ? c : (a.Account, a.Slot).CompareTo((b.Account, b.Slot));
    });

    private static readonly IComparer<Trigger> s_up = Comparer<Trigger>.Create((a, b) =>
    {
        int c = a.Key.CompareTo(b.Key);
        return c != 0 ? c : (a.Account, a.Slot).CompareTo((b.Account, b.Slot));
    });

    private readonly LiquidationEngine _engine;
    private readonly Action<string> _beforeOrder;
    private readonly Dictionary<string, Instrument> _instruments;
    private readonly Dictionary<string, TriggerSets> _sets = new(StringComparer.Ordinal);
    private readonly Dictionary<AccountId, Agent> _agents = [];
    private readonly List<Agent> _inAccountOrder = [];
    private readonly SortedSet<(long Ticks, long Account, int Slot)> _schedule = [];
    private readonly DateTimeOffset _start;
    private readonly List<(Trigger Trigger, TriggerSets Sets, bool Down, bool OnMark)> _fired = [];
    private readonly HashSet<AccountId> _scratch = [];

    public TraderAgents(LiquidationEngine engine, CompiledScenario scenario, Action<string> beforeOrder)
    {
        _engine = engine;
        _beforeOrder = beforeOrder;
        _slotsPerBehaviour = 2 * scenario.Instruments.Length;
        _start = scenario.Document.Start;
        _instruments = scenario.Instruments.ToDictionary(i => i.Symbol, StringComparer.Ordinal);
        foreach (Instrument i in scenario.Instruments)
        {
            _sets[i.Symbol] = new TriggerSets();
        }

        foreach ((AccountId id, ImmutableArray<ScenarioBehaviour> behaviours) in scenario.Behaviours.OrderBy(p => p.Key))
        {
            var agent = new Agent(id, behaviours);
            _agents.Add(id, agent);
            _inAccountOrder.Add(agent);
            Account account = engine.GetAccount(id);
            for (int b = 0; b < behaviours.Length; b++)
            {
                if (behaviours[b] is ScenarioScheduledExit exit)
                {
                    for (int p = 0; p < account.Positions.Length; p++)
                    {
                        agent.OpeningSizes[(b * _slotsPerBehaviour) + p] = account.Positions[p].Size;
                        for (int j = 0; j < exit.Slices; j++)
                        {
                            _schedule.Add(((exit.Start + (exit.Interval * j)).Ticks, id.Value, (b * _slotsPerBehaviour) + p));
                        }
                    }
                }
            }

            Arm(agent);
        }
    }

    /// <summary>Trader orders sent so far.</summary>
    public long Orders { get; private set; }

    /// <summary>Value deposited by traders so far.</summary>
    public decimal Deposits { get; private set; }

    /// <summary>Re-arms the triggers of every agent account an engine result touched.</summary>
    public void Touched(EngineResult result, HashSet<AccountId> scratch)
    {
        if (_agents.Count == 0)
        {
            return;
        }

        scratch.Clear();
        foreach (LiquidationEvent e in result.Events)
        {
            if (EventAccounts.Of(e) is AccountId id && _agents.ContainsKey(id))
            {
                scratch.Add(id);
            }
        }

        if (scratch.Count == 0)
        {
            return;
        }

        foreach (AccountId id in scratch.Order())
        {
            Arm(_agents[id]);
        }
    }

    /// <summary>Re-arms every agent (after events that touch all accounts, such as funding).</summary>
    public void RearmAll()
    {
        foreach (Agent agent in _inAccountOrder)
        {
            Arm(agent);
        }
    }

    /// <summary>Fires the scheduled exits due at or before <paramref name="time"/>.</summary>
    public void RunSchedule(DateTimeOffset time, Action<EngineResult> sink)
    {
        long due = (time - _start).Ticks;
        while (_schedule.Count > 0 && _schedule.Min.Ticks <= due)
        {
            (long _, long account, int slot) = _schedule.Min;
            _schedule.Remove(_schedule.Min);
            Agent agent = _agents[new AccountId(account)];
            var exit = (ScenarioScheduledExit)agent.Behaviours[slot / _slotsPerBehaviour];
            Position? p = PositionAt(agent, slot % _slotsPerBehaviour);
            if (p is null)
            {
                continue;
            }

            decimal slice = p.Instrument.FloorToLots(agent.OpeningSizes[slot] / exit.Slices);
            decimal size = Math.Min(p.Size, Math.Max(p.Instrument.LotSize, slice));
            Close(agent, p, size, "scheduled-exit", time, sink);
        }
    }

    /// <summary>Fires the triggers of <paramref name="symbol"/> that the mark and last prices crossed.</summary>
    public void RunPriceTriggers(string symbol, decimal mark, decimal last, decimal previousMark, decimal previousLast, DateTimeOffset time, Action<EngineResult> sink)
    {
        if (_agents.Count == 0)
        {
            return;
        }

        TriggerSets sets = _sets[symbol];
        _fired.Clear();
        Collect(sets.MarkDown, sets, down: true, onMark: true, price: mark);
        Collect(sets.MarkUp, sets, down: false, onMark: true, price: mark);
        Collect(sets.LastDown, sets, down: true, onMark: false, price: last);
        Collect(sets.LastUp, sets, down: false, onMark: false, price: last);
        if (_fired.Count == 0)
        {
            return;
        }

        // The order a continuous path reaches them: nearest to the previous price first.
        _fired.Sort((a, b) =>
        {
            decimal da = Reach(a, previousMark, previousLast), db = Reach(b, previousMark, previousLast);
            int c = da.CompareTo(db);
            return c != 0 ? c : (a.Trigger.Account, a.Trigger.Slot).CompareTo((b.Trigger.Account, b.Trigger.Slot));
        });

        foreach ((Trigger t, TriggerSets s, bool down, bool onMark) in _fired.ToArray())
        {
            Agent agent = _agents[new AccountId(t.Account)];
            agent.Armed.RemoveAll(a => a.Trigger == t);
            (down ? (onMark ? s.MarkDown : s.LastDown) : (onMark ? s.MarkUp : s.LastUp)).Remove(t);
            Fire(agent, t.Slot, mark, time, sink);
        }
    }

    private static decimal Reach((Trigger Trigger, TriggerSets Sets, bool Down, bool OnMark) f, decimal previousMark, decimal previousLast)
    {
        decimal previous = f.OnMark ? previousMark : previousLast;
        return Math.Abs(f.Trigger.Key - previous) / previous;
    }

    private void Collect(SortedSet<Trigger> set, TriggerSets sets, bool down, bool onMark, decimal price)
    {
        foreach (Trigger t in set)
        {
            if (down ? t.Key < price : t.Key > price)
            {
                break;
            }

            _fired.Add((t, sets, down, onMark));
        }
    }

    private void Fire(Agent agent, int slot, decimal mark, DateTimeOffset time, Action<EngineResult> sink)
    {
        int b = slot / _slotsPerBehaviour;
        Position? p = PositionAt(agent, slot % _slotsPerBehaviour);
        if (p is null)
        {
            return;
        }

        agent.Times[b]++;
        switch (agent.Behaviours[b])
        {
            case ScenarioStopLoss:
                Close(agent, p, p.Size, "stop-loss", time, sink);
                break;
            case ScenarioTakeProfit:
                Close(agent, p, p.Size, "take-profit", time, sink);
                break;
            case ScenarioReduce r:
                Close(agent, p, Math.Min(p.Size, Math.Max(p.Instrument.LotSize, p.Instrument.FloorToLots(p.Size * r.Fraction))), "reduce", time, sink);
                break;
            case ScenarioAddMargin m:
                {
                    decimal amount = p.Instrument.InitialMargin(m.Amount * p.EntryNotional, p.Leverage);
                    if (amount <= 0m)
                    {
                        break;
                    }

                    Deposit(agent, amount, time, sink);
                    if (p.MarginMode == MarginMode.Isolated)
                    {
                        // A wallet an earlier losing close left negative absorbs part of the deposit first.
                        decimal movable = Math.Min(amount, AvailableBalance(agent.Id));
                        if (movable > 0m)
                        {
                            Emit(_engine.AddIsolatedMargin(agent.Id, p.Symbol, p.Side, movable, time), sink);
                        }
                    }

                    break;
                }

            case ScenarioHedge h:
                {
                    decimal size = Math.Max(p.Instrument.LotSize, p.Instrument.FloorToLots(p.Size * h.Fraction));
                    PositionSide hedgeSide = p.Side.Opposite();
                    // The hedge is a market order protected by a limit 5 % through this step's mark, and its margin is
                    // posted for the dearest fill it can get (a buy at the limit, a sell at the best bid), so a book
                    // emptied or moved by the cascade cannot make it unaffordable.
                    _beforeOrder(p.Symbol);
                    decimal limit = Math.Round(hedgeSide == PositionSide.Long ? mark * 1.05m : mark * 0.95m, 8);
                    decimal dearest = hedgeSide == PositionSide.Long ? limit : Math.Max(mark, _engine.Book(p.Symbol).BestBid ?? mark);
                    // The position's own leverage, unless the price has moved so far that the hedge's notional is in a
                    // bracket that allows less (the engine refused the order then; found by the whole-run fuzz).
                    decimal leverage = Math.Min(p.Leverage, p.Instrument.RiskTiers.MaxLeverage(p.Instrument.Notional(size, dearest)));
                    if (p.MarginMode == MarginMode.Isolated)
                    {
                        // The trader tops the wallet up to the hedge's initial margin at the limit (after covering a
                        // wallet an earlier losing close left negative).
                        decimal margin = p.Instrument.InitialMargin(p.Instrument.Notional(size, dearest), leverage);
                        // A negative balance is part of the shortfall: clamping it at zero left the wallet short by
                        // exactly the deficit, and the hedge's opening fill was then refused (found by the loader fuzz).
                        decimal topUp = margin - Math.Min(AvailableBalance(agent.Id), _engine.GetAccount(agent.Id).WalletBalance);
                        if (topUp > 0m)
                        {
                            Deposit(agent, topUp, time, sink);
                        }
                    }
                    else if (_engine.GetAccount(agent.Id).WalletBalance is decimal wallet && wallet < 0m)
                    {
                        // A cross hedge posts no isolated margin, but the engine opens nothing from a negative wallet
                        // (Account.Open): the trader first covers the deficit a crash left (found by the whole-run fuzz).
                        Deposit(agent, -wallet, time, sink);
                    }

                    agent.HedgeSides[p.Symbol] = hedgeSide;
                    Orders++;
                    Emit(
                        _engine.PlaceMarketOrder(
                            new MarketOrder
                            {
                                Account = agent.Id,
                                Symbol = p.Symbol,
                                Side = hedgeSide == PositionSide.Long ? OrderSide.Buy : OrderSide.Sell,
                                Size = size,
                                ReduceOnly = false,
                                MarginMode = p.MarginMode,
                                Leverage = leverage,
                                HedgeSide = hedgeSide,
                                LimitPrice = limit,
                                Reason = "hedge",
                            },
                            time),
                        sink);
                    break;
                }

            default:
                break;
        }
    }

    private decimal AvailableBalance(AccountId id)
    {
        Account account = _engine.GetAccount(id);
        var marks = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (Position q in account.Positions)
        {
            marks[q.Symbol] = _engine.MarkPrice(q.Symbol);
        }

        return AccountMargin.Calculate(account, marks).AvailableBalance;
    }

    private void Close(Agent agent, Position p, decimal size, string reason, DateTimeOffset time, Action<EngineResult> sink)
    {
        if (size <= 0m)
        {
            return;
        }

        Orders++;
        _beforeOrder(p.Symbol);
        bool hedgeMode = _engine.GetAccount(agent.Id).PositionMode == PositionMode.Hedge;
        Emit(
            _engine.PlaceMarketOrder(
                new MarketOrder
                {
                    Account = agent.Id,
                    Symbol = p.Symbol,
                    Side = p.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy,
                    Size = size,
                    ReduceOnly = true,
                    HedgeSide = hedgeMode ? p.Side : null,
                    Reason = reason,
                },
                time),
            sink);
    }

    private void Deposit(Agent agent, decimal amount, DateTimeOffset time, Action<EngineResult> sink)
    {
        Deposits += amount;
        Emit(_engine.Deposit(agent.Id, amount, time), sink);
    }

    private void Emit(EngineResult result, Action<EngineResult> sink)
    {
        sink(result);
        Touched(result, _scratch);
    }

    /// <summary>The agent's position in slot <paramref name="index"/>: its positions in account order, hedge legs left out.</summary>
    private Position? PositionAt(Agent agent, int index)
    {
        int i = 0;
        foreach (Position p in _engine.GetAccount(agent.Id).Positions)
        {
            if (agent.HedgeSides.TryGetValue(p.Symbol, out PositionSide hedge) && p.Side == hedge)
            {
                continue;
            }

            if (i++ == index)
            {
                return p;
            }
        }

        return null;
    }

    private void Arm(Agent agent)
    {
        foreach ((string symbol, SetKind kind, Trigger t) in agent.Armed)
        {
            _sets[symbol].Get(kind).Remove(t);
        }

        agent.Armed.Clear();
        for (int index = 0; index < _slotsPerBehaviour; index++)
        {
            if (PositionAt(agent, index) is not Position p)
            {
                break;
            }

            for (int b = 0; b < agent.Behaviours.Length; b++)
            {
                if (TriggerFor(agent, agent.Behaviours[b], b, p) is (SetKind kind, decimal key))
                {
                    var t = new Trigger(key, agent.Id.Value, (b * _slotsPerBehaviour) + index);
                    _sets[p.Symbol].Get(kind).Add(t);
                    agent.Armed.Add((p.Symbol, kind, t));
                }
            }
        }
    }

    private (SetKind Kind, decimal Key)? TriggerFor(Agent agent, ScenarioBehaviour behaviour, int b, Position p)
    {
        bool isLong = p.Side == PositionSide.Long;
        switch (behaviour)
        {
            case ScenarioStopLoss s when agent.Times[b] == 0:
                return (Kind(s.Trigger, down: isLong), p.EntryPrice * (isLong ? 1m - s.Distance : 1m + s.Distance));
            case ScenarioTakeProfit t when agent.Times[b] == 0 && (isLong || t.Distance < 1m):
                return (Kind(t.Trigger, down: !isLong), p.EntryPrice * (isLong ? 1m + t.Distance : 1m - t.Distance));
            case ScenarioReduce r when agent.Times[b] < r.MaxTimes:
                return NearLiquidation(agent, p, r.Distance);
            case ScenarioHedge h when agent.Times[b] == 0 && !agent.HedgeSides.ContainsKey(p.Symbol)
                && _engine.GetAccount(agent.Id).PositionMode == PositionMode.Hedge:
                return NearLiquidation(agent, p, h.Distance);
            case ScenarioAddMargin m when agent.Times[b] < m.MaxTimes:
                return MarginRatioTrigger(agent, p, m.MarginRatio);
            default:
                return null;
        }
    }

    private (SetKind, decimal)? NearLiquidation(Agent agent, Position p, decimal distance)
    {
        if (_engine.DistanceToLiquidation(agent.Id, p.Symbol, p.Side) is not LiquidationDistance d)
        {
            return null;
        }

        return p.Side == PositionSide.Long
            ? (SetKind.MarkDown, d.LiquidationPrice / (1m - distance))
            : (SetKind.MarkUp, d.LiquidationPrice / (1m + distance));
    }

    /// <summary>The mark at which the position's margin ratio (maintenance ÷ margin balance) reaches <paramref name="level"/>.</summary>
    private (SetKind, decimal)? MarginRatioTrigger(Agent agent, Position p, decimal level)
    {
        if (_engine.DistanceToLiquidation(agent.Id, p.Symbol, p.Side) is not LiquidationDistance d)
        {
            return null;
        }

        bool isLong = p.Side == PositionSide.Long;
        SetKind kind = isLong ? SetKind.MarkDown : SetKind.MarkUp;
        Account account = _engine.GetAccount(agent.Id);
        decimal safe = d.MarkPrice, risky = d.LiquidationPrice;
        if (RatioAt(account, p, safe) >= level)
        {
            return (kind, safe);
        }

        // The ratio grows monotonically from the mark towards the liquidation price, where it reaches 1.
        for (int i = 0; i < 48 && Math.Abs(safe - risky) > p.Instrument.TickSize; i++)
        {
            decimal mid = (safe + risky) / 2m;
            if (RatioAt(account, p, mid) >= level)
            {
                risky = mid;
            }
            else
            {
                safe = mid;
            }
        }

        return (kind, risky);
    }

    private decimal RatioAt(Account account, Position p, decimal price)
    {
        decimal balance, maintenance;
        if (p.MarginMode == MarginMode.Isolated)
        {
            balance = p.IsolatedMargin + p.UnrealizedPnl(price);
            maintenance = p.MaintenanceMargin(price);
        }
        else
        {
            balance = account.WalletBalance;
            maintenance = 0m;
            foreach (Position q in account.Positions)
            {
                if (q.MarginMode != MarginMode.Cross)
                {
                    continue;
                }

                decimal at = q.Symbol == p.Symbol ? price : _engine.MarkPrice(q.Symbol);
                balance += q.UnrealizedPnl(at);
                maintenance += q.MaintenanceMargin(at);
            }
        }

        return balance <= 0m ? decimal.MaxValue : maintenance / balance;
    }

    private static SetKind Kind(TriggerPriceSource source, bool down) => (source, down) switch
    {
        (TriggerPriceSource.Last, true) => SetKind.LastDown,
        (TriggerPriceSource.Last, false) => SetKind.LastUp,
        (_, true) => SetKind.MarkDown,
        _ => SetKind.MarkUp,
    };


    private enum SetKind
    {
        MarkDown,
        MarkUp,
        LastDown,
        LastUp,
    }

    private readonly record struct Trigger(decimal Key, long Account, int Slot);

    private sealed class TriggerSets
    {
        public SortedSet<Trigger> MarkDown { get; } = new(s_down);

        public SortedSet<Trigger> MarkUp { get; } = new(s_up);

        public SortedSet<Trigger> LastDown { get; } = new(s_down);

        public SortedSet<Trigger> LastUp { get; } = new(s_up);

        public SortedSet<Trigger> Get(SetKind kind) => kind switch
        {
            SetKind.MarkDown => MarkDown,
            SetKind.MarkUp => MarkUp,
            SetKind.LastDown => LastDown,
            _ => LastUp,
        };
    }

    private sealed class Agent(AccountId id, ImmutableArray<ScenarioBehaviour> behaviours)
    {
        public AccountId Id { get; } = id;

        public ImmutableArray<ScenarioBehaviour> Behaviours { get; } = behaviours;

        public int[] Times { get; } = new int[behaviours.Length];

        public List<(string Symbol, SetKind Kind, Trigger Trigger)> Armed { get; } = [];

        public Dictionary<int, decimal> OpeningSizes { get; } = [];

        public Dictionary<string, PositionSide> HedgeSides { get; } = new(StringComparer.Ordinal);
    }
}

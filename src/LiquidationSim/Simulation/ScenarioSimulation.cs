using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using LiquidationSim.Accounts;
using LiquidationSim.Internal;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;
using LiquidationSim.Pricing;

namespace LiquidationSim.Simulation;

/// <summary>
/// Runs a <see cref="ScenarioDocument"/>: a liquidation engine over the scenario's accounts, driven step by step by
/// the price process, with the venue's order book, market impact, index and mark prices, funding and the traders' own
/// behaviours around it. The cascade emerges: forced selling moves the venue's price, the spot follows it by the
/// coupling, the mark follows the index, and further positions cross their liquidation prices.
/// </summary>
/// <remarks>
/// <para>
/// <b>Order within step k</b> (time = start + k·step), always the same:
/// (1) the price process moves the spot level (path generator), then the spot shocks at this offset apply;
/// (2) per instrument, in the scenario's order: spot = level × start-price ratio × coupling impact; index-source
/// quotes = spot × (1 + noise·z), source shocks applied, index by <see cref="IndexPriceCalculator"/> (Binance rules);
/// (3) the book is re-quoted around the venue price spot × (1 + displacement) with each level's depth refilled by the
/// recovery rate of what was consumed (<see cref="BookUpdated"/>), and the last price resets to that venue price;
/// (4) the mark is computed (the venue's method, the index or the last price) and the funding premium sampled;
/// (5) scheduled exits due now fire, then the trader triggers the mark and last prices crossed, in the order a
/// continuous path reaches them;
/// (6) the engine ticks every instrument at its mark and last price and liquidates what crossed;
/// (7) triggers keyed to the last price that liquidation fills crossed fire;
/// (8) a funding round settles when one is due;
/// (9) the spot adopts the coupling share of the venue's displacement (last ÷ spot − 1) and arbitrage closes its share
/// of the rest.
/// Every fill (liquidation, insurance fund on the book, trader order) moves the last price to its own price. A
/// historical OHLC series first runs steps (2) to (7) at the extremes of the bars that ended during the step (the
/// price itself is the open of the bar in force at the step's time: no look-ahead).
/// </para>
/// <para>
/// <b>Determinism.</b> The price path draws from <see cref="SeededRandom.ForPath"/>(seed, path), the population from
/// a separate stream of the same seed; no clock or ambient state is read, so a run is identical on every machine, and
/// a single run is path 0 of the scenario's Monte Carlo.
/// </para>
/// <para>Not thread-safe: one instance per run. Steps stream; nothing grows with the number of steps unless
/// <see cref="SimulationOptions.RetainEventLog"/> is set.</para>
/// </remarks>
public sealed class ScenarioSimulation
{
    private readonly CompiledScenario _scenario;
    private readonly SimulationOptions _options;
    private readonly SeededRandom _random;
    private readonly SymbolMarket[] _markets;
    private readonly TraderAgents _agents;
    private readonly HashSet<AccountId> _touched = [];
    private readonly HashSet<AccountId> _liquidatedEver = [];
    private readonly List<LiquidationEvent> _stepEvents = [];
    private readonly Action<EngineResult> _sink;
    private readonly ScenarioShock[] _shocks;
    private readonly long _fundingEvery;
    private decimal _level;
    private DateTimeOffset _stepTime;
    private StepTally _tally;
    private Totals _totals;

    private ScenarioSimulation(CompiledScenario scenario, SimulationOptions options, SeededRandom random, LiquidationEngine? start = null)
    {
        _scenario = scenario;
        _options = options;
        _random = random;
        ScenarioDocument d = scenario.Document;
        _markets = [.. scenario.Instruments.Select((_, i) => new SymbolMarket(scenario, i))];
        _level = scenario.Process switch
        {
            ScriptedPath s => s.PriceAt(TimeSpan.Zero),
            HistoricalReplay h => h.First,
            _ => scenario.StartLevel,
        };
        foreach (SymbolMarket m in _markets)
        {
            m.Ratio /= _level;
        }

        // Monte Carlo paths start from one engine built for the first (every path starts alike; only prices differ).
        Engine = start is not null ? LiquidationEngine.CopyOfStart(start) : new LiquidationEngine(
            scenario.Profile,
            scenario.Instruments,
            scenario.Accounts,
            _markets.Select(m => m.OpeningBook()),
            _markets.ToDictionary(m => m.Symbol, m => m.Mark, StringComparer.Ordinal),
            d.InsuranceFund,
            d.Start,
            retainEventLog: options.RetainEventLog,
            makers: scenario.Makers);
        _agents = new TraderAgents(Engine, scenario, symbol => InstallBook(MarketOf(symbol), _stepTime));
        _sink = Absorb;
        _shocks = [.. d.Shocks.OrderBy(s => s.Offset)];
        _fundingEvery = d.Funding is ScenarioFunding f ? f.Interval.Ticks / d.Step.Ticks : 0;
        _totals.FundLow = d.InsuranceFund;
        Current = Snapshot(0, d.Start, 0, 0m, 0, 0m, 0, []);
    }

    /// <summary>The engine the run drives: accounts, books, the insurance fund and the event log.</summary>
    public LiquidationEngine Engine { get; }

    /// <summary>The scenario being run (after validation).</summary>
    public ScenarioDocument Scenario => _scenario.Document;

    /// <summary>Steps in the whole run (duration ÷ step).</summary>
    public long TotalSteps => _scenario.StepCount;

    /// <summary>
    /// Install the book in the engine at every step instead of only when a trade may need it (tests check that both
    /// give the same run).
    /// </summary>
    internal bool EagerBooks { get; set; }

    /// <summary>The latest step (step 0, the opening state, before <see cref="Step"/> is first called).</summary>
    public SimulationStep Current { get; private set; }

    /// <summary>True when every step has run.</summary>
    public bool IsComplete => Current.Index >= TotalSteps;

    /// <summary>
    /// Validates a scenario (every problem with its JSON path) and prepares a run of it: the population is drawn and
    /// the engine built. The price path is the scenario's path 0.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="options">How to run; <see cref="SimulationOptions.Default"/> when null.</param>
    /// <returns>A simulation at step 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The scenario, or its historical CSV, breaks a rule; every problem is listed.</exception>
    public static ScenarioSimulation Create(ScenarioDocument scenario, SimulationOptions? options = null) =>
        Create(scenario, 0, options);

    /// <summary>Prepares a run of Monte Carlo path <paramref name="pathIndex"/> of a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="pathIndex">The path; zero or greater. Its price path draws from <see cref="SeededRandom.ForPath"/>(scenario seed, path).</param>
    /// <param name="options">How to run; <see cref="SimulationOptions.Default"/> when null.</param>
    /// <returns>A simulation at step 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pathIndex"/> is negative.</exception>
    /// <exception cref="ScenarioValidationException">The scenario breaks a rule; every problem is listed.</exception>
    public static ScenarioSimulation Create(ScenarioDocument scenario, long pathIndex, SimulationOptions? options = null) =>
        Create(scenario, pathIndex, options, CancellationToken.None);

    /// <summary>
    /// Prepares a run of Monte Carlo path <paramref name="pathIndex"/> of a scenario, stopping when
    /// <paramref name="cancellationToken"/> is cancelled while the population is drawn (millions of accounts take
    /// seconds).
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="pathIndex">The path; zero or greater.</param>
    /// <param name="options">How to run; <see cref="SimulationOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the preparation.</param>
    /// <returns>A simulation at step 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pathIndex"/> is negative.</exception>
    /// <exception cref="ScenarioValidationException">The scenario breaks a rule; every problem is listed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ScenarioSimulation Create(ScenarioDocument scenario, long pathIndex, SimulationOptions? options, CancellationToken cancellationToken)
    {
        Preconditions.NotNull(scenario);
        if (pathIndex < 0)
        {
            ThrowHelper.OutOfRange(nameof(pathIndex), pathIndex, "must not be negative");
        }

        CompiledScenario compiled = CompiledScenario.Compile(scenario, options, cancellationToken);
        return new ScenarioSimulation(compiled, options ?? SimulationOptions.Default, SeededRandom.ForPath(compiled.Document.Seed, pathIndex));
    }

    /// <summary>
    /// Runs a scenario's Monte Carlo: paths <see cref="MonteCarloOptions.FirstPath"/> … <see cref="MonteCarloOptions.LastPath"/>,
    /// each a whole run on its own price path, the population drawn once and shared. Results do not depend on the
    /// degree of parallelism, and shards of disjoint path ranges merge into the whole
    /// (<see cref="MonteCarloResult.Merge(MonteCarloResult)"/>).
    /// </summary>
    /// <param name="scenario">The scenario; its seed is the root seed.</param>
    /// <param name="options">The path range, the degree of parallelism and the progress reporter.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="simulationOptions">How each path runs (its event options are ignored: paths keep no events).</param>
    /// <returns>The aggregated result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The path range passes <see cref="long.MaxValue"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static MonteCarloResult RunMonteCarlo(
        ScenarioDocument scenario,
        MonteCarloOptions options,
        CancellationToken cancellationToken = default,
        SimulationOptions? simulationOptions = null)
    {
        Preconditions.NotNull(scenario);
        Preconditions.NotNull(options);
        options.Validate();
        return PrepareMonteCarlo(scenario, simulationOptions, cancellationToken).Run(options, cancellationToken);
    }

    /// <summary>
    /// Validates and compiles a scenario once (the population drawn, the starting engine built) for any number of
    /// Monte Carlo ranges: a server that runs many shards of one scenario pays the preparation once.
    /// <see cref="ScenarioMonteCarlo.Run"/> gives exactly what <see cref="RunMonteCarlo"/> gives for the same range.
    /// </summary>
    /// <param name="scenario">The scenario; its seed is the root seed.</param>
    /// <param name="simulationOptions">How each path runs (its event options are ignored: paths keep no events).</param>
    /// <param name="cancellationToken">Stops the preparation.</param>
    /// <returns>The prepared run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
    /// <exception cref="ScenarioValidationException">The scenario breaks a rule; every problem is listed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ScenarioMonteCarlo PrepareMonteCarlo(
        ScenarioDocument scenario,
        SimulationOptions? simulationOptions = null,
        CancellationToken cancellationToken = default)
    {
        Preconditions.NotNull(scenario);
        CompiledScenario compiled = CompiledScenario.Compile(scenario, simulationOptions, cancellationToken);
        SimulationOptions pathOptions = (simulationOptions ?? SimulationOptions.Default) with { IncludeEvents = false, RetainEventLog = false };
        LiquidationEngine start = new ScenarioSimulation(compiled, pathOptions, SeededRandom.ForPath(compiled.Document.Seed, 0)).Engine;
        return new ScenarioMonteCarlo(
            compiled.Document,
            (options, cancellation) => MonteCarloResult.Run(
                compiled.Document.Seed,
                options,
                (index, random, token) => new ScenarioSimulation(compiled, pathOptions, random, start).Run(cancellationToken: token).ToPathResult(index),
                cancellation));
    }

    /// <summary>Runs the next step.</summary>
    /// <returns>The step's timeline row (and events, when kept).</returns>
    /// <exception cref="InvalidOperationException">The run is complete.</exception>
    public SimulationStep Step()
    {
        if (IsComplete)
        {
            ThrowHelper.InvalidOperation("The simulation has run all of its steps.");
        }

        long k = Current.Index + 1;
        ScenarioDocument d = _scenario.Document;
        DateTimeOffset time = d.Start + (d.Step * k);
        TimeSpan offset = d.Step * k;
        _stepTime = time;
        _tally = default;
        _stepEvents.Clear();

        // (1) The spot level, then shocks to it.
        ReadOnlySpan<ScenarioShock> shocks = ShocksAt(offset);
        _level = NextLevel(k, time, offset - d.Step, shocks);

        // A historical OHLC series walks the extremes of the bars that ended in this step first (same time).
        if (_scenario.Process is HistoricalReplay history)
        {
            Span<decimal> extremes = stackalloc decimal[2];
            int n = history.Extremes(offset - d.Step, d.Step, extremes);
            for (int e = 0; e < n; e++)
            {
                PriceStep(extremes[e], time, [], refill: false);
            }
        }

        PriceStep(_level, time, shocks, refill: true);

        // (8) Funding.
        if (_fundingEvery > 0 && k % _fundingEvery == 0)
        {
            foreach (SymbolMarket m in _markets)
            {
                InstallBook(m, time);
                decimal rate = m.SettleFundingRate();
                if (Math.Abs(rate) >= 1m)
                {
                    // A venue settles less than the whole notional per interval; a premium this far from the index
                    // (no rateCap, a long interval) cannot be paid.
                    throw new SimulationException(
                        k, time, m.Symbol, string.Create(CultureInfo.InvariantCulture, $"the funding rate {rate} is not below 1 (100 % of the notional) in magnitude; set funding.rateCap or a shorter funding.interval"));
                }

                EngineResult funding = Engine.OnFunding(m.Symbol, rate, time);
                Absorb(funding);
            }

            _agents.RearmAll();
        }

        // (9) Coupling and arbitrage.
        ScenarioMarket market = _scenario.Market;
        foreach (SymbolMarket m in _markets)
        {
            m.Couple(market.ImpactCoupling, market.Arbitrage);
        }

        _totals.Liquidations += _tally.Liquidations;
        _totals.LiquidatedNotional += _tally.LiquidatedNotional;
        _totals.AdlCount += _tally.AdlCount;
        _totals.AdlNotional += _tally.AdlNotional;
        _totals.FundLow = Math.Min(_totals.FundLow, Engine.InsuranceFund);
        long ordersBefore = _totals.Orders;
        _totals.Orders = _agents.Orders;
        Current = Snapshot(
            k,
            time,
            _tally.Liquidations,
            _tally.LiquidatedNotional,
            _tally.AdlCount,
            _tally.AdlNotional,
            (int)(_agents.Orders - ordersBefore),
            _options.IncludeEvents ? [.. _stepEvents] : []);
        return Current;
    }

    /// <summary>
    /// (1) The spot level after the process's step and the step's spot shocks, floored where a symbol's price would
    /// fall below one tick (the smallest price its book can quote; the floor is the run's state, so the process moves on
    /// from it). A level that leaves decimal range, or puts a symbol's price above the largest price a scenario may
    /// start from (<see cref="ScenarioValidator.MaxPrice"/>, <see cref="ScenarioValidator.MaxPriceTicks"/> ticks), stops
    /// the run with a <see cref="SimulationException"/> before anything of the step changes.
    /// </summary>
    private decimal NextLevel(long k, DateTimeOffset time, TimeSpan from, ReadOnlySpan<ScenarioShock> shocks)
    {
        ScenarioDocument d = _scenario.Document;
        decimal level;
        try
        {
            level = _scenario.Process.Next(_level, from, d.Step, _random);
            foreach (ScenarioShock s in shocks)
            {
                if (s.Source is null)
                {
                    level *= 1m + s.Change;
                }
            }
        }
        catch (OverflowException e)
        {
            throw new SimulationException(k, time, null, "the price process moved the price beyond the range of decimal", e);
        }

        foreach (SymbolMarket m in _markets)
        {
            decimal floor = m.Instrument.TickSize / (m.Ratio * m.Impact);
            if (level < floor)
            {
                level = floor;
            }
        }

        foreach (SymbolMarket m in _markets)
        {
            decimal price;
            try
            {
                price = level * m.Ratio * m.Impact;
            }
            catch (OverflowException e)
            {
                throw new SimulationException(k, time, m.Symbol, "the price moved beyond the range of decimal", e);
            }

            if (price > ScenarioValidator.MaxPrice || price / m.Instrument.TickSize > ScenarioValidator.MaxPriceTicks)
            {
                throw new SimulationException(
                    k,
                    time,
                    m.Symbol,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"the price rose to {decimal.Round(price, 0, MidpointRounding.ToEven)}, above the largest price a scenario may hold ({ScenarioValidator.MaxPrice}, and at most {ScenarioValidator.MaxPriceTicks} ticks of {m.Instrument.TickSize})"));
            }
        }

        return level;
    }

    /// <summary>
    /// Steps (2) to (7) at one spot level: index, re-quote (refilling depth only once per step), mark, scheduled exits
    /// and crossed triggers, the engine tick, and the last-price triggers its fills crossed.
    /// </summary>
    private void PriceStep(decimal level, DateTimeOffset time, ReadOnlySpan<ScenarioShock> shocks, bool refill)
    {
        ScenarioDocument d = _scenario.Document;
        Span<decimal> previousMarks = _markets.Length <= 16 ? stackalloc decimal[_markets.Length] : new decimal[_markets.Length];
        Span<decimal> previousLasts = _markets.Length <= 16 ? stackalloc decimal[_markets.Length] : new decimal[_markets.Length];
        for (int i = 0; i < _markets.Length; i++)
        {
            SymbolMarket m = _markets[i];
            previousMarks[i] = m.Mark;
            previousLasts[i] = m.Last;

            // (2) Spot and index; (3) the book and the last price; (4) the mark.
            m.Price(level, _random, time, shocks);
            m.Requote(m.Installed ? Engine.Book(m.Symbol) : null, refill);
            m.Last = m.Centre;
            m.MarkAt(time, d.Start);
            if (m.Mark <= 0m || m.Last <= 0m || m.Index <= 0m)
            {
                // The engine cannot value positions at a price that is not positive (a venue displaced by about −100 %
                // from the spot quotes at zero); stop typed rather than crash.
                throw new SimulationException(
                    Current.Index + 1, time, m.Symbol, string.Create(CultureInfo.InvariantCulture, $"a price came out not positive: mark {m.Mark}, last {m.Last}, index {m.Index}"));
            }

            if (EagerBooks)
            {
                InstallBook(m, time);
            }
        }

        // (5) Scheduled exits, then the triggers the new prices crossed.
        _agents.RunSchedule(time, _sink);
        for (int i = 0; i < _markets.Length; i++)
        {
            SymbolMarket m = _markets[i];
            _agents.RunPriceTriggers(m.Symbol, m.Mark, m.Last, previousMarks[i], previousLasts[i], time, _sink);
        }

        // (6) Liquidations; (7) last-price triggers the fills crossed.
        for (int i = 0; i < _markets.Length; i++)
        {
            SymbolMarket m = _markets[i];
            decimal lastBefore = m.Last;
            if (Engine.MayLiquidate(m.Symbol, _scenario.Profile.TriggerPrice == TriggerPriceSource.Last ? m.Last : m.Mark))
            {
                InstallBook(m, time);
            }

            EngineResult tick = Engine.OnPriceTick(m.Symbol, m.Mark, time, m.Last);
            Absorb(tick);
            _agents.Touched(tick, _touched);
            if (m.Last != lastBefore)
            {
                _agents.RunPriceTriggers(m.Symbol, m.Mark, m.Last, m.Mark, lastBefore, time, _sink);
            }
        }
    }

    /// <summary>Streams the remaining steps, one at a time; nothing is kept between them.</summary>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>The steps from the next one to the last.</returns>
    public IEnumerable<SimulationStep> Steps(CancellationToken cancellationToken = default)
    {
        while (!IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Step();
        }
    }

    /// <summary>Streams the remaining steps asynchronously, yielding to the caller's awaits between steps.</summary>
    /// <param name="progress">Told after each step.</param>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>The steps from the next one to the last.</returns>
    public async IAsyncEnumerable<SimulationStep> StepsAsync(
        IProgress<SimulationProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!IsComplete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SimulationStep step = Step();
            progress?.Report(new SimulationProgress(step.Index, TotalSteps));
            yield return step;
            if (step.Index % 1024 == 0)
            {
                await Task.Yield();
            }
        }
    }

    /// <summary>Runs every remaining step and summarises the run.</summary>
    /// <param name="observer">Told each step as it completes, or null.</param>
    /// <param name="progress">Told after each step, or null.</param>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public SimulationSummary Run(IObserver<SimulationStep>? observer = null, IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (SimulationStep step in Steps(cancellationToken))
            {
                observer?.OnNext(step);
                progress?.Report(new SimulationProgress(step.Index, TotalSteps));
            }
        }
        catch (Exception e) when (observer is not null && e is not OperationCanceledException)
        {
            observer.OnError(e);
            throw;
        }

        observer?.OnCompleted();
        return Summary();
    }

    /// <summary>The summary of the run so far.</summary>
    /// <returns>Totals to the current step.</returns>
    public SimulationSummary Summary()
    {
        long open = 0;
        foreach (AccountId id in Engine.AccountIds)
        {
            if (id != Engine.Vault && !Engine.GetAccount(id).Positions.IsEmpty)
            {
                open++;
            }
        }

        decimal start = _scenario.Document.InsuranceFund;
        return new SimulationSummary
        {
            Scenario = _scenario.Document.Name,
            Steps = Current.Index,
            End = Current.Time,
            Markets = Current.Markets,
            Liquidations = _totals.Liquidations,
            LiquidatedNotional = _totals.LiquidatedNotional,
            AdlCount = _totals.AdlCount,
            AdlNotional = _totals.AdlNotional,
            TraderOrders = _agents.Orders,
            Deposits = _agents.Deposits,
            InsuranceFundStart = start,
            InsuranceFundEnd = Engine.InsuranceFund,
            InsuranceFundDrawdown = Math.Max(0m, start - _totals.FundLow),
            BadDebt = Engine.BadDebt,
            AccountsLiquidated = _liquidatedEver.Count,
            OpenPositions = open,
        };
    }

    /// <summary>
    /// Every position of <paramref name="symbol"/> whose mark is within <paramref name="withinFraction"/> of its
    /// liquidation price, nearest first: the alert zone.
    /// </summary>
    /// <param name="symbol">A symbol of the scenario.</param>
    /// <param name="withinFraction">Distance as a fraction of the mark, e.g. 0.05 for 5 %; not negative.</param>
    /// <returns>The positions in the zone.</returns>
    public ImmutableArray<LiquidationDistance> AlertZone(string symbol, decimal withinFraction)
    {
        Preconditions.NonNegative(withinFraction);
        return [.. Engine.NearestToLiquidation(symbol).TakeWhile(d => d.PercentDistance <= withinFraction)];
    }

    private ReadOnlySpan<ScenarioShock> ShocksAt(TimeSpan offset)
    {
        int first = -1, count = 0;
        for (int i = 0; i < _shocks.Length; i++)
        {
            if (_shocks[i].Offset == offset)
            {
                first = first < 0 ? i : first;
                count++;
            }
        }

        return first < 0 ? [] : _shocks.AsSpan(first, count);
    }

    /// <summary>Installs the ladder's current quote in the engine, if it does not hold it yet (only trades need it).</summary>
    private void InstallBook(SymbolMarket m, DateTimeOffset time)
    {
        if (!m.Installed)
        {
            Absorb(Engine.OnBookUpdate(m.Build(), time));
        }
    }

    /// <summary>Takes an engine result into the step: tallies, last prices, the liquidated set, the step's events.</summary>
    private void Absorb(EngineResult result)
    {
        foreach (LiquidationEvent e in result.Events)
        {
            switch (e)
            {
                case PositionClosed c:
                    if (c.Kind == FillKind.AdlCounterparty)
                    {
                        _tally.AdlCount++;
                        _tally.AdlNotional += Notional(c.Symbol, c.Size, c.Price);
                    }
                    else
                    {
                        _tally.LiquidatedNotional += Notional(c.Symbol, c.Size, c.Price);
                    }

                    if (c.ConsumesBook)
                    {
                        MarketOf(c.Symbol).Last = c.Price;
                    }

                    break;
                case InsuranceFundTrade f when f.Kind == FillKind.Book:
                    MarketOf(f.Symbol).Last = f.Price;
                    break;
                case OrderFilled o:
                    MarketOf(o.Symbol).Last = o.Price;
                    break;
                case BackstopTransfer b:
                    _tally.LiquidatedNotional += Notional(b.Symbol, b.Size, Engine.MarkPrice(b.Symbol));
                    break;
                case LiquidationTriggered t:
                    _tally.Liquidations++;
                    _liquidatedEver.Add(t.Account);
                    break;
                default:
                    break;
            }

            if (_options.IncludeEvents)
            {
                _stepEvents.Add(e);
            }
        }
    }

    private decimal Notional(string symbol, decimal size, decimal price) => MarketOf(symbol).Instrument.Notional(size, price);

    private SymbolMarket MarketOf(string symbol)
    {
        foreach (SymbolMarket m in _markets)
        {
            if (m.Symbol == symbol)
            {
                return m;
            }
        }

        return ThrowHelper.Argument<SymbolMarket>(nameof(symbol), symbol, "is not an instrument of the scenario");
    }

    private SimulationStep Snapshot(long k, DateTimeOffset time, int liquidations, decimal liquidated, int adl, decimal adlNotional, int orders, ImmutableArray<LiquidationEvent> events)
    {
        var markets = ImmutableArray.CreateBuilder<MarketSnapshot>(_markets.Length);
        foreach (SymbolMarket m in _markets)
        {
            (decimal longs, decimal shorts) = Engine.OpenInterest(m.Symbol);
            markets.Add(new MarketSnapshot(m.Symbol, m.Spot, m.Index, m.Mark, m.Last, longs, shorts));
        }

        return new SimulationStep
        {
            Index = k,
            Time = time,
            Markets = markets.MoveToImmutable(),
            Liquidations = liquidations,
            LiquidatedNotional = liquidated,
            AdlCount = adl,
            AdlNotional = adlNotional,
            TraderOrders = orders,
            InsuranceFund = Engine.InsuranceFund,
            BadDebt = Engine.BadDebt,
            Events = events,
        };
    }

    private struct StepTally
    {
        public int Liquidations;
        public decimal LiquidatedNotional;
        public int AdlCount;
        public decimal AdlNotional;
    }

    private struct Totals
    {
        public long Liquidations;
        public decimal LiquidatedNotional;
        public long AdlCount;
        public decimal AdlNotional;
        public long Orders;
        public decimal FundLow;
    }
}

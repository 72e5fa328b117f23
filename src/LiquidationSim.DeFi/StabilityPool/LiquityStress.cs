using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.Kernel;
using System.Text.Json;

namespace LiquidationSim.DeFi.StabilityPool;

/// <summary>A trove to open at the start of a <see cref="LiquityStressSimulation"/>.</summary>
/// <param name="Owner">The borrower; unique.</param>
/// <param name="Collateral">ETH wei.</param>
/// <param name="Debt">Composite debt (drawn + fee + reserve), LUSD wei.</param>
public readonly record struct LiquityTroveSpec(string Owner, UInt256 Collateral, UInt256 Debt);

/// <summary>A stability-pool deposit made at the start of a <see cref="LiquityStressSimulation"/>.</summary>
/// <param name="Depositor">The depositor; unique.</param>
/// <param name="Amount">LUSD wei; greater than zero.</param>
public readonly record struct LiquityDepositSpec(string Depositor, UInt256 Amount);

/// <summary>
/// A Liquity stress run: the ETH price follows a price process, and at every step a keeper calls
/// <c>liquidateTroves</c> until nothing is left to liquidate; the stability pool absorbs what it can and the rest is
/// redistributed to the surviving troves, which can push them under in turn.
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record LiquityStressScenario
{
    /// <summary>The protocol constants.</summary>
    /// <value><see cref="LiquityParameters.V1"/>.</value>
    public LiquityParameters Parameters { get; init; } = LiquityParameters.V1;

    /// <summary>The troves, opened in this order at <see cref="InitialPrice"/> with the contract's checks.</summary>
    public required ImmutableArray<LiquityTroveSpec> Troves { get; init; }

    /// <summary>The stability-pool deposits made after the troves open.</summary>
    public required ImmutableArray<LiquityDepositSpec> Deposits { get; init; }

    /// <summary>ETH:USD at the start; positive, at most 8 decimal places.</summary>
    public required decimal InitialPrice { get; init; }

    /// <summary>How the ETH price moves (the core's processes: GBM, jump diffusion, scripted, …); prices are rounded to 8 decimals.</summary>
    public required IPriceProcess Price { get; init; }

    /// <summary>Simulated time; a positive whole multiple of <see cref="Step"/>.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Time between steps; positive.</summary>
    public required TimeSpan Step { get; init; }

    /// <summary>The <c>n</c> of each <c>liquidateTroves(n)</c> call (capped at one less than the troves left); positive.</summary>
    /// <value>50.</value>
    public int TrovesPerCall { get; init; } = 50;

    /// <summary>Seed of the price path (path i of a Monte Carlo draws from (seed, i)).</summary>
    public ulong Seed { get; init; }
}

/// <summary>One step of a <see cref="LiquityStressSimulation"/>.</summary>
public sealed record LiquityStressStep
{
    /// <summary>Step number, from 1.</summary>
    public required long Index { get; init; }

    /// <summary>ETH:USD this step.</summary>
    public required decimal Price { get; init; }

    /// <summary>Whether the system was in Recovery Mode at the new price before the keeper acted.</summary>
    public required bool RecoveryModeBefore { get; init; }

    /// <summary>The TCR after the step's liquidations (1 is 100 %).</summary>
    public required decimal TcrAfter { get; init; }

    /// <summary>Liquidation transactions the keeper made.</summary>
    public required int Calls { get; init; }

    /// <summary>The troves liquidated, in order, across the step's calls.</summary>
    public required ImmutableArray<TroveLiquidation> Liquidations { get; init; }

    /// <summary>LUSD cancelled against the pool.</summary>
    public required decimal DebtOffset { get; init; }

    /// <summary>LUSD redistributed to troves.</summary>
    public required decimal DebtRedistributed { get; init; }

    /// <summary>ETH sent to the pool.</summary>
    public required decimal CollateralToPool { get; init; }

    /// <summary>ETH redistributed to troves.</summary>
    public required decimal CollateralRedistributed { get; init; }

    /// <summary>LUSD left in the pool.</summary>
    public required decimal PoolLusdAfter { get; init; }

    /// <summary>The pool's epoch after the step.</summary>
    public required ulong PoolEpoch { get; init; }

    /// <summary>The pool's scale after the step.</summary>
    public required ulong PoolScale { get; init; }
}

/// <summary>The outcome of a Liquity stress run (one Monte Carlo path).</summary>
/// <param name="PathIndex">The path.</param>
/// <param name="Liquidations">Troves liquidated.</param>
/// <param name="DebtOffset">LUSD cancelled against the stability pool.</param>
/// <param name="DebtRedistributed">LUSD redistributed to troves (what the pool could not absorb, and Recovery Mode's ICR ≤ 100 % troves).</param>
/// <param name="DepositorProfit">
/// Depositors' gain: the collateral they received valued at the price of the step it arrived, less the LUSD they lost, in USD.
/// </param>
/// <param name="GasCompensation">Paid to liquidators: the LUSD reserves plus the collateral share valued at the step's price, in USD.</param>
/// <param name="CollateralSurplus">ETH left to borrowers by capped Recovery-Mode liquidations.</param>
/// <param name="StepsInRecoveryMode">Steps that began (after the price move) in Recovery Mode.</param>
/// <param name="FinalTcr">The TCR at the end, at the last price.</param>
public readonly record struct LiquityStressResult(
    long PathIndex,
    long Liquidations,
    decimal DebtOffset,
    decimal DebtRedistributed,
    decimal DepositorProfit,
    decimal GasCompensation,
    decimal CollateralSurplus,
    long StepsInRecoveryMode,
    decimal FinalTcr) : IMonteCarloPathResult;

/// <summary>
/// Runs a <see cref="LiquityStressScenario"/> step by step on the exact Liquity model of <see cref="LiquitySystem"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each step: the price moves (the path's generator, rounded to 8 decimals); then, while the system has a trove below MCR
/// or is in Recovery Mode, the keeper calls <c>liquidateTroves(min(n, troves − 1))</c> until a call finds nothing to
/// liquidate (the contract's revert, with nothing changed). Redistributed debt raises the survivors' debt, so one step
/// can cascade. Figures in the results are 18-decimal amounts converted to <see cref="decimal"/> (truncated past 28
/// significant digits).
/// </para>
/// <para>Deterministic: the same scenario and path give the same run on every machine. Not thread-safe.</para>
/// </remarks>
public sealed class LiquityStressSimulation
{
    private readonly LiquityStressScenario _scenario;
    private readonly SeededRandom _random;
    private readonly LiquityLedger _ledger;
    private readonly ImmutableArray<LiquityRunEvent>.Builder? _log;
    private decimal _price;
    private long _liquidations;
    private long _recoverySteps;
    private decimal _offset;
    private decimal _redistributed;
    private decimal _profit;
    private decimal _gas;
    private decimal _surplus;

    private LiquityStressSimulation(LiquityStressScenario scenario, LiquitySystem initial, SeededRandom random, bool keepLog)
    {
        _log = keepLog ? ImmutableArray.CreateBuilder<LiquityRunEvent>() : null;
        _scenario = scenario;
        _random = random;
        _ledger = initial.Ledger.Clone();
        _ledger.RemovedTroves = keepLog ? [] : null;
        _price = scenario.InitialPrice;
        TotalSteps = scenario.Duration.Ticks / scenario.Step.Ticks;
    }

    /// <summary>A snapshot of the system now.</summary>
    public LiquitySystem System => LiquitySystem.Wrap(_ledger.Clone());

    /// <summary>ETH:USD now.</summary>
    public decimal Price => _price;

    /// <summary>Steps run so far.</summary>
    public long StepsRun { get; private set; }

    /// <summary>
    /// Every change so far, numbered from 1 without gaps: per step the price move, then per liquidation call the troves
    /// closed, the offset, the redistribution and the settlement. <see cref="LiquityStressReplay.Replay"/> rebuilds
    /// <see cref="System"/> from the scenario and this log. Each read returns a copy.
    /// </summary>
    public ImmutableArray<LiquityRunEvent> Events => _log?.ToImmutable() ?? [];

    /// <summary>Steps in the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>Opens the scenario's troves and deposits: the system every path starts from.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The system at step 0.</returns>
    /// <exception cref="ArgumentException">An inconsistent scenario, or a trove the contract would refuse to open.</exception>
    public static LiquitySystem InitialSystem(LiquityStressScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Validate(scenario);
        UInt256 price = ToWad(scenario.InitialPrice);
        LiquitySystem system = LiquitySystem.Create(scenario.Parameters);
        foreach (LiquityTroveSpec t in scenario.Troves)
        {
            system = system.OpenTrove(t.Owner, t.Collateral, t.Debt, price);
        }

        foreach (LiquityDepositSpec d in scenario.Deposits)
        {
            if (system.StabilityPool.Ledger.Deposits.ContainsKey(d.Depositor))
            {
                ThrowHelper.Argument("scenario.Deposits", d.Depositor, "must name each depositor once");
            }

            system = system.ProvideToStabilityPool(d.Depositor, d.Amount).System;
        }

        return system;
    }

    /// <summary>Prepares path <paramref name="pathIndex"/> of a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="pathIndex">The path; zero or greater.</param>
    /// <returns>The simulation at step 0.</returns>
    /// <exception cref="ArgumentException">An inconsistent scenario (see <see cref="InitialSystem"/>).</exception>
    public static LiquityStressSimulation Create(LiquityStressScenario scenario, long pathIndex = 0)
    {
        LiquitySystem initial = InitialSystem(scenario);
        if (pathIndex < 0)
        {
            ThrowHelper.OutOfRange(nameof(pathIndex), pathIndex, "must not be negative");
        }

        return new LiquityStressSimulation(scenario, initial, SeededRandom.ForPath(scenario.Seed, pathIndex), keepLog: true);
    }

    /// <summary>
    /// Runs the paths of <paramref name="options"/> in parallel through the core Monte Carlo runner; path <c>i</c> is the
    /// run <see cref="Create"/>(<paramref name="scenario"/>, <c>i</c>) makes, and results do not depend on the degree of parallelism.
    /// </summary>
    /// <param name="scenario">The scenario; its seed is the root seed.</param>
    /// <param name="options">The path range, the degree of parallelism and the progress reporter.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The per-path results, which merge with other shards of the run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An inconsistent scenario, or a path range past <see cref="long.MaxValue"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static LiquityMonteCarloResult RunMonteCarlo(LiquityStressScenario scenario, MonteCarloOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        LiquitySystem initial = InitialSystem(scenario);
        LiquityStressResult[] paths = MonteCarloRunner.RunPaths(
            scenario.Seed,
            options,
            (index, random, token) => new LiquityStressSimulation(scenario, initial, random, keepLog: false).Run(token) with { PathIndex = index },
            cancellationToken);
        return new LiquityMonteCarloResult(scenario.Seed, paths);
    }

    /// <summary>Runs every remaining step.</summary>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>The totals.</returns>
    public LiquityStressResult Run(CancellationToken cancellationToken = default)
    {
        while (StepsRun < TotalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = NextStep();
        }

        return new LiquityStressResult(0, _liquidations, _offset, _redistributed, _profit, _gas, _surplus, _recoverySteps, Tcr(ToWad(_price)));
    }

    /// <summary>Runs the next step.</summary>
    /// <returns>The step's figures.</returns>
    /// <exception cref="InvalidOperationException">The run is complete.</exception>
    public LiquityStressStep NextStep()
    {
        if (StepsRun >= TotalSteps)
        {
            throw new InvalidOperationException("The stress run has run all of its steps.");
        }

        TimeSpan offset = _scenario.Step * StepsRun;
        _price = Math.Max(0.00000001m, Math.Round(_scenario.Price.Next(_price, offset, _scenario.Step, _random), 8, MidpointRounding.ToEven));
        UInt256 price = ToWad(_price);
        if (_log is not null)
        {
            Log(new LiquityPriceMoved(0, StepsRun + 1, _price));
        }

        bool recovery = _ledger.IsRecoveryMode(price);
        if (recovery)
        {
            _recoverySteps++;
        }

        var troves = ImmutableArray.CreateBuilder<TroveLiquidation>();
        int calls = 0;
        LiquidationTotals sum = default;
        while (_ledger.TroveCount > 1 && MayLiquidate(price))
        {
            LiquidationOutcome? outcome = _ledger.LiquidateTroves(Math.Min(_scenario.TrovesPerCall, _ledger.TroveCount - 1), price);
            if (outcome is null)
            {
                break;
            }

            calls++;
            if (_log is not null)
            {
                LogCall(outcome);
            }

            troves.AddRange(outcome.Troves);
            LiquidationTotals t = outcome.Totals;
            sum = new LiquidationTotals(
                sum.CollInSequence + t.CollInSequence,
                sum.DebtInSequence + t.DebtInSequence,
                sum.CollGasCompensation + t.CollGasCompensation,
                sum.LusdGasCompensation + t.LusdGasCompensation,
                sum.DebtToOffset + (outcome.Offset?.DebtToOffset ?? UInt256.Zero),
                sum.CollToSendToStabilityPool + (outcome.Offset?.CollAdded ?? UInt256.Zero),
                sum.DebtToRedistribute + t.DebtToRedistribute,
                sum.CollToRedistribute + t.CollToRedistribute,
                sum.CollSurplus + t.CollSurplus);
        }

        decimal debtOffset = Tokens(sum.DebtToOffset);
        decimal toPool = Tokens(sum.CollToSendToStabilityPool);
        decimal redistributed = Tokens(sum.DebtToRedistribute);
        _liquidations += troves.Count;
        _offset += debtOffset;
        _redistributed += redistributed;
        _profit += (toPool * _price) - debtOffset;
        _gas += Tokens(sum.LusdGasCompensation) + (Tokens(sum.CollGasCompensation) * _price);
        _surplus += Tokens(sum.CollSurplus);
        StepsRun++;
        return new LiquityStressStep
        {
            Index = StepsRun,
            Price = _price,
            RecoveryModeBefore = recovery,
            TcrAfter = Tcr(price),
            Calls = calls,
            Liquidations = troves.ToImmutable(),
            DebtOffset = debtOffset,
            DebtRedistributed = redistributed,
            CollateralToPool = toPool,
            CollateralRedistributed = Tokens(sum.CollToRedistribute),
            PoolLusdAfter = Tokens(_ledger.Pool.TotalLusdDeposits),
            PoolEpoch = _ledger.Pool.CurrentEpoch,
            PoolScale = _ledger.Pool.CurrentScale,
        };
    }

    /// <summary>Appends an event to the log, numbering it.</summary>
    private void Log(LiquityRunEvent e) => _log!.Add(e with { Sequence = _log.Count + 1 });

    /// <summary>Logs one liquidation call, in the order the ledger applied it (troves, offset, redistribution, settlement).</summary>
    private void LogCall(LiquidationOutcome outcome)
    {
        List<(string Owner, TroveRecord Record)> removed = _ledger.RemovedTroves!;
        if (removed.Count != outcome.Troves.Length)
        {
            throw new InvalidOperationException("The ledger removed another number of troves than it reported.");
        }

        long step = StepsRun + 1;
        for (int i = 0; i < outcome.Troves.Length; i++)
        {
            (string owner, TroveRecord record) = removed[i];
            if (!string.Equals(owner, outcome.Troves[i].Owner, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The ledger removed troves in another order than it reported them.");
            }

            Log(new LiquityTroveClosed(0, step, outcome.Troves[i], record.Coll, record.Debt, record.Stake));
        }

        removed.Clear();
        if (outcome.Offset is StabilityPoolOffset offset)
        {
            Log(new LiquityDebtOffset(0, step, offset, _ledger.Pool.LastEthErrorOffset, _ledger.Pool.LastLusdLossErrorOffset));
        }

        if (outcome.Redistribution is Redistribution redistribution)
        {
            Log(new LiquityDebtRedistributed(0, step, redistribution, _ledger.LastEthErrorRedistribution, _ledger.LastLusdDebtErrorRedistribution));
        }

        LiquidationTotals t = outcome.Totals;
        Log(new LiquityLiquidationSettled(0, step, t.CollSurplus, t.CollGasCompensation, t.LusdGasCompensation, _ledger.TotalStakesSnapshot, _ledger.TotalCollateralSnapshot));
    }

    /// <summary>Whether a call could do anything: Recovery Mode, or the lowest trove below MCR.</summary>
    private bool MayLiquidate(UInt256 price)
    {
        if (_ledger.IsRecoveryMode(price))
        {
            return true;
        }

        return _ledger.CurrentIcr(_ledger.Troves[_ledger.LowestNicrOwner()], price) < _ledger.Parameters.Mcr;
    }

    private decimal Tcr(UInt256 price) => Tokens(_ledger.Tcr(price));

    private static decimal Tokens(UInt256 wei) => wei.ToDecimal(18, MidpointRounding.ToZero);

    private static UInt256 ToWad(decimal price) => UInt256.FromDecimal(price, 18, MidpointRounding.ToZero);

    private static void Validate(LiquityStressScenario s)
    {
        ArgumentNullException.ThrowIfNull(s.Parameters, "scenario.Parameters");
        ArgumentNullException.ThrowIfNull(s.Price, "scenario.Price");
        if (s.Troves.IsDefault || s.Troves.Length < 2)
        {
            throw new ArgumentException("scenario.Troves must hold at least two troves (the last trove is never liquidated).", "scenario.Troves");
        }

        if (s.Deposits.IsDefault)
        {
            throw new ArgumentException("scenario.Deposits must not be default; use an empty array for no deposits.", "scenario.Deposits");
        }

        if (s.InitialPrice <= 0m)
        {
            ThrowHelper.OutOfRange("scenario.InitialPrice", s.InitialPrice, "must be positive");
        }

        if (s.Step <= TimeSpan.Zero || s.Duration <= TimeSpan.Zero || s.Duration.Ticks % s.Step.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException("scenario.Duration", s.Duration, string.Create(CultureInfo.InvariantCulture, $"scenario.Duration must be a positive whole multiple of the step {s.Step}; got {s.Duration}."));
        }

        if (s.TrovesPerCall <= 0)
        {
            ThrowHelper.OutOfRange("scenario.TrovesPerCall", s.TrovesPerCall, "must be greater than zero");
        }
    }
}

/// <summary>
/// A Liquity stress Monte Carlo: the root seed and per-path results in path order, with nearest-rank percentiles; it
/// merges with other shards of the run, has a digest and round-trips through JSON (<see cref="IMonteCarloResult{TSelf}"/>).
/// </summary>
/// <remarks>
/// <para>
/// Percentiles use the nearest-rank definition of the core package's CeFi Monte Carlo result (<c>LiquidationSim.Simulation.MonteCarloResult.Percentile</c>): <c>p</c> is a fraction from 0 to 1, and the
/// value is the one at rank ⌈p·n⌉ of the n sorted values (the smallest when p is 0).
/// </para>
/// <para>
/// JSON: format <c>liquidationsim-liquity-montecarlo</c>, each path <c>{"pathIndex":…,"liquidations":…,"debtOffset":…,"debtRedistributed":…,"depositorProfit":…,"gasCompensation":…,"collateralSurplus":…,"stepsInRecoveryMode":…,"finalTcr":…}</c>; see <see cref="MonteCarloPaths{TSelf, TPath}"/>. Immutable and
/// thread-safe.
/// </para>
/// </remarks>
public sealed class LiquityMonteCarloResult : MonteCarloPaths<LiquityMonteCarloResult, LiquityStressResult>, IMonteCarloResult<LiquityMonteCarloResult>
{
    private const string JsonFormat = "liquidationsim-liquity-montecarlo";

    /// <summary>A result from per-path results in any order, for example read back from storage.</summary>
    /// <param name="rootSeed">The seed the paths were run with (the scenario's <c>Seed</c>).</param>
    /// <param name="paths">At least one path result; no path index twice.</param>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty or repeats a path index.</exception>
    public LiquityMonteCarloResult(ulong rootSeed, IEnumerable<LiquityStressResult> paths)
        : base(rootSeed, paths)
    {
    }

    /// <inheritdoc />
    protected override string Format => JsonFormat;

    /// <inheritdoc cref="IMonteCarloResult{TSelf}.Merge(IEnumerable{TSelf})" />
    public static LiquityMonteCarloResult Merge(IEnumerable<LiquityMonteCarloResult> results) => MergeAll(results);

    /// <inheritdoc cref="IMonteCarloResult{TSelf}.FromJson(string)" />
    public static LiquityMonteCarloResult FromJson(string json) => ReadJson(
        json,
        JsonFormat,
        static (e, index) => new LiquityStressResult(
            index,
            Required(e, "liquidations").GetInt64(),
            Required(e, "debtOffset").GetDecimal(),
            Required(e, "debtRedistributed").GetDecimal(),
            Required(e, "depositorProfit").GetDecimal(),
            Required(e, "gasCompensation").GetDecimal(),
            Required(e, "collateralSurplus").GetDecimal(),
            Required(e, "stepsInRecoveryMode").GetInt64(),
            Required(e, "finalTcr").GetDecimal()),
        static (seed, paths) => new LiquityMonteCarloResult(seed, paths));

    /// <summary>The nearest-rank percentile of debt redistributed to troves.</summary>
    /// <param name="p">The fraction, from 0 to 1 (0.99 for the 99th percentile).</param>
    /// <returns>The percentile, in LUSD.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal DebtRedistributed(decimal p) => Percentile(static x => x.DebtRedistributed, p);

    /// <summary>The nearest-rank percentile of debt absorbed by the stability pool.</summary>
    /// <param name="p">The fraction, from 0 to 1.</param>
    /// <returns>The percentile, in LUSD.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal DebtOffset(decimal p) => Percentile(static x => x.DebtOffset, p);

    /// <summary>The nearest-rank percentile of the depositors' profit.</summary>
    /// <param name="p">The fraction, from 0 to 1 (0.01 for the worst 1 %).</param>
    /// <returns>The percentile, in USD.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal DepositorProfit(decimal p) => Percentile(static x => x.DepositorProfit, p);

    /// <inheritdoc />
    protected override LiquityMonteCarloResult Create(ulong rootSeed, IEnumerable<LiquityStressResult> paths) => new(rootSeed, paths);

    /// <inheritdoc />
    protected override void WritePath(Utf8JsonWriter writer, LiquityStressResult path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("liquidations", path.Liquidations);
        WriteDecimal(writer, "debtOffset", path.DebtOffset);
        WriteDecimal(writer, "debtRedistributed", path.DebtRedistributed);
        WriteDecimal(writer, "depositorProfit", path.DepositorProfit);
        WriteDecimal(writer, "gasCompensation", path.GasCompensation);
        WriteDecimal(writer, "collateralSurplus", path.CollateralSurplus);
        writer.WriteNumber("stepsInRecoveryMode", path.StepsInRecoveryMode);
        WriteDecimal(writer, "finalTcr", path.FinalTcr);
    }
}

/// <summary>Draws troves for a Liquity stress run from seeded uniform distributions.</summary>
/// <remarks>
/// Trove k draws, in this order, its collateral (uniform in the range, rounded down to 1e-6 ETH) and its ICR (uniform in
/// the range); its debt is collateral × price ÷ ICR rounded down to a whole LUSD, and at least the minimum net debt
/// plus the reserve (2,000 LUSD for v1; the ICR is then lower than drawn, so keep the collateral range large enough).
/// The troves come back sorted by their resulting ICR, highest first (ties by name), so opening them in order keeps the
/// TCR as high as it can be.
/// Stateless; thread safe.
/// </remarks>
public static class LiquityPopulation
{
    /// <summary>Draws <paramref name="count"/> troves named <c>trove0000</c>, <c>trove0001</c>, ….</summary>
    /// <param name="parameters">The constants (minimum debt).</param>
    /// <param name="count">Troves; at least 2.</param>
    /// <param name="collateralMin">Smallest collateral, ETH; positive.</param>
    /// <param name="collateralMax">Largest collateral, ETH; not below the smallest.</param>
    /// <param name="icrMin">Lowest ICR (1.1 is 110 %); positive.</param>
    /// <param name="icrMax">Highest ICR; not below the lowest.</param>
    /// <param name="price">ETH:USD the ICRs are drawn at; positive.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The troves, highest ICR first.</returns>
    /// <exception cref="ArgumentException">An argument breaks its rule.</exception>
    public static ImmutableArray<LiquityTroveSpec> Generate(LiquityParameters parameters, int count, decimal collateralMin, decimal collateralMax, decimal icrMin, decimal icrMax, decimal price, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Check(count >= 2, nameof(count), count, "must be at least 2");
        Check(collateralMin > 0m, nameof(collateralMin), collateralMin, "must be positive");
        Check(collateralMax >= collateralMin, nameof(collateralMax), collateralMax, "must not be below collateralMin");
        Check(icrMin > 0m, nameof(icrMin), icrMin, "must be positive");
        Check(icrMax >= icrMin, nameof(icrMax), icrMax, "must not be below icrMin");
        Check(price > 0m, nameof(price), price, "must be positive");

        UInt256 minDebt = parameters.MinNetDebt + parameters.LusdGasCompensation;
        var random = new SeededRandom(seed);
        var drawn = new (UInt256 Nicr, LiquityTroveSpec Spec)[count];
        for (int k = 0; k < count; k++)
        {
            decimal coll = Math.Round(collateralMin + ((collateralMax - collateralMin) * random.NextDecimalUnit()), 6, MidpointRounding.ToZero);
            decimal icr = icrMin + ((icrMax - icrMin) * random.NextDecimalUnit());
            UInt256 debt = UInt256.Max(UInt256.FromDecimal(Math.Floor(coll * price / icr), 18), minDebt);
            UInt256 collWei = UInt256.FromDecimal(coll, 18);
            drawn[k] = (LiquityMath.ComputeNominalCR(collWei, debt), new LiquityTroveSpec(string.Create(CultureInfo.InvariantCulture, $"trove{k:D4}"), collWei, debt));
        }

        return [.. drawn.OrderByDescending(d => d.Nicr).ThenBy(d => d.Spec.Owner, StringComparer.Ordinal).Select(d => d.Spec)];
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            ThrowHelper.OutOfRange(name, value, rule);
        }
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>
/// A lending stress run on an Aave v3 market: the collateral's external price follows a price process, liquidators
/// liquidate every account whose health factor falls below 1 when it pays after slippage and gas, and sell the
/// seized collateral into a constant-product pool whose price feeds back into the oracle: the cascade.
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record LendingStressScenario
{
    /// <summary>The market at the start (rules, reserves, prices).</summary>
    public required AaveMarket Market { get; init; }

    /// <summary>The collateral reserve whose price moves and whose seizures are sold.</summary>
    public required string CollateralAsset { get; init; }

    /// <summary>The debt reserve liquidators repay (its price stays fixed).</summary>
    public required string DebtAsset { get; init; }

    /// <summary>The borrowers.</summary>
    public required ImmutableArray<AaveUserAccount> Accounts { get; init; }

    /// <summary>How the collateral's external price moves (the core's processes: GBM, jump diffusion, scripted, …).</summary>
    public required IPriceProcess CollateralPrice { get; init; }

    /// <summary>Simulated time; a positive whole multiple of <see cref="Step"/>.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Time between steps; positive.</summary>
    public required TimeSpan Step { get; init; }

    /// <summary>The DEX pool of collateral (base) against the debt asset (quote) that liquidators sell into.</summary>
    public required ConstantProductPool Pool { get; init; }

    /// <summary>Share of the pool's deviation from the external price the oracle adopts; in [0, 1].</summary>
    /// <value>0: the oracle is the external price.</value>
    public decimal OracleCoupling { get; init; }

    /// <summary>Share of the pool's deviation from the external price that arbitrage closes each step; in [0, 1].</summary>
    /// <value>1.</value>
    public decimal Arbitrage { get; init; } = 1m;

    /// <summary>A liquidation's gas cost, in the debt token's smallest units.</summary>
    public UInt256 GasCost { get; init; }

    /// <summary>Seed of the price path (path i of a Monte Carlo draws from (seed, i)).</summary>
    public ulong Seed { get; init; }
}

/// <summary>One step of a <see cref="LendingStressSimulation"/>.</summary>
public sealed record LendingStressStep
{
    /// <summary>Step number, from 1.</summary>
    public required long Index { get; init; }

    /// <summary>The collateral's external price (base currency, e.g. USD).</summary>
    public required decimal ExternalPrice { get; init; }

    /// <summary>The pool's price after the step's sales.</summary>
    public required decimal PoolPrice { get; init; }

    /// <summary>The price the market used this step.</summary>
    public required decimal OraclePrice { get; init; }

    /// <summary>Liquidation calls executed.</summary>
    public required int Liquidations { get; init; }

    /// <summary>Debt repaid by liquidators, in debt tokens.</summary>
    public required decimal DebtRepaid { get; init; }

    /// <summary>Liquidators' profit after slippage and gas, in debt tokens.</summary>
    public required decimal LiquidatorProfit { get; init; }

    /// <summary>Reserve deficits written off since the start, in debt tokens.</summary>
    public required decimal BadDebt { get; init; }

    /// <summary>Accounts with a health factor below 1 after the step.</summary>
    public required int AtRisk { get; init; }

    /// <summary>The step's liquidations, in the order they happened.</summary>
    public required ImmutableArray<LendingLiquidationEvent> Events { get; init; }
}

/// <summary>One liquidation in a lending stress run: who, how much, and what the sale of the collateral brought.</summary>
/// <param name="Step">The step it happened in.</param>
/// <param name="Account">The account's position in <see cref="LendingStressScenario.Accounts"/>.</param>
/// <param name="HealthFactorBefore">The account's health factor before the call.</param>
/// <param name="DebtRepaid">Debt repaid, in debt tokens.</param>
/// <param name="CollateralSeized">Collateral taken from the account (liquidator's part plus protocol fee), in collateral tokens.</param>
/// <param name="ProtocolFee">The protocol's part of the seizure, in collateral tokens.</param>
/// <param name="Proceeds">What the liquidator's collateral sold for in the pool, in debt tokens.</param>
/// <param name="Profit">The liquidator's profit after gas, in debt tokens.</param>
/// <param name="Deficit">Debt written off as a reserve deficit, in debt tokens (bad debt).</param>
public sealed record LendingLiquidationEvent(
    long Step, int Account, decimal HealthFactorBefore, decimal DebtRepaid, decimal CollateralSeized, decimal ProtocolFee, decimal Proceeds, decimal Profit, decimal Deficit);

/// <summary>The outcome of a lending stress run (one Monte Carlo path).</summary>
/// <param name="PathIndex">The path.</param>
/// <param name="Liquidations">Liquidation calls over the run.</param>
/// <param name="DebtRepaid">Debt repaid by liquidators, in debt tokens.</param>
/// <param name="LiquidatorProfit">Liquidators' profit, in debt tokens.</param>
/// <param name="BadDebt">Reserve deficits, in debt tokens.</param>
public readonly record struct LendingStressResult(long PathIndex, long Liquidations, decimal DebtRepaid, decimal LiquidatorProfit, decimal BadDebt) : IMonteCarloPathResult;

/// <summary>
/// Runs a <see cref="LendingStressScenario"/> step by step.
/// </summary>
/// <remarks>
/// <para>
/// Each step, in this order: the external price moves (the path's generator); arbitrage moves the pool
/// <see cref="LendingStressScenario.Arbitrage"/> of the way to it (constant product kept); the oracle takes the
/// external price plus <see cref="LendingStressScenario.OracleCoupling"/> × the pool's deviation; every account whose
/// health factor is below 1 is offered to the liquidators, lowest health factor first (ties by account order), who
/// repay the most profitable amount (<see cref="ProfitableLiquidation.Best"/>) when it pays and sell the seized
/// collateral into the pool at once — so later liquidations in the step sell into a lower price.
/// </para>
/// <para>Deterministic: the same scenario and path give the same run on every machine. Not thread-safe.</para>
/// </remarks>
public sealed class LendingStressSimulation
{
    private readonly LendingStressScenario _scenario;
    private readonly SeededRandom _random;
    private readonly AaveUserAccount[] _accounts;
    private readonly AaveReserve _collateral;
    private readonly AaveReserve _debt;
    private readonly ImmutableArray<LendingRunEvent>.Builder? _log;
    private decimal _external;
    private long _liquidations;
    private decimal _repaid;
    private decimal _profit;
    private decimal _badDebt;

    private LendingStressSimulation(LendingStressScenario scenario, SeededRandom random, bool keepLog)
    {
        _log = keepLog ? ImmutableArray.CreateBuilder<LendingRunEvent>() : null;
        _scenario = scenario;
        _random = random;
        _accounts = [.. scenario.Accounts];
        Market = scenario.Market;
        Pool = scenario.Pool;
        _collateral = Market.Reserve(scenario.CollateralAsset);
        _debt = Market.Reserve(scenario.DebtAsset);
        _external = AaveDecimal.BaseCurrency(_collateral.Price, Market);
        TotalSteps = scenario.Duration.Ticks / scenario.Step.Ticks;
    }

    /// <summary>The market now (the oracle price of the collateral moves with the run).</summary>
    public AaveMarket Market { get; private set; }

    /// <summary>The pool now.</summary>
    public ConstantProductPool Pool { get; private set; }

    /// <summary>The accounts now.</summary>
    public IReadOnlyList<AaveUserAccount> Accounts => _accounts;

    /// <summary>Steps run so far.</summary>
    public long StepsRun { get; private set; }

    /// <summary>
    /// Every change so far, numbered from 1 without gaps: per step the price move, the pool's arbitrage, and each
    /// liquidation with its sale. <see cref="LendingStressReplay.Replay"/> rebuilds <see cref="Market"/>,
    /// <see cref="Pool"/> and <see cref="Accounts"/> from the scenario and this log. Each read returns a copy.
    /// </summary>
    public ImmutableArray<LendingRunEvent> Events => _log?.ToImmutable() ?? [];

    /// <summary>Steps in the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>Prepares path <paramref name="pathIndex"/> of a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="pathIndex">The path; zero or greater.</param>
    /// <returns>The simulation at step 0.</returns>
    /// <exception cref="ArgumentException">An inconsistent scenario (unknown asset, no accounts, bad duration or step, coupling outside [0, 1]).</exception>
    public static LendingStressSimulation Create(LendingStressScenario scenario, long pathIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Validate(scenario);
        return new LendingStressSimulation(scenario, SeededRandom.ForPath(scenario.Seed, pathIndex), keepLog: true);
    }

    /// <summary>
    /// Runs the paths of <paramref name="options"/> in parallel through the core Monte Carlo runner; path <c>i</c> is the
    /// run <see cref="Create"/>(<paramref name="scenario"/>, <c>i</c>) makes, and results do not depend on the degree of
    /// parallelism.
    /// </summary>
    /// <param name="scenario">The scenario; its seed is the root seed.</param>
    /// <param name="options">The path range, the degree of parallelism and the progress reporter.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The per-path results, which merge with other shards of the run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An inconsistent scenario, or a path range past <see cref="long.MaxValue"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static LendingMonteCarloResult RunMonteCarlo(LendingStressScenario scenario, MonteCarloOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        Validate(scenario);
        LendingStressResult[] paths = MonteCarloRunner.RunPaths(
            scenario.Seed,
            options,
            (index, random, token) => new LendingStressSimulation(scenario, random, keepLog: false).Run(token) with { PathIndex = index },
            cancellationToken);
        return new LendingMonteCarloResult(scenario.Seed, paths);
    }

    /// <summary>Runs every remaining step.</summary>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>The totals.</returns>
    public LendingStressResult Run(CancellationToken cancellationToken = default)
    {
        while (StepsRun < TotalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = NextStep();
        }

        return new LendingStressResult(0, _liquidations, _repaid, _profit, _badDebt);
    }

    /// <summary>Runs the next step.</summary>
    /// <returns>The step's figures.</returns>
    /// <exception cref="InvalidOperationException">The run is complete.</exception>
    public LendingStressStep NextStep()
    {
        if (StepsRun >= TotalSteps)
        {
            throw new InvalidOperationException("The stress run has run all of its steps.");
        }

        TimeSpan offset = _scenario.Step * StepsRun;
        _external = Math.Round(_scenario.CollateralPrice.Next(_external, offset, _scenario.Step, _random), 8, MidpointRounding.ToEven);
        ConstantProductPool unarbitraged = Pool;
        Pool = Arbitraged(Pool, _external, _scenario.Arbitrage);
        decimal poolPrice = PoolPrice(Pool);
        decimal oracle = PoolOracle.Coupled(_external, _scenario.OracleCoupling, poolPrice);
        UInt256 oraclePrice = AaveDecimal.Price(oracle, Market.BaseCurrencyDecimals);
        Market = Market.WithPrice(_scenario.CollateralAsset, oraclePrice);
        if (_log is not null)
        {
            Log(new LendingPriceMoved(0, StepsRun + 1, _external, oraclePrice));
        }

        if (_log is not null && !ReferenceEquals(unarbitraged, Pool))
        {
            Log(new LendingPoolArbitraged(0, StepsRun + 1, unarbitraged.BaseReserve, unarbitraged.QuoteReserve, Pool.BaseReserve, Pool.QuoteReserve));
        }

        // Lowest health factor first; ties by account order.
        var atRisk = new List<(UInt256 HealthFactor, int Index)>();
        for (int i = 0; i < _accounts.Length; i++)
        {
            UInt256 healthFactor = AaveAccountData.HealthFactorOf(Market, _accounts[i]);
            if (healthFactor < AaveAccountData.LiquidationThreshold)
            {
                atRisk.Add((healthFactor, i));
            }
        }

        // The market does not move during the liquidations, so only liquidated accounts can leave the at-risk set,
        // and their new health factor is the one liquidationCall computed on the same market.
        int stillAtRisk = atRisk.Count;

        atRisk.Sort((a, b) => a.HealthFactor != b.HealthFactor ? a.HealthFactor.CompareTo(b.HealthFactor) : a.Index.CompareTo(b.Index));
        int liquidations = 0;
        decimal repaid = 0m, profit = 0m, badDebt = 0m;
        var events = ImmutableArray.CreateBuilder<LendingLiquidationEvent>();
        foreach ((_, int i) in atRisk)
        {
            ConstantProductPool pool = Pool;
            LiquidationOpportunity best = ProfitableLiquidation.Best(Market, _accounts[i], _scenario.CollateralAsset, _scenario.DebtAsset, pool.AmountOut, _scenario.GasCost);
            if (!best.IsProfitable)
            {
                continue;
            }

            AaveLiquidationResult r = best.Liquidation;
            if (_log is not null)
            {
                Log(new LendingAccountLiquidated(0, StepsRun + 1, i, r.DebtRepaid, r.LiquidatorCollateral, r.ProtocolFee, r.Deficits, LendingStressReplay.Changes(_accounts[i], r.Account)));
            }

            _accounts[i] = r.Account;
            if (r.HealthFactorAfter >= AaveAccountData.LiquidationThreshold)
            {
                stillAtRisk--;
            }

            (UInt256 sold, Pool) = Pool.Sell(r.LiquidatorCollateral);
            if (_log is not null)
            {
                Log(new LendingCollateralSold(0, StepsRun + 1, r.LiquidatorCollateral, sold));
            }
            liquidations++;
            decimal debtRepaid = AaveDecimal.Tokens(r.DebtRepaid, _debt);
            decimal gain = (decimal)best.Profit / _debt.Unit.ToDecimal(0);
            decimal deficits = 0m;
            foreach (AaveDeficit deficit in r.Deficits)
            {
                deficits += AaveDecimal.Tokens(deficit.Amount, Market.Reserve(deficit.Symbol));
            }

            repaid += debtRepaid;
            profit += gain;
            badDebt += deficits;
            events.Add(new LendingLiquidationEvent(
                StepsRun + 1,
                i,
                AaveDecimal.HealthFactor(r.HealthFactorBefore) ?? 0m,
                debtRepaid,
                AaveDecimal.Tokens(r.CollateralSeized, _collateral),
                AaveDecimal.Tokens(r.ProtocolFee, _collateral),
                AaveDecimal.Tokens(best.Proceeds, _debt),
                gain,
                deficits));
        }

        StepsRun++;
        _liquidations += liquidations;
        _repaid += repaid;
        _profit += profit;
        _badDebt += badDebt;
        return new LendingStressStep
        {
            Index = StepsRun,
            ExternalPrice = _external,
            PoolPrice = PoolPrice(Pool),
            OraclePrice = oracle,
            Liquidations = liquidations,
            DebtRepaid = repaid,
            LiquidatorProfit = profit,
            BadDebt = _badDebt,
            AtRisk = stillAtRisk,
            Events = events.ToImmutable(),
        };
    }

    /// <summary>Appends an event to the log (when kept), numbering it.</summary>
    private void Log(LendingRunEvent e) => _log?.Add(e with { Sequence = _log.Count + 1 });

    private decimal PoolPrice(ConstantProductPool pool) =>
        PoolOracle.Price(pool, _collateral.Decimals, _debt.Decimals) * AaveDecimal.BaseCurrency(_debt.Price, Market);

    /// <summary>Moves the pool a share of the way to the external price, keeping its constant product.</summary>
    private ConstantProductPool Arbitraged(ConstantProductPool pool, decimal external, decimal share)
    {
        decimal current = PoolPrice(pool);
        if (share == 0m || current == external)
        {
            return pool;
        }

        decimal target = current + (share * (external - current));
        decimal debtPrice = AaveDecimal.BaseCurrency(_debt.Price, Market);

        // Reserves for price p (quote per base, in whole tokens): base = √(k / p), quote = √(k · p).
        decimal baseTokens = AaveDecimal.Tokens(pool.BaseReserve, _collateral);
        decimal quoteTokens = AaveDecimal.Tokens(pool.QuoteReserve, _debt);
        decimal k = baseTokens * quoteTokens;
        decimal p = target / debtPrice;
        decimal newBase = DecimalMath.Sqrt(k / p);
        decimal newQuote = DecimalMath.Sqrt(k * p);
        return new ConstantProductPool(
            UInt256.FromDecimal(Math.Round(newBase, _collateral.Decimals, MidpointRounding.ToZero), _collateral.Decimals),
            UInt256.FromDecimal(Math.Round(newQuote, _debt.Decimals, MidpointRounding.ToZero), _debt.Decimals),
            pool.FeeBps);
    }

    internal static void Validate(LendingStressScenario s)
    {
        ArgumentNullException.ThrowIfNull(s.Market, "scenario.Market");
        ArgumentNullException.ThrowIfNull(s.CollateralPrice, "scenario.CollateralPrice");
        ArgumentNullException.ThrowIfNull(s.Pool, "scenario.Pool");
        _ = s.Market.Reserve(s.CollateralAsset);
        _ = s.Market.Reserve(s.DebtAsset);
        if (s.Accounts.IsDefaultOrEmpty)
        {
            throw new ArgumentException("scenario.Accounts must hold at least one account; got none.", "scenario.Accounts");
        }

        if (s.Step <= TimeSpan.Zero || s.Duration <= TimeSpan.Zero || s.Duration.Ticks % s.Step.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException("scenario.Duration", s.Duration, string.Create(CultureInfo.InvariantCulture, $"scenario.Duration must be a positive whole multiple of the step {s.Step}; got {s.Duration}."));
        }

        if (s.OracleCoupling is < 0m or > 1m)
        {
            throw new ArgumentOutOfRangeException("scenario.OracleCoupling", s.OracleCoupling, "scenario.OracleCoupling must be in [0, 1].");
        }

        if (s.Arbitrage is < 0m or > 1m)
        {
            throw new ArgumentOutOfRangeException("scenario.Arbitrage", s.Arbitrage, "scenario.Arbitrage must be in [0, 1].");
        }
    }
}

/// <summary>
/// Monte Carlo of lending stress runs (Aave, Morpho Blue, Compound v2): the root seed, per-path results and
/// nearest-rank percentiles of each loss; it merges with other shards of the run, has a digest and round-trips through
/// JSON (<see cref="IMonteCarloResult{TSelf}"/>).
/// </summary>
/// <remarks>
/// <para>
/// Percentiles use the nearest-rank definition of the core package's CeFi Monte Carlo result (<c>LiquidationSim.Simulation.MonteCarloResult.Percentile</c>): <c>p</c> is a fraction from 0 to 1, and the
/// value is the one at rank ⌈p·n⌉ of the n sorted values (the smallest when p is 0).
/// </para>
/// <para>
/// JSON: format <c>liquidationsim-lending-montecarlo</c>, each path
/// <c>{"pathIndex":…,"liquidations":…,"debtRepaid":…,"liquidatorProfit":…,"badDebt":…}</c>; see
/// <see cref="MonteCarloPaths{TSelf, TPath}"/>. Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class LendingMonteCarloResult : MonteCarloPaths<LendingMonteCarloResult, LendingStressResult>, IMonteCarloResult<LendingMonteCarloResult>
{
    private const string JsonFormat = "liquidationsim-lending-montecarlo";

    /// <summary>A result from per-path results in any order, for example read back from storage.</summary>
    /// <param name="rootSeed">The seed the paths were run with (the scenario's <c>Seed</c>).</param>
    /// <param name="paths">At least one path result; no path index twice.</param>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty or repeats a path index.</exception>
    public LendingMonteCarloResult(ulong rootSeed, IEnumerable<LendingStressResult> paths)
        : base(rootSeed, paths)
    {
    }

    /// <inheritdoc />
    protected override string Format => JsonFormat;

    /// <inheritdoc cref="IMonteCarloResult{TSelf}.Merge(IEnumerable{TSelf})" />
    public static LendingMonteCarloResult Merge(IEnumerable<LendingMonteCarloResult> results) => MergeAll(results);

    /// <inheritdoc cref="IMonteCarloResult{TSelf}.FromJson(string)" />
    public static LendingMonteCarloResult FromJson(string json) => ReadJson(
        json,
        JsonFormat,
        static (e, index) => new LendingStressResult(
            index,
            Required(e, "liquidations").GetInt64(),
            Required(e, "debtRepaid").GetDecimal(),
            Required(e, "liquidatorProfit").GetDecimal(),
            Required(e, "badDebt").GetDecimal()),
        static (seed, paths) => new LendingMonteCarloResult(seed, paths));

    /// <summary>The nearest-rank percentile of bad debt over the paths.</summary>
    /// <param name="p">The fraction, from 0 to 1 (0.99 for the 99th percentile).</param>
    /// <returns>The bad debt that at least a fraction <paramref name="p"/> of the paths do not exceed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal BadDebt(decimal p) => Percentile(static x => x.BadDebt, p);

    /// <summary>The nearest-rank percentile of debt repaid by liquidators.</summary>
    /// <param name="p">The fraction, from 0 to 1.</param>
    /// <returns>The percentile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal DebtRepaid(decimal p) => Percentile(static x => x.DebtRepaid, p);

    /// <summary>The nearest-rank percentile of liquidator profit.</summary>
    /// <param name="p">The fraction, from 0 to 1.</param>
    /// <returns>The percentile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal LiquidatorProfit(decimal p) => Percentile(static x => x.LiquidatorProfit, p);

    /// <inheritdoc />
    protected override LendingMonteCarloResult Create(ulong rootSeed, IEnumerable<LendingStressResult> paths) => new(rootSeed, paths);

    /// <inheritdoc />
    protected override void WritePath(Utf8JsonWriter writer, LendingStressResult path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("liquidations", path.Liquidations);
        WriteDecimal(writer, "debtRepaid", path.DebtRepaid);
        WriteDecimal(writer, "liquidatorProfit", path.LiquidatorProfit);
        WriteDecimal(writer, "badDebt", path.BadDebt);
    }
}

using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>
/// A lending stress run on one Morpho Blue market: the collateral's external price follows a price process,
/// liquidators call <c>liquidate</c> on every unhealthy position when it pays after slippage and gas, and sell the
/// seized collateral into a constant-product pool whose price feeds back into the oracle — the cascade of
/// <see cref="LendingStressScenario"/>, on Morpho's rules (<see cref="MorphoLiquidation"/>).
/// </summary>
/// <remarks>Immutable and thread safe. Interest does not accrue during the run (every call is at the market's <c>lastUpdate</c>).</remarks>
public sealed record MorphoStressScenario
{
    /// <summary>The market at the start: parameters (LLTV) and totals, which must include <see cref="Positions"/>.</summary>
    public required MorphoMarket Market { get; init; }

    /// <summary>The borrowers' positions.</summary>
    public required ImmutableArray<MorphoPosition> Positions { get; init; }

    /// <summary>The collateral token's decimals, 0 to 36.</summary>
    public required int CollateralDecimals { get; init; }

    /// <summary>The loan token's decimals, 0 to 36.</summary>
    public required int LoanDecimals { get; init; }

    /// <summary>The collateral's external price at the start, in whole loan tokens per whole collateral token; positive.</summary>
    public required decimal InitialPrice { get; init; }

    /// <summary>How the collateral's external price moves.</summary>
    public required IPriceProcess CollateralPrice { get; init; }

    /// <summary>Simulated time; a positive whole multiple of <see cref="Step"/>.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Time between steps; positive.</summary>
    public required TimeSpan Step { get; init; }

    /// <summary>The pool of collateral (base) against the loan token (quote) that liquidators sell into.</summary>
    public required ConstantProductPool Pool { get; init; }

    /// <summary>Share of the pool's deviation from the external price the oracle adopts; in [0, 1].</summary>
    /// <value>0: the oracle is the external price.</value>
    public decimal OracleCoupling { get; init; }

    /// <summary>Share of the pool's deviation from the external price that arbitrage closes each step; in [0, 1].</summary>
    /// <value>1.</value>
    public decimal Arbitrage { get; init; } = 1m;

    /// <summary>A liquidation's gas cost, in the loan token's smallest units.</summary>
    public UInt256 GasCost { get; init; }

    /// <summary>Seed of the price path (path i of a Monte Carlo draws from (seed, i)).</summary>
    public ulong Seed { get; init; }
}

/// <summary>
/// Runs a <see cref="MorphoStressScenario"/> step by step, reporting in the lending stress run's records
/// (<see cref="LendingStressStep"/>, <see cref="LendingLiquidationEvent"/>, <see cref="LendingStressResult"/>), amounts
/// in whole loan and collateral tokens.
/// </summary>
/// <remarks>
/// <para>
/// Each step, in the order of <see cref="LendingStressSimulation"/>: the external price moves; arbitrage moves the pool
/// part of the way to it; the oracle takes the external price plus the coupling × the pool's deviation
/// (<see cref="MorphoMath.OraclePrice"/>); every position that <see cref="MorphoLiquidation.IsHealthy"/> refuses is
/// offered to the liquidators, lowest health first (<c>maxBorrow ÷ borrowed</c>, ties by position order).
/// </para>
/// <para>
/// Morpho Blue has no close factor: a liquidator may repay any part of the debt, receiving collateral worth the
/// repaid debt times the liquidation incentive factor (morpho-org/morpho-blue v1.0.0, <c>src/Morpho.sol</c>,
/// <c>liquidate</c>). The liquidator here tries repaying every borrow share, then seizing the collateral that covers the
/// whole debt (or all of it, if less) and that amount halved up to seven times, and takes the call with the largest
/// profit — the pool's proceeds for the seized collateral less the repaid assets and gas — if any is positive. Seizing
/// all of a position's collateral writes its remaining debt off as bad debt, as the contract does.
/// </para>
/// <para>Deterministic: the same scenario and path give the same run on every machine. Not thread safe.</para>
/// </remarks>
public sealed class MorphoStressSimulation
{
    private const int Halvings = 7;
    private readonly MorphoStressScenario _scenario;
    private readonly SeededRandom _random;
    private readonly MorphoPosition[] _positions;
    private decimal _external;
    private long _liquidations;
    private decimal _repaid;
    private decimal _profit;
    private decimal _badDebt;

    private MorphoStressSimulation(MorphoStressScenario scenario, SeededRandom random)
    {
        _scenario = scenario;
        _random = random;
        _positions = [.. scenario.Positions];
        Market = scenario.Market;
        Pool = scenario.Pool;
        _external = scenario.InitialPrice;
        TotalSteps = scenario.Duration.Ticks / scenario.Step.Ticks;
    }

    /// <summary>The market now.</summary>
    public MorphoMarket Market { get; private set; }

    /// <summary>The pool now.</summary>
    public ConstantProductPool Pool { get; private set; }

    /// <summary>The positions now, in the scenario's order.</summary>
    public IReadOnlyList<MorphoPosition> Positions => _positions;

    /// <summary>Steps run so far.</summary>
    public long StepsRun { get; private set; }

    /// <summary>Steps in the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>Prepares path <paramref name="pathIndex"/> of a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="pathIndex">The path; zero or greater.</param>
    /// <returns>The simulation at step 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or one of its objects is null.</exception>
    /// <exception cref="ArgumentException">An inconsistent scenario: no positions, positions beyond the market's totals, decimals, price, duration, coupling or arbitrage out of range.</exception>
    public static MorphoStressSimulation Create(MorphoStressScenario scenario, long pathIndex = 0)
    {
        Validate(scenario);
        if (pathIndex < 0)
        {
            ThrowHelper.OutOfRange(nameof(pathIndex), pathIndex, "must not be negative");
        }

        return new MorphoStressSimulation(scenario, SeededRandom.ForPath(scenario.Seed, pathIndex));
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
    public static LendingMonteCarloResult RunMonteCarlo(MorphoStressScenario scenario, MonteCarloOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        Validate(scenario);
        LendingStressResult[] paths = MonteCarloRunner.RunPaths(
            scenario.Seed,
            options,
            (index, random, token) => new MorphoStressSimulation(scenario, random).Run(token) with { PathIndex = index },
            cancellationToken);
        return new LendingMonteCarloResult(scenario.Seed, paths);
    }

    /// <summary>Runs every remaining step.</summary>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>The totals (path 0).</returns>
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
    /// <returns>The step's figures: prices in loan tokens per collateral token, amounts in whole tokens.</returns>
    /// <exception cref="InvalidOperationException">The run is complete.</exception>
    public LendingStressStep NextStep()
    {
        if (StepsRun >= TotalSteps)
        {
            throw new InvalidOperationException("The stress run has run all of its steps.");
        }

        TimeSpan offset = _scenario.Step * StepsRun;
        _external = Math.Max(0.00000001m, Math.Round(_scenario.CollateralPrice.Next(_external, offset, _scenario.Step, _random), 8, MidpointRounding.ToEven));
        Pool = Arbitraged(Pool, _external, _scenario.Arbitrage);
        decimal oracle = PoolOracle.Coupled(_external, _scenario.OracleCoupling, PoolPrice(Pool));
        UInt256 price = MorphoMath.OraclePrice(oracle, _scenario.CollateralDecimals, _scenario.LoanDecimals);

        // Lowest health first (maxBorrow ÷ borrowed, wad), ties by position order.
        var atRisk = new List<(UInt256 Health, int Index)>();
        for (int i = 0; i < _positions.Length; i++)
        {
            if (!MorphoLiquidation.IsHealthy(Market, _positions[i], price))
            {
                atRisk.Add((Health(_positions[i], price), i));
            }
        }

        atRisk.Sort((a, b) => a.Health != b.Health ? a.Health.CompareTo(b.Health) : a.Index.CompareTo(b.Index));
        int stillAtRisk = atRisk.Count;
        int liquidations = 0;
        decimal repaid = 0m, profit = 0m, badDebt = 0m;
        var events = ImmutableArray.CreateBuilder<LendingLiquidationEvent>();
        foreach ((UInt256 health, int i) in atRisk)
        {
            // Earlier sales in the step do not move the oracle, so a position stays unhealthy until it is liquidated.
            (MorphoLiquidationResult? best, UInt256 proceeds, UInt256 gain) = Best(_positions[i], price);
            if (best is null)
            {
                continue;
            }

            _positions[i] = best.Position;
            Market = best.Market;
            (_, Pool) = Pool.Sell(best.SeizedAssets);
            if (best.Position.BorrowShares.IsZero || MorphoLiquidation.IsHealthy(Market, best.Position, price))
            {
                stillAtRisk--;
            }

            liquidations++;
            decimal debtRepaid = Loan(best.RepaidAssets);
            decimal deficit = Loan(best.BadDebtAssets);
            decimal profitTokens = Loan(gain);
            repaid += debtRepaid;
            profit += profitTokens;
            badDebt += deficit;
            events.Add(new LendingLiquidationEvent(
                StepsRun + 1, i, health.ToDecimal(18, MidpointRounding.ToZero), debtRepaid, best.SeizedAssets.ToDecimal(_scenario.CollateralDecimals, MidpointRounding.ToZero), 0m, Loan(proceeds), profitTokens, deficit));
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

    /// <summary>The most profitable call among the candidates of the remarks, or null when none pays.</summary>
    private (MorphoLiquidationResult? Result, UInt256 Proceeds, UInt256 Profit) Best(MorphoPosition position, UInt256 price)
    {
        UInt256 lif = MorphoLiquidation.LiquidationIncentiveFactor(Market.Parameters.Lltv);
        UInt256 debt = MorphoLiquidation.BorrowedAssets(Market, position);
        UInt256 covering = MorphoMath.MulDivDown(MorphoMath.WMulDown(debt, lif), MorphoMath.OraclePriceScale, price);
        UInt256 seize = UInt256.Min(covering, position.Collateral);
        (MorphoLiquidationResult? Result, UInt256 Proceeds, UInt256 Profit) best = (null, UInt256.Zero, UInt256.Zero);
        Consider(MorphoLiquidation.Liquidate(Market, position, price, UInt256.Zero, position.BorrowShares));
        for (int k = 0; k <= Halvings && !seize.IsZero; k++)
        {
            Consider(MorphoLiquidation.Liquidate(Market, position, price, seize, UInt256.Zero));
            seize /= 2UL;
        }

        return best;

        void Consider(MorphoLiquidationResult r)
        {
            if (!r.Succeeded)
            {
                return;
            }

            UInt256 proceeds = Pool.AmountOut(r.SeizedAssets);
            UInt256 cost = r.RepaidAssets + _scenario.GasCost;
            if (proceeds > cost && (best.Result is null || proceeds - cost > best.Profit))
            {
                best = (r, proceeds, proceeds - cost);
            }
        }
    }

    /// <summary>maxBorrow ÷ borrowed as a wad (the health factor Morpho's interfaces show); zero debt is never at risk.</summary>
    private UInt256 Health(MorphoPosition position, UInt256 price)
    {
        UInt256 borrowed = MorphoLiquidation.BorrowedAssets(Market, position);
        return MorphoMath.MulDivDown(MorphoLiquidation.MaxBorrow(Market, position, price), MorphoMath.Wad, borrowed);
    }

    private decimal Loan(UInt256 units) => units.ToDecimal(_scenario.LoanDecimals, MidpointRounding.ToZero);

    /// <summary>Whole loan tokens per whole collateral token in the pool, to 8 decimals (rounded down).</summary>
    private decimal PoolPrice(ConstantProductPool pool) => PoolOracle.Price(pool, _scenario.CollateralDecimals, _scenario.LoanDecimals);

    private ConstantProductPool Arbitraged(ConstantProductPool pool, decimal external, decimal share) =>
        PoolOracle.Arbitraged(pool, external, share, _scenario.CollateralDecimals, _scenario.LoanDecimals);

    private static void Validate(MorphoStressScenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(s.Market, "scenario.Market");
        ArgumentNullException.ThrowIfNull(s.CollateralPrice, "scenario.CollateralPrice");
        ArgumentNullException.ThrowIfNull(s.Pool, "scenario.Pool");
        if (s.Positions.IsDefaultOrEmpty)
        {
            throw new ArgumentException("scenario.Positions must hold at least one position; got none.", "scenario.Positions");
        }

        // Whole-token amounts go through decimal (28 digits): decimals beyond 28 cannot be represented.
        if (s.CollateralDecimals is < 0 or > 28)
        {
            ThrowHelper.OutOfRange("scenario.CollateralDecimals", s.CollateralDecimals, "must be 0 to 28");
        }

        if (s.LoanDecimals is < 0 or > 28)
        {
            ThrowHelper.OutOfRange("scenario.LoanDecimals", s.LoanDecimals, "must be 0 to 28");
        }

        if (s.InitialPrice <= 0m)
        {
            ThrowHelper.OutOfRange("scenario.InitialPrice", s.InitialPrice, "must be positive");
        }

        UInt256 shares = UInt256.Zero;
        foreach (MorphoPosition p in s.Positions)
        {
            shares += p.BorrowShares;
        }

        if (shares > s.Market.TotalBorrowShares)
        {
            ThrowHelper.Argument("scenario.Positions", shares, "borrow shares add up to more than the market's totalBorrowShares " + s.Market.TotalBorrowShares.ToString());
        }

        if (s.Step <= TimeSpan.Zero || s.Duration <= TimeSpan.Zero || s.Duration.Ticks % s.Step.Ticks != 0)
        {
            ThrowHelper.OutOfRange("scenario.Duration", s.Duration, string.Create(CultureInfo.InvariantCulture, $"must be a positive whole multiple of the step {s.Step}"));
        }

        if (s.OracleCoupling is < 0m or > 1m)
        {
            ThrowHelper.OutOfRange("scenario.OracleCoupling", s.OracleCoupling, "must be in [0, 1]");
        }

        if (s.Arbitrage is < 0m or > 1m)
        {
            ThrowHelper.OutOfRange("scenario.Arbitrage", s.Arbitrage, "must be in [0, 1]");
        }
    }
}

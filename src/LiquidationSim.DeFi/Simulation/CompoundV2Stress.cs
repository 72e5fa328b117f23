using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>
/// A lending stress run on two Compound v2 markets: borrowers supply the collateral market's cTokens and borrow the
/// borrow market's underlying; the collateral's external price follows a price process, liquidators call
/// <c>liquidateBorrow</c> on accounts in shortfall when it pays after slippage and gas, redeem the seized cTokens and
/// sell the underlying into a constant-product pool whose price feeds back into the oracle — the cascade of
/// <see cref="LendingStressScenario"/>, on Compound v2's rules (<see cref="CompoundV2Liquidation"/>).
/// </summary>
/// <remarks>
/// Immutable and thread safe. Interest does not accrue during the run (every call is on the markets' stored state).
/// The borrowed underlying's oracle price is fixed at the borrow market's price; prices are in borrowed tokens per
/// collateral token.
/// </remarks>
public sealed record CompoundV2StressScenario
{
    /// <summary>The Comptroller (close factor, incentive, protocol seize share) and its two markets, whose totals include <see cref="Accounts"/>.</summary>
    public required CompoundV2Comptroller Comptroller { get; init; }

    /// <summary>The name of the market whose cTokens are the collateral.</summary>
    public required string CollateralMarket { get; init; }

    /// <summary>The name of the market whose underlying is borrowed.</summary>
    public required string BorrowMarket { get; init; }

    /// <summary>The borrowers, each with a position in both markets.</summary>
    public required ImmutableArray<CompoundV2Account> Accounts { get; init; }

    /// <summary>The collateral's external price at the start, in whole borrowed tokens per whole collateral token; positive.</summary>
    public required decimal InitialPrice { get; init; }

    /// <summary>How the collateral's external price moves.</summary>
    public required IPriceProcess CollateralPrice { get; init; }

    /// <summary>Simulated time; a positive whole multiple of <see cref="Step"/>.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Time between steps; positive.</summary>
    public required TimeSpan Step { get; init; }

    /// <summary>The pool of collateral underlying (base) against the borrowed underlying (quote) that liquidators sell into.</summary>
    public required ConstantProductPool Pool { get; init; }

    /// <summary>Share of the pool's deviation from the external price the oracle adopts; in [0, 1].</summary>
    /// <value>0: the oracle is the external price.</value>
    public decimal OracleCoupling { get; init; }

    /// <summary>Share of the pool's deviation from the external price that arbitrage closes each step; in [0, 1].</summary>
    /// <value>1.</value>
    public decimal Arbitrage { get; init; } = 1m;

    /// <summary>A liquidation's gas cost, in the borrowed underlying's smallest units.</summary>
    public UInt256 GasCost { get; init; }

    /// <summary>Seed of the price path (path i of a Monte Carlo draws from (seed, i)).</summary>
    public ulong Seed { get; init; }
}

/// <summary>
/// Runs a <see cref="CompoundV2StressScenario"/> step by step, reporting in the lending stress run's records
/// (<see cref="LendingStressStep"/>, <see cref="LendingLiquidationEvent"/>, <see cref="LendingStressResult"/>), amounts
/// in whole borrowed and collateral tokens.
/// </summary>
/// <remarks>
/// <para>
/// Each step, in the order of <see cref="LendingStressSimulation"/>: the external price moves; arbitrage moves the pool
/// part of the way to it; the oracle takes the external price plus the coupling × the pool's deviation; every account
/// with a shortfall (<see cref="CompoundV2Liquidation.GetAccountLiquidity"/>) is offered to the liquidators, lowest
/// health first (<c>sumCollateral ÷ sumBorrow</c>, ties by account order), once per step.
/// </para>
/// <para>
/// A liquidator may repay at most <c>closeFactor × borrowBalance</c> in one call (<c>Comptroller.liquidateBorrowAllowed</c>,
/// <c>TOO_MUCH_REPAY</c>) and receives <c>repay × liquidationIncentive × priceBorrowed ÷ (priceCollateral ×
/// exchangeRate)</c> cTokens, less the protocol's <c>protocolSeizeShare</c> (compound-protocol commit a3214f6,
/// <c>Comptroller.liquidateCalculateSeizeTokens</c>, <c>CToken.seizeInternal</c>); a call that would seize more than the
/// borrower holds reverts (<c>LIQUIDATE_SEIZE_TOO_MUCH</c>). The liquidator tries the full close amount and that amount
/// halved up to seven times, redeems its cTokens at the stored exchange rate (the collateral market's cash and supply
/// fall), and makes the call with the largest profit — the pool's proceeds less the repay and gas — if any is positive.
/// Compound v2 never writes debt off, so <see cref="LendingStressStep.BadDebt"/> and every event's deficit are zero.
/// </para>
/// <para>Deterministic: the same scenario and path give the same run on every machine. Not thread safe.</para>
/// </remarks>
public sealed class CompoundV2StressSimulation
{
    private const int Halvings = 7;
    private readonly CompoundV2StressScenario _scenario;
    private readonly SeededRandom _random;
    private readonly CompoundV2Account[] _accounts;
    private readonly int _collateralDecimals;
    private readonly int _borrowDecimals;
    private decimal _external;
    private long _liquidations;
    private decimal _repaid;
    private decimal _profit;

    private CompoundV2StressSimulation(CompoundV2StressScenario scenario, SeededRandom random)
    {
        _scenario = scenario;
        _random = random;
        _accounts = [.. scenario.Accounts];
        Comptroller = scenario.Comptroller;
        Pool = scenario.Pool;
        _external = scenario.InitialPrice;
        _collateralDecimals = Comptroller.GetMarket(scenario.CollateralMarket).UnderlyingDecimals;
        _borrowDecimals = Comptroller.GetMarket(scenario.BorrowMarket).UnderlyingDecimals;
        TotalSteps = scenario.Duration.Ticks / scenario.Step.Ticks;
    }

    /// <summary>The Comptroller and its markets now (the collateral market's price is the step's oracle).</summary>
    public CompoundV2Comptroller Comptroller { get; private set; }

    /// <summary>The pool now.</summary>
    public ConstantProductPool Pool { get; private set; }

    /// <summary>The accounts now, in the scenario's order.</summary>
    public IReadOnlyList<CompoundV2Account> Accounts => _accounts;

    /// <summary>Steps run so far.</summary>
    public long StepsRun { get; private set; }

    /// <summary>Steps in the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>Prepares path <paramref name="pathIndex"/> of a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="pathIndex">The path; zero or greater.</param>
    /// <returns>The simulation at step 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or one of its objects is null.</exception>
    /// <exception cref="ArgumentException">An inconsistent scenario: no accounts, unknown or identical markets, positions beyond the markets' totals, price, duration, coupling or arbitrage out of range.</exception>
    public static CompoundV2StressSimulation Create(CompoundV2StressScenario scenario, long pathIndex = 0)
    {
        Validate(scenario);
        if (pathIndex < 0)
        {
            ThrowHelper.OutOfRange(nameof(pathIndex), pathIndex, "must not be negative");
        }

        return new CompoundV2StressSimulation(scenario, SeededRandom.ForPath(scenario.Seed, pathIndex));
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
    public static LendingMonteCarloResult RunMonteCarlo(CompoundV2StressScenario scenario, MonteCarloOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        Validate(scenario);
        LendingStressResult[] paths = MonteCarloRunner.RunPaths(
            scenario.Seed,
            options,
            (index, random, token) => new CompoundV2StressSimulation(scenario, random).Run(token) with { PathIndex = index },
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

        return new LendingStressResult(0, _liquidations, _repaid, _profit, 0m);
    }

    /// <summary>Runs the next step.</summary>
    /// <returns>The step's figures: prices in borrowed tokens per collateral token, amounts in whole tokens.</returns>
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

        // The oracle's price per smallest unit (×1e18): the borrowed token's, times the collateral's price in borrowed tokens.
        CompoundV2Market collateralMarket = Comptroller.GetMarket(_scenario.CollateralMarket);
        UInt256 borrowPrice = Comptroller.GetMarket(_scenario.BorrowMarket).UnderlyingPriceMantissa;
        UInt256 price = UInt256.FromDecimal(oracle, 8) * borrowPrice * UInt256.Pow10(_borrowDecimals) / (UInt256.Pow10(8) * UInt256.Pow10(_collateralDecimals));
        Comptroller = Comptroller.WithMarket(collateralMarket with { UnderlyingPriceMantissa = price.IsZero ? UInt256.One : price });

        var atRisk = new List<(UInt256 Health, int Index)>();
        for (int i = 0; i < _accounts.Length; i++)
        {
            CompoundV2AccountLiquidity l = CompoundV2Liquidation.GetAccountLiquidity(Comptroller, _accounts[i]);
            if (l.HasShortfall)
            {
                atRisk.Add((ExponentialNoError.Div(l.SumCollateral, l.SumBorrowPlusEffects), i));
            }
        }

        atRisk.Sort((a, b) => a.Health != b.Health ? a.Health.CompareTo(b.Health) : a.Index.CompareTo(b.Index));
        int liquidations = 0;
        decimal repaid = 0m, profit = 0m;
        var events = ImmutableArray.CreateBuilder<LendingLiquidationEvent>();
        foreach ((UInt256 health, int i) in atRisk)
        {
            (CompoundV2LiquidationResult? best, CompoundV2Comptroller redeemed, UInt256 underlying, UInt256 proceeds, UInt256 gain) = Best(_accounts[i]);
            if (best is null)
            {
                continue;
            }

            _accounts[i] = best.Borrower;
            Comptroller = redeemed;
            (_, Pool) = Pool.Sell(underlying);
            liquidations++;
            decimal debtRepaid = Borrowed(best.ActualRepayAmount);
            decimal profitTokens = Borrowed(gain);
            repaid += debtRepaid;
            profit += profitTokens;
            decimal fee = Collateral(best.Seize.ProtocolSeizeAmount);
            events.Add(new LendingLiquidationEvent(
                StepsRun + 1, i, health.ToDecimal(18, MidpointRounding.ToZero), debtRepaid, Collateral(underlying) + fee, fee, Borrowed(proceeds), profitTokens, 0m));
        }

        int stillAtRisk = 0;
        foreach (CompoundV2Account account in _accounts)
        {
            stillAtRisk += CompoundV2Liquidation.GetAccountLiquidity(Comptroller, account).HasShortfall ? 1 : 0;
        }

        StepsRun++;
        _liquidations += liquidations;
        _repaid += repaid;
        _profit += profit;
        return new LendingStressStep
        {
            Index = StepsRun,
            ExternalPrice = _external,
            PoolPrice = PoolPrice(Pool),
            OraclePrice = oracle,
            Liquidations = liquidations,
            DebtRepaid = repaid,
            LiquidatorProfit = profit,
            BadDebt = 0m,
            AtRisk = stillAtRisk,
            Events = events.ToImmutable(),
        };
    }

    /// <summary>The most profitable call among the candidates of the remarks, with the Comptroller after the liquidator's redeem, or null when none pays.</summary>
    private (CompoundV2LiquidationResult? Result, CompoundV2Comptroller Redeemed, UInt256 Underlying, UInt256 Proceeds, UInt256 Profit) Best(CompoundV2Account account)
    {
        CompoundV2Market borrowed = Comptroller.GetMarket(_scenario.BorrowMarket);
        UInt256 balance = CompoundV2Liquidation.BorrowBalanceStored(borrowed, account.GetPosition(_scenario.BorrowMarket));
        UInt256 repay = ExponentialNoError.MulScalarTruncate(Comptroller.CloseFactorMantissa, balance);
        (CompoundV2LiquidationResult? Result, CompoundV2Comptroller Redeemed, UInt256 Underlying, UInt256 Proceeds, UInt256 Profit) best = (null, Comptroller, UInt256.Zero, UInt256.Zero, UInt256.Zero);
        for (int k = 0; k <= Halvings && !repay.IsZero; k++)
        {
            CompoundV2LiquidationResult r = CompoundV2Liquidation.LiquidateBorrow(Comptroller, account, _scenario.BorrowMarket, _scenario.CollateralMarket, repay);
            repay /= 2UL;
            if (!r.Succeeded)
            {
                continue;
            }

            // redeemFresh: underlying = truncate(exchangeRate × cTokens), paid from the collateral market's cash.
            CompoundV2Market collateral = r.Comptroller.GetMarket(_scenario.CollateralMarket);
            UInt256 underlying = ExponentialNoError.MulScalarTruncate(collateral.ExchangeRateMantissa, r.Seize.LiquidatorSeizeTokens);
            if (underlying > collateral.Cash)
            {
                continue;
            }

            UInt256 proceeds = Pool.AmountOut(underlying);
            UInt256 cost = r.ActualRepayAmount + _scenario.GasCost;
            if (proceeds > cost && (best.Result is null || proceeds - cost > best.Profit))
            {
                CompoundV2Comptroller redeemed = r.Comptroller.WithMarket(collateral with
                {
                    Cash = collateral.Cash - underlying,
                    TotalSupply = collateral.TotalSupply - r.Seize.LiquidatorSeizeTokens,
                });
                best = (r, redeemed, underlying, proceeds, proceeds - cost);
            }
        }

        return best;
    }

    private decimal Borrowed(UInt256 units) => units.ToDecimal(_borrowDecimals, MidpointRounding.ToZero);

    private decimal Collateral(UInt256 units) => units.ToDecimal(_collateralDecimals, MidpointRounding.ToZero);

    /// <summary>Whole borrowed tokens per whole collateral token in the pool, to 8 decimals (rounded down).</summary>
    private decimal PoolPrice(ConstantProductPool pool) => PoolOracle.Price(pool, _collateralDecimals, _borrowDecimals);

    private ConstantProductPool Arbitraged(ConstantProductPool pool, decimal external, decimal share) =>
        PoolOracle.Arbitraged(pool, external, share, _collateralDecimals, _borrowDecimals);

    private static void Validate(CompoundV2StressScenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(s.Comptroller, "scenario.Comptroller");
        ArgumentNullException.ThrowIfNull(s.CollateralPrice, "scenario.CollateralPrice");
        ArgumentNullException.ThrowIfNull(s.Pool, "scenario.Pool");
        if (s.Accounts.IsDefaultOrEmpty)
        {
            throw new ArgumentException("scenario.Accounts must hold at least one account; got none.", "scenario.Accounts");
        }

        if (!s.Comptroller.IsListed(s.CollateralMarket ?? string.Empty) || !s.Comptroller.IsListed(s.BorrowMarket ?? string.Empty) || string.Equals(s.CollateralMarket, s.BorrowMarket, StringComparison.Ordinal))
        {
            ThrowHelper.Argument("scenario.CollateralMarket", s.CollateralMarket, "and BorrowMarket must name two different markets of the Comptroller");
        }

        CompoundV2Market collateral = s.Comptroller.GetMarket(s.CollateralMarket!);
        CompoundV2Market borrowed = s.Comptroller.GetMarket(s.BorrowMarket!);

        // Whole-token amounts go through decimal (28 digits): decimals beyond 28 cannot be represented.
        if (collateral.UnderlyingDecimals > 28 || borrowed.UnderlyingDecimals > 28)
        {
            ThrowHelper.OutOfRange("scenario.Comptroller", Math.Max(collateral.UnderlyingDecimals, borrowed.UnderlyingDecimals), "underlying decimals must be 0 to 28");
        }

        if (borrowed.UnderlyingPriceMantissa.IsZero)
        {
            ThrowHelper.Argument("scenario.Comptroller", s.BorrowMarket, "must give the borrow market a non-zero oracle price");
        }

        if (s.InitialPrice <= 0m)
        {
            ThrowHelper.OutOfRange("scenario.InitialPrice", s.InitialPrice, "must be positive");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        BigInteger cTokens = 0, borrows = 0;
        foreach (CompoundV2Account a in s.Accounts)
        {
            if (a is null || !ids.Add(a.Id))
            {
                ThrowHelper.Argument("scenario.Accounts", a?.Id, "must not contain null accounts or an id twice");
            }

            cTokens += a.GetPosition(s.CollateralMarket!).CTokenBalance;
            borrows += CompoundV2Liquidation.BorrowBalanceStored(borrowed, a.GetPosition(s.BorrowMarket!));
        }

        if (cTokens > (BigInteger)collateral.TotalSupply || borrows > (BigInteger)borrowed.TotalBorrows)
        {
            ThrowHelper.Argument("scenario.Accounts", cTokens, "cTokens or borrows add up to more than the markets' totalSupply or totalBorrows");
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

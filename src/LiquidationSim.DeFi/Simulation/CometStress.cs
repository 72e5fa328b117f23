using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.Kernel;
using System.Text.Json;

namespace LiquidationSim.DeFi.Simulation;

/// <summary>
/// A lending stress run on one Compound III (Comet) market with one collateral asset: the asset's price feed follows a
/// price process, the protocol <c>absorb</c>s every account <c>isLiquidatable</c> accepts, and buyers take the
/// protocol's collateral with <c>buyCollateral</c> at the store-front discount while reserves are below target
/// (<see cref="CometLiquidation"/>; compound-finance/comet commit d5a30b0, <c>Comet.sol</c>).
/// </summary>
/// <remarks>
/// Immutable and thread safe. Interest does not accrue during the run (the base indices are inputs, as in
/// <see cref="CometLiquidation"/>); the base token's price stays at the market's <see cref="CometMarket.BasePrice"/>.
/// </remarks>
public sealed record CometStressScenario
{
    /// <summary>The market at the start: exactly one collateral asset, totals that include <see cref="Accounts"/>.</summary>
    public required CometMarket Market { get; init; }

    /// <summary>The accounts, borrowers and suppliers alike; each id once.</summary>
    public required ImmutableArray<CometAccount> Accounts { get; init; }

    /// <summary>
    /// How the collateral's price feed moves, in dollars per whole token from the asset's price at the start; each
    /// step's price is rounded to 8 decimals (Comet's PRICE_SCALE = 1e8) and kept at least 1e-8 (<c>getPrice</c>
    /// reverts <c>BadPrice</c> on zero).
    /// </summary>
    public required IPriceProcess CollateralPrice { get; init; }

    /// <summary>Simulated time; a positive whole multiple of <see cref="Step"/>.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Time between steps; positive.</summary>
    public required TimeSpan Step { get; init; }

    /// <summary>Seed of the price path (path i of a Monte Carlo draws from (seed, i)).</summary>
    public ulong Seed { get; init; }
}

/// <summary>One account <c>absorb</c>ed in a step of a <see cref="CometStressSimulation"/>.</summary>
/// <param name="Step">The step (1-based).</param>
/// <param name="Account">The account's index in the scenario.</param>
/// <param name="Absorption">What <c>absorbInternal</c> did, in Comet's units (<see cref="CometLiquidation.Absorb"/>).</param>
public sealed record CometStressAbsorption(long Step, int Account, CometAbsorption Absorption);

/// <summary>One <c>buyCollateral</c> call of a step of a <see cref="CometStressSimulation"/>, in smallest units.</summary>
/// <param name="Step">The step (1-based).</param>
/// <param name="BaseAmount">Base paid in.</param>
/// <param name="CollateralAmount">Collateral paid out: <c>quoteCollateral(asset, baseAmount)</c>.</param>
/// <param name="ReservesBefore"><c>getReserves()</c> before the purchase, below <see cref="CometMarket.TargetReserves"/> (or negative) as the contract requires.</param>
public readonly record struct CometStressSale(long Step, UInt256 BaseAmount, UInt256 CollateralAmount, BigInteger ReservesBefore);

/// <summary>One step of a <see cref="CometStressSimulation"/>: base amounts in whole base tokens, collateral in whole collateral tokens (rounded toward zero).</summary>
public sealed record CometStressStep
{
    /// <summary>The step (1-based).</summary>
    public required long Index { get; init; }

    /// <summary>The collateral's price feed after the move, dollars per whole token.</summary>
    public required decimal Price { get; init; }

    /// <summary>Accounts absorbed in the step.</summary>
    public required int Absorbed { get; init; }

    /// <summary>Debt erased by the absorptions (Σ <see cref="CometAbsorption.DebtAbsorbed"/>).</summary>
    public required decimal DebtAbsorbed { get; init; }

    /// <summary>Collateral taken into the protocol.</summary>
    public required decimal CollateralSeized { get; init; }

    /// <summary>Debt the seized collateral did not cover, taken from the reserves.</summary>
    public required decimal Shortfall { get; init; }

    /// <summary>Collateral sold by <c>buyCollateral</c>.</summary>
    public required decimal CollateralSold { get; init; }

    /// <summary>Base the buyers paid for it.</summary>
    public required decimal BaseFromSales { get; init; }

    /// <summary><c>getReserves()</c> at the end of the step (negative when the protocol owes more than it holds and is owed).</summary>
    public required decimal Reserves { get; init; }

    /// <summary><c>getCollateralReserves(asset)</c> at the end of the step: seized collateral not yet sold.</summary>
    public required decimal CollateralReserves { get; init; }

    /// <summary>Accounts still borrowing at the end of the step.</summary>
    public required int Borrowers { get; init; }

    /// <summary>The step's absorptions, in account order.</summary>
    public required ImmutableArray<CometStressAbsorption> Absorptions { get; init; }

    /// <summary>The step's purchase, or <see langword="null"/> when none happened.</summary>
    public required CometStressSale? Sale { get; init; }
}

/// <summary>The totals of one path of a <see cref="CometStressSimulation"/>, in whole tokens as <see cref="CometStressStep"/>.</summary>
/// <param name="PathIndex">The path.</param>
/// <param name="Absorptions">Accounts absorbed.</param>
/// <param name="DebtAbsorbed">Debt erased.</param>
/// <param name="CollateralSeized">Collateral seized.</param>
/// <param name="Shortfall">Debt the collateral did not cover (taken from the reserves).</param>
/// <param name="CollateralSold">Collateral sold.</param>
/// <param name="BaseFromSales">Base paid for it.</param>
/// <param name="FinalReserves"><c>getReserves()</c> at the end.</param>
/// <param name="MinReserves">The lowest <c>getReserves()</c> of the run: after a step's absorptions and before its sale, or at the start when never lower.</param>
public sealed record CometStressResult(
    long PathIndex, long Absorptions, decimal DebtAbsorbed, decimal CollateralSeized, decimal Shortfall, decimal CollateralSold, decimal BaseFromSales, decimal FinalReserves, decimal MinReserves)
    : IMonteCarloPathResult;

/// <summary>
/// A Comet Monte Carlo: the root seed and per-path totals in path order, with nearest-rank percentiles; it merges with
/// other shards of the run, has a digest and round-trips through JSON (<see cref="IMonteCarloResult{TSelf}"/>).
/// </summary>
/// <remarks>
/// <para>
/// Percentiles use the nearest-rank definition of the core package's CeFi Monte Carlo result (<c>LiquidationSim.Simulation.MonteCarloResult.Percentile</c>): <c>p</c> is a fraction from 0 to 1, and the
/// value is the one at rank ⌈p·n⌉ of the n sorted values (the smallest when p is 0).
/// </para>
/// <para>
/// JSON: format <c>liquidationsim-comet-montecarlo</c>, each path <c>{"pathIndex":…,"absorptions":…,"debtAbsorbed":…,"collateralSeized":…,"shortfall":…,"collateralSold":…,"baseFromSales":…,"finalReserves":…,"minReserves":…}</c>; see <see cref="MonteCarloPaths{TSelf, TPath}"/>. Immutable and
/// thread-safe.
/// </para>
/// </remarks>
public sealed class CometMonteCarloResult : MonteCarloPaths<CometMonteCarloResult, CometStressResult>, IMonteCarloResult<CometMonteCarloResult>
{
    private const string JsonFormat = "liquidationsim-comet-montecarlo";

    /// <summary>A result from per-path results in any order, for example read back from storage.</summary>
    /// <param name="rootSeed">The seed the paths were run with (the scenario's <c>Seed</c>).</param>
    /// <param name="paths">At least one path result; no path index twice.</param>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty or repeats a path index.</exception>
    public CometMonteCarloResult(ulong rootSeed, IEnumerable<CometStressResult> paths)
        : base(rootSeed, paths)
    {
    }

    /// <inheritdoc />
    protected override string Format => JsonFormat;

    /// <inheritdoc cref="IMonteCarloResult{TSelf}.Merge(IEnumerable{TSelf})" />
    public static CometMonteCarloResult Merge(IEnumerable<CometMonteCarloResult> results) => MergeAll(results);

    /// <inheritdoc cref="IMonteCarloResult{TSelf}.FromJson(string)" />
    public static CometMonteCarloResult FromJson(string json) => ReadJson(
        json,
        JsonFormat,
        static (e, index) => new CometStressResult(
            index,
            Required(e, "absorptions").GetInt64(),
            Required(e, "debtAbsorbed").GetDecimal(),
            Required(e, "collateralSeized").GetDecimal(),
            Required(e, "shortfall").GetDecimal(),
            Required(e, "collateralSold").GetDecimal(),
            Required(e, "baseFromSales").GetDecimal(),
            Required(e, "finalReserves").GetDecimal(),
            Required(e, "minReserves").GetDecimal()),
        static (seed, paths) => new CometMonteCarloResult(seed, paths));

    /// <summary>The nearest-rank percentile of the shortfall (debt the reserves absorbed) over the paths.</summary>
    /// <param name="p">The fraction, from 0 to 1 (0.99 for the 99th percentile).</param>
    /// <returns>The shortfall that at least a fraction <paramref name="p"/> of the paths do not exceed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal Shortfall(decimal p) => Percentile(static x => x.Shortfall, p);

    /// <summary>The nearest-rank percentile of the lowest reserves over the paths.</summary>
    /// <param name="p">The fraction, from 0 to 1.</param>
    /// <returns>The percentile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is below 0 or above 1.</exception>
    public decimal MinReserves(decimal p) => Percentile(static x => x.MinReserves, p);

    /// <inheritdoc />
    protected override CometMonteCarloResult Create(ulong rootSeed, IEnumerable<CometStressResult> paths) => new(rootSeed, paths);

    /// <inheritdoc />
    protected override void WritePath(Utf8JsonWriter writer, CometStressResult path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("absorptions", path.Absorptions);
        WriteDecimal(writer, "debtAbsorbed", path.DebtAbsorbed);
        WriteDecimal(writer, "collateralSeized", path.CollateralSeized);
        WriteDecimal(writer, "shortfall", path.Shortfall);
        WriteDecimal(writer, "collateralSold", path.CollateralSold);
        WriteDecimal(writer, "baseFromSales", path.BaseFromSales);
        WriteDecimal(writer, "finalReserves", path.FinalReserves);
        WriteDecimal(writer, "minReserves", path.MinReserves);
    }
}

/// <summary>
/// Runs a <see cref="CometStressScenario"/> step by step on <see cref="CometLiquidation"/>'s exact <c>absorb</c> and
/// <c>buyCollateral</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each step: the collateral's price feed moves; every account <see cref="CometLiquidation.IsLiquidatable"/> accepts is
/// absorbed in one <see cref="CometLiquidation.Absorb"/> call, in scenario order (Comet's <c>absorb(absorber,
/// accounts)</c>): its collateral becomes the protocol's, its debt is erased against the collateral's value at the
/// liquidation factor, and a shortfall is taken from the reserves. Then, if the protocol holds collateral, one buyer
/// calls <see cref="CometLiquidation.BuyCollateral"/> for all of it: the base amount is the largest whose
/// <c>quoteCollateral</c> does not exceed the collateral reserves (<c>collateralReserves · assetPriceDiscounted ·
/// baseScale ÷ (basePrice · assetScale)</c>, floor). The buyer pays the store-front price,
/// <c>price · (1 − storeFrontPriceFactor · (1 − liquidationFactor))</c>, below the feed, so buying pays whenever it is
/// allowed; Comet allows it only while <c>getReserves()</c> is negative or below <c>targetReserves</c> (<c>Comet.sol</c>,
/// <c>buyCollateral</c>: <c>if (reserves &gt;= 0 &amp;&amp; uint(reserves) &gt;= targetReserves) revert NotForSale()</c>;
/// docs.compound.finance, "Liquidation": "Buy Collateral"), so the collateral waits while reserves are at target.
/// </para>
/// <para>Deterministic: the same scenario and path give the same run on every machine. Not thread safe.</para>
/// </remarks>
public sealed class CometStressSimulation
{
    private static readonly decimal s_minPrice = 0.00000001m;
    private readonly CometStressScenario _scenario;
    private readonly SeededRandom _random;
    private readonly CometAccount[] _accounts;
    private readonly string _asset;
    private readonly int _assetDecimals;
    private decimal _price;
    private long _absorptions;
    private UInt256 _debtAbsorbed;
    private UInt256 _seized;
    private UInt256 _shortfall;
    private UInt256 _sold;
    private UInt256 _baseFromSales;
    private BigInteger _minReserves;

    private CometStressSimulation(CometStressScenario scenario, SeededRandom random)
    {
        _scenario = scenario;
        _random = random;
        _accounts = [.. scenario.Accounts];
        Market = scenario.Market;
        CometAssetConfig asset = scenario.Market.Assets[0];
        _asset = asset.Asset;
        _assetDecimals = asset.Decimals;
        _price = CometDecimal.Usd(asset.Price);
        _minReserves = CometLiquidation.GetReserves(Market);
        TotalSteps = scenario.Duration.Ticks / scenario.Step.Ticks;
    }

    /// <summary>The market now (the collateral's price is the step's feed).</summary>
    public CometMarket Market { get; private set; }

    /// <summary>The accounts now, in the scenario's order.</summary>
    public IReadOnlyList<CometAccount> Accounts => _accounts;

    /// <summary>Steps run so far.</summary>
    public long StepsRun { get; private set; }

    /// <summary>Steps in the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>Prepares path <paramref name="pathIndex"/> of a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="pathIndex">The path; zero or greater.</param>
    /// <returns>The simulation at step 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or one of its objects is null.</exception>
    /// <exception cref="ArgumentException">An inconsistent scenario: no accounts, an id twice, not exactly one collateral asset, accounts beyond the market's totals, a duration that is not a whole number of steps.</exception>
    public static CometStressSimulation Create(CometStressScenario scenario, long pathIndex = 0)
    {
        Validate(scenario);
        if (pathIndex < 0)
        {
            ThrowHelper.OutOfRange(nameof(pathIndex), pathIndex, "must not be negative");
        }

        return new CometStressSimulation(scenario, SeededRandom.ForPath(scenario.Seed, pathIndex));
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
    public static CometMonteCarloResult RunMonteCarlo(CometStressScenario scenario, MonteCarloOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        Validate(scenario);
        CometStressResult[] paths = MonteCarloRunner.RunPaths(
            scenario.Seed,
            options,
            (index, random, token) => new CometStressSimulation(scenario, random).Run(token) with { PathIndex = index },
            cancellationToken);
        return new CometMonteCarloResult(scenario.Seed, paths);
    }

    /// <summary>Runs every remaining step.</summary>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>The totals (path 0).</returns>
    public CometStressResult Run(CancellationToken cancellationToken = default)
    {
        while (StepsRun < TotalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _ = NextStep();
        }

        return new CometStressResult(
            0, _absorptions, Base(_debtAbsorbed), Collateral(_seized), Base(_shortfall), Collateral(_sold), Base(_baseFromSales),
            Base(CometLiquidation.GetReserves(Market)), Base(_minReserves));
    }

    /// <summary>Runs the next step.</summary>
    /// <returns>The step's figures.</returns>
    /// <exception cref="InvalidOperationException">The run is complete.</exception>
    public CometStressStep NextStep()
    {
        if (StepsRun >= TotalSteps)
        {
            throw new InvalidOperationException("The stress run has run all of its steps.");
        }

        long step = StepsRun + 1;
        TimeSpan offset = _scenario.Step * StepsRun;
        _price = Math.Max(s_minPrice, Math.Round(_scenario.CollateralPrice.Next(_price, offset, _scenario.Step, _random), 8, MidpointRounding.ToEven));
        Market = Market with { Assets = [Market.Assets[0] with { Price = CometDecimal.Price(_price) }] };

        // absorb(absorber, accounts): every liquidatable account in one call, in scenario order.
        var liquidatable = new List<int>();
        for (int i = 0; i < _accounts.Length; i++)
        {
            if (CometLiquidation.IsLiquidatable(Market, _accounts[i]))
            {
                liquidatable.Add(i);
            }
        }

        var absorptions = ImmutableArray.CreateBuilder<CometStressAbsorption>(liquidatable.Count);
        UInt256 debt = UInt256.Zero, seized = UInt256.Zero, shortfall = UInt256.Zero;
        if (liquidatable.Count > 0)
        {
            CometAbsorbResult absorbed = CometLiquidation.Absorb(Market, liquidatable.Select(i => _accounts[i]));
            Market = absorbed.Market;
            for (int k = 0; k < liquidatable.Count; k++)
            {
                CometAbsorption a = absorbed.Absorptions[k];
                _accounts[liquidatable[k]] = absorbed.Accounts[k];
                absorptions.Add(new CometStressAbsorption(step, liquidatable[k], a));
                debt += a.DebtAbsorbed;
                shortfall += a.Shortfall;
                foreach (CometSeizedCollateral c in a.Seized)
                {
                    seized += c.Amount;
                }
            }
        }

        // The stress on the reserves is deepest between the absorptions and the sale that refills them.
        _minReserves = BigInteger.Min(_minReserves, CometLiquidation.GetReserves(Market));
        CometStressSale? sale = Buy(step);
        StepsRun = step;
        _absorptions += liquidatable.Count;
        _debtAbsorbed += debt;
        _seized += seized;
        _shortfall += shortfall;
        if (sale is { } s)
        {
            _sold += s.CollateralAmount;
            _baseFromSales += s.BaseAmount;
        }

        BigInteger reserves = CometLiquidation.GetReserves(Market);
        int borrowers = 0;
        foreach (CometAccount account in _accounts)
        {
            borrowers += account.Principal.Sign < 0 ? 1 : 0;
        }

        return new CometStressStep
        {
            Index = step,
            Price = _price,
            Absorbed = liquidatable.Count,
            DebtAbsorbed = Base(debt),
            CollateralSeized = Collateral(seized),
            Shortfall = Base(shortfall),
            CollateralSold = sale is { } bought ? Collateral(bought.CollateralAmount) : 0m,
            BaseFromSales = sale is { } paid ? Base(paid.BaseAmount) : 0m,
            Reserves = Base(reserves),
            CollateralReserves = Collateral(CometLiquidation.GetCollateralReserves(Market, _asset)),
            Borrowers = borrowers,
            Absorptions = absorptions.MoveToImmutable(),
            Sale = sale,
        };
    }

    /// <summary>One buyCollateral for all the collateral reserves, when Comet sells and the base amount is not zero.</summary>
    private CometStressSale? Buy(long step)
    {
        UInt256 held = CometLiquidation.GetCollateralReserves(Market, _asset);
        if (held.IsZero)
        {
            return null;
        }

        // The inverse of quoteCollateral, floor: quoteCollateral(baseAmount) ≤ held.
        CometAssetConfig config = Market.Assets[0];
        UInt256 one = ExponentialNoError.ExpScale;
        UInt256 discountFactor = CometLiquidation.MulFactor(Market.StoreFrontPriceFactor, one - config.LiquidationFactor);
        UInt256 assetPriceDiscounted = CometLiquidation.MulFactor(config.Price, one - discountFactor);
        UInt256 baseAmount = held * assetPriceDiscounted * Market.BaseScale / (Market.BasePrice * config.Scale);
        if (baseAmount.IsZero)
        {
            return null;
        }

        CometBuyCollateralResult bought = CometLiquidation.BuyCollateral(Market, _asset, UInt256.Zero, baseAmount);
        if (!bought.Succeeded)
        {
            return null;
        }

        Market = bought.Market;
        return new CometStressSale(step, bought.BaseAmount, bought.CollateralAmount, bought.ReservesBefore);
    }

    private decimal Base(UInt256 units) => units.ToDecimal(Market.BaseDecimals, MidpointRounding.ToZero);

    private decimal Base(BigInteger units) => units.Sign < 0 ? -Base((UInt256)(-units)) : Base((UInt256)units);

    private decimal Collateral(UInt256 units) => units.ToDecimal(_assetDecimals, MidpointRounding.ToZero);

    private static void Validate(CometStressScenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(s.Market, "scenario.Market");
        ArgumentNullException.ThrowIfNull(s.CollateralPrice, "scenario.CollateralPrice");
        if (s.Accounts.IsDefaultOrEmpty)
        {
            throw new ArgumentException("scenario.Accounts must hold at least one account; got none.", "scenario.Accounts");
        }

        if (s.Market.Assets.Length != 1)
        {
            ThrowHelper.Argument("scenario.Market", s.Market.Assets.Length, "must have exactly one collateral asset (the one the price path moves)");
        }

        string asset = s.Market.Assets[0].Asset;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        BigInteger borrowed = 0, supplied = 0;
        UInt256 collateral = UInt256.Zero;
        foreach (CometAccount a in s.Accounts)
        {
            if (a is null)
            {
                ThrowHelper.Argument("scenario.Accounts", null, "must not contain null accounts");
            }

            if (!ids.Add(a.Id))
            {
                ThrowHelper.Argument("scenario.Accounts", a.Id, "must list each account id once");
            }

            foreach (CometCollateralBalance b in a.Collateral)
            {
                if (!string.Equals(b.Asset, asset, StringComparison.Ordinal))
                {
                    ThrowHelper.Argument("scenario.Accounts", b.Asset, "must hold only the market's collateral asset " + asset);
                }

                collateral += b.Balance;
            }

            if (a.Principal.Sign < 0)
            {
                borrowed -= a.Principal;
            }
            else
            {
                supplied += a.Principal;
            }
        }

        if (borrowed > (BigInteger)s.Market.TotalBorrowBase || supplied > (BigInteger)s.Market.TotalSupplyBase)
        {
            ThrowHelper.Argument("scenario.Accounts", borrowed, "principals add up to more than the market's totalBorrowBase or totalSupplyBase");
        }

        if (collateral > s.Market.GetCollateralTotals(asset).TotalSupplyAsset)
        {
            ThrowHelper.Argument("scenario.Accounts", collateral, "collateral adds up to more than the market's totalSupplyAsset of " + asset);
        }

        if (s.Step <= TimeSpan.Zero || s.Duration <= TimeSpan.Zero || s.Duration.Ticks % s.Step.Ticks != 0)
        {
            ThrowHelper.OutOfRange("scenario.Duration", s.Duration, string.Create(CultureInfo.InvariantCulture, $"must be a positive whole multiple of the step {s.Step}"));
        }
    }
}

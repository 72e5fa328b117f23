using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// An auction stress scenario over one ilk: vaults, a feed price path, the Dog and Clipper, and competing keepers.
/// </summary>
/// <remarks>
/// Each step the Vat's spot is <c>rdiv(feed, Mat)</c> (the Spotter with <c>par</c> = 1 ray). Without a
/// <see cref="Pool"/> the keepers' market price is the feed; with one it is the pool's spot price, and keepers sell
/// what they buy into it at once. Immutable.
/// </remarks>
public sealed record AuctionSimulationScenario
{
    /// <summary>The Dog, knowing the Clipper's ilk.</summary>
    public required Dog Dog { get; init; }

    /// <summary>The ilk's Clipper.</summary>
    public required Clipper Clipper { get; init; }

    /// <summary>The Vat's rate and dust (its spot is recomputed every step).</summary>
    public required VatIlk Vat { get; init; }

    /// <summary>Liquidation ratio (ray), e.g. 1.5 ray for 150%.</summary>
    public required UInt256 Mat { get; init; }

    /// <summary>The vaults, with distinct owners.</summary>
    public required ImmutableArray<MakerVault> Vaults { get; init; }

    /// <summary>The feed price process (DAI per unit of collateral), stepped every <see cref="StepSeconds"/>.</summary>
    public required IPriceProcess PriceProcess { get; init; }

    /// <summary>The feed price at time 0, greater than zero.</summary>
    public required decimal StartPrice { get; init; }

    /// <summary>Seconds per step, not zero.</summary>
    public required ulong StepSeconds { get; init; }

    /// <summary>Number of steps (the first at time 0), at least 1.</summary>
    public required int Steps { get; init; }

    /// <summary>The competing keepers, with distinct names (zero or more).</summary>
    public required ImmutableArray<AuctionKeeper> Keepers { get; init; }

    /// <summary>Optional DEX (collateral as base, DAI wad as quote) whose spot price is the market price keepers see.</summary>
    /// <value>Null (the default): the market price is the feed and keepers keep the collateral they buy.</value>
    public ConstantProductPool? Pool { get; init; }

    /// <summary>Seed of the run: path i of a Monte Carlo draws from (seed, i).</summary>
    /// <value>0 by default.</value>
    public ulong Seed { get; init; }

    /// <summary>The address that barks and redoes (and is paid the Clipper's incentives).</summary>
    /// <value>"barker".</value>
    public string Barker { get; init; } = "barker";
}

/// <summary>One step of an <see cref="AuctionSimulation"/> timeline.</summary>
/// <param name="Time">Seconds from the start.</param>
/// <param name="Feed">Feed price (ray).</param>
/// <param name="Market">Market price keepers saw at the start of their turn (ray).</param>
/// <param name="Barks">Vaults barked this step.</param>
/// <param name="Redos">Auctions reset this step.</param>
/// <param name="Takes">Takes this step.</param>
/// <param name="RunningAuctions">Auctions running at the end of the step.</param>
/// <param name="DaiRaised">DAI raised so far (rad).</param>
/// <param name="Dirt">The Dog's <c>Dirt</c> at the end of the step (rad).</param>
public readonly record struct AuctionStep(
    ulong Time, UInt256 Feed, UInt256 Market, int Barks, int Redos, int Takes, int RunningAuctions, UInt256 DaiRaised, UInt256 Dirt);

/// <summary>When a finished auction was kicked and when it ended.</summary>
/// <param name="Id">The auction.</param>
/// <param name="Kicked">Kick time (seconds).</param>
/// <param name="Ended">Time of the take that ended it (seconds).</param>
public readonly record struct AuctionDuration(ulong Id, ulong Kicked, ulong Ended)
{
    /// <summary>Seconds from kick to end.</summary>
    public ulong Seconds => Ended - Kicked;
}

/// <summary>The headline numbers of an <see cref="AuctionSimulation"/> run (a Monte Carlo path's result).</summary>
public sealed record AuctionRunResult : IMonteCarloPathResult
{
    /// <summary>The Monte Carlo path; 0 for a single <see cref="AuctionSimulation.Run"/>.</summary>
    public required long PathIndex { get; init; }

    /// <summary>Sum of kicked tabs (rad).</summary>
    public required UInt256 TabTotal { get; init; }

    /// <summary>Sum of takes' <c>owe</c> (rad); never more than <see cref="TabTotal"/>.</summary>
    public required UInt256 DaiRaised { get; init; }

    /// <summary>Tab left unraised when a lot ran out (rad).</summary>
    public required UInt256 TabWrittenOff { get; init; }

    /// <summary>Tab of auctions still running at the end (rad).</summary>
    public required UInt256 TabRemaining { get; init; }

    /// <summary>Sum of kicked lots (wad).</summary>
    public required UInt256 LotTotal { get; init; }

    /// <summary>Sum of take slices (wad).</summary>
    public required UInt256 CollateralSold { get; init; }

    /// <summary>Collateral returned to vaults (wad).</summary>
    public required UInt256 CollateralReturned { get; init; }

    /// <summary>Collateral in auctions still running at the end (wad).</summary>
    public required UInt256 LotRemaining { get; init; }

    /// <summary>Kick and redo incentives paid by the Vow (rad).</summary>
    public required UInt256 Incentives { get; init; }

    /// <summary>Auctions kicked.</summary>
    public required int Auctions { get; init; }

    /// <summary>Takes.</summary>
    public required int Takes { get; init; }

    /// <summary><c>DaiRaised ÷ TabTotal</c> (1 when nothing was kicked), to 27 decimals, rounded down.</summary>
    public required decimal RecoveryRate { get; init; }

    /// <summary><c>TabWrittenOff + TabRemaining</c> in DAI, rounded down.</summary>
    public required decimal BadDebt { get; init; }

    /// <summary>Sum of the keepers' <see cref="AuctionKeeperState.Profit"/> (DAI).</summary>
    public required decimal KeeperProfit { get; init; }

    /// <summary>Volume-weighted take price ÷ market price, <c>Σ owe ÷ Σ slice·market</c> (0 with no takes), rounded down.</summary>
    public required decimal AverageTakeToMarket { get; init; }

    /// <summary>Mean kick-to-end seconds of finished auctions (0 when none finished).</summary>
    public required decimal MeanDurationSeconds { get; init; }
}

/// <summary>The end state, log and outcome of an <see cref="AuctionSimulation"/> run.</summary>
/// <param name="Dog">The Dog at the end.</param>
/// <param name="Clipper">The Clipper at the end (auctions still running, if any).</param>
/// <param name="Vaults">The vaults at the end, in the scenario's order.</param>
/// <param name="Keepers">The keepers at the end, in the scenario's order.</param>
/// <param name="Pool">The pool at the end, if any.</param>
/// <param name="Events">Every event with a global sequence number: barks, kicks, redos, takes and keeper pool sales.</param>
/// <param name="Timeline">One entry per step.</param>
/// <param name="Durations">Finished auctions, in the order they ended.</param>
/// <param name="Outcome">The headline numbers.</param>
public sealed record AuctionSimulationResult(
    Dog Dog, Clipper Clipper, ImmutableArray<MakerVault> Vaults, ImmutableArray<AuctionKeeperState> Keepers, ConstantProductPool? Pool,
    ImmutableArray<MakerLoggedEvent> Events, ImmutableArray<AuctionStep> Timeline, ImmutableArray<AuctionDuration> Durations, AuctionRunResult Outcome);

/// <summary>
/// Liquidation 2.0 under stress: a vault population, a feed price path, the Dog and Clipper stepped through time, and
/// competing <see cref="AuctionKeeper"/>s.
/// </summary>
/// <remarks>
/// Each step, in this order: the feed price is read (step 0 is <see cref="AuctionSimulationScenario.StartPrice"/>, each later
/// one is the process's next price); every unsafe vault is barked and kicked in vault order
/// (<see cref="MakerLiquidation.BarkAndKick"/>); every auction that needs it is reset (id order); then the keepers act
/// in an order shuffled from the path's generator (<see cref="AuctionKeeper.Order"/>), each going through the running
/// auctions in id order. Barks, resets, takes and their bookkeeping run on the same loop as <see cref="MakerKeeperRun"/>;
/// which vaults may be barked is the <see cref="Dog"/>'s answer (<see cref="Dog.IsUnsafe"/>, <see cref="Dog.HasRoom"/>,
/// <see cref="Dog.CheckBark"/>). The generator draws the price step first, then the keeper order. Deterministic: the same
/// scenario and generator seed give the same result on any machine and thread count. Kick and redo incentives
/// (<c>vat.suck(vow, kpr, coin)</c> in dss <c>clip.sol</c>, commit fa4f663) are counted in
/// <see cref="AuctionRunResult.Incentives"/> and paid at once into the capital of the keeper named
/// <see cref="AuctionSimulationScenario.Barker"/>, when there is one (<see cref="AuctionKeeperState.Incentives"/>), so it
/// can spend them in the same step. Thread safe (no shared state).
/// </remarks>
public static class AuctionSimulation
{
    /// <summary>Runs the scenario with the given generator.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="random">The path's generator (advanced by the run).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">A scenario value breaks the rule documented for it.</exception>
    public static AuctionSimulationResult Run(AuctionSimulationScenario scenario, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(random);
        var state = new RunState(scenario);
        return state.Run(random);
    }

    /// <summary>
    /// Monte Carlo: path <c>i</c> of <paramref name="options"/>' range runs the scenario with
    /// <see cref="SeededRandom.ForPath"/>(<see cref="AuctionSimulationScenario.Seed"/>, i), so the outcomes do not depend
    /// on the degree of parallelism, and shards of disjoint ranges merge into the whole.
    /// </summary>
    /// <param name="scenario">The scenario; its seed is the root seed.</param>
    /// <param name="options">The path range, the degree of parallelism and the progress reporter.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The outcomes in path order, each with its path index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A scenario value breaks its rule, or the path range passes <see cref="long.MaxValue"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static AuctionMonteCarloResult RunMonteCarlo(AuctionSimulationScenario scenario, MonteCarloOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        _ = new RunState(scenario);
        AuctionRunResult[] outcomes = MonteCarloRunner.RunPaths(
            scenario.Seed, options, (index, random, _) => Run(scenario, random).Outcome with { PathIndex = index }, cancellationToken);
        return new AuctionMonteCarloResult(scenario.Seed, outcomes);
    }

    /// <summary>
    /// Generates vaults named <c>vault0</c>, <c>vault1</c>, …: collateral drawn uniformly from
    /// [<paramref name="minInk"/>, <paramref name="maxInk"/>] and collateralisation (collateral value ÷ debt at
    /// <paramref name="price"/>) from [<paramref name="minCollateralisation"/>, <paramref name="maxCollateralisation"/>], both
    /// rounded down to 6 decimals; debt <c>ink·price ÷ collateralisation</c> rounded down to 6 decimals, and
    /// <c>art = debt·RAY ÷ rate</c> (wad, rounded down).
    /// </summary>
    /// <param name="count">Number of vaults, zero or more.</param>
    /// <param name="minInk">Least collateral, greater than zero.</param>
    /// <param name="maxInk">Most collateral, at least <paramref name="minInk"/>.</param>
    /// <param name="minCollateralisation">Least collateralisation, greater than zero (e.g. 1.5 for 150%).</param>
    /// <param name="maxCollateralisation">Most collateralisation, at least <paramref name="minCollateralisation"/>.</param>
    /// <param name="price">The price the collateralisation is measured at, greater than zero.</param>
    /// <param name="rate">The Vat's rate (ray), not zero.</param>
    /// <param name="random">The generator (two draws per vault).</param>
    /// <returns>The vaults.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A range or value breaks its rule.</exception>
    public static ImmutableArray<MakerVault> GenerateVaults(
        int count, decimal minInk, decimal maxInk, decimal minCollateralisation, decimal maxCollateralisation, decimal price, UInt256 rate, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 0)
        {
            ThrowHelper.OutOfRange(nameof(count), count, "must not be negative");
        }

        if (minInk <= 0m || maxInk < minInk)
        {
            ThrowHelper.OutOfRange(nameof(maxInk), maxInk, "must be at least minInk, which must be greater than zero");
        }

        if (minCollateralisation <= 0m || maxCollateralisation < minCollateralisation)
        {
            ThrowHelper.OutOfRange(nameof(maxCollateralisation), maxCollateralisation, "must be at least minCollateralisation, which must be greater than zero");
        }

        if (price <= 0m)
        {
            ThrowHelper.OutOfRange(nameof(price), price, "must be greater than zero");
        }

        if (rate.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(rate), rate, "must be greater than zero");
        }

        var vaults = ImmutableArray.CreateBuilder<MakerVault>(count);
        for (int i = 0; i < count; i++)
        {
            decimal ink = Math.Round(minInk + ((maxInk - minInk) * random.NextDecimalUnit()), 6, MidpointRounding.ToZero);
            decimal coll = Math.Round(minCollateralisation + ((maxCollateralisation - minCollateralisation) * random.NextDecimalUnit()), 6, MidpointRounding.ToZero);
            decimal debt = Math.Round(ink * price / coll, 6, MidpointRounding.ToZero);
            UInt256 art = FullMath.MulDiv(UInt256.FromDecimal(debt, 18), MakerMath.Ray, rate);
            vaults.Add(new MakerVault(string.Create(CultureInfo.InvariantCulture, $"vault{i}"), UInt256.FromDecimal(ink, 18), art));
        }

        return vaults.MoveToImmutable();
    }

    internal static decimal RatioRay(UInt256 numerator, UInt256 denominator) =>
        denominator.IsZero ? 0m : FullMath.MulDiv(numerator, MakerMath.Ray, denominator).ToDecimal(27, MidpointRounding.ToZero);

    internal static decimal RadToDai(UInt256 rad) => rad.ToDecimal(45, MidpointRounding.ToZero);

    private sealed class RunState
    {
        private readonly AuctionSimulationScenario _s;
        private readonly ImmutableArray<AuctionKeeper> _keepers;

        public RunState(AuctionSimulationScenario scenario)
        {
            _s = scenario;
            if (scenario.StepSeconds == 0)
            {
                ThrowHelper.OutOfRange(nameof(scenario), scenario.StepSeconds, "must have StepSeconds greater than zero");
            }

            if (scenario.Steps < 1)
            {
                ThrowHelper.OutOfRange(nameof(scenario), scenario.Steps, "must have at least one step");
            }

            if (scenario.StartPrice <= 0m)
            {
                ThrowHelper.OutOfRange(nameof(scenario), scenario.StartPrice, "must have StartPrice greater than zero");
            }

            ArgumentNullException.ThrowIfNull(scenario.PriceProcess, nameof(scenario));
            ArgumentNullException.ThrowIfNull(scenario.Dog, nameof(scenario));
            ArgumentNullException.ThrowIfNull(scenario.Clipper, nameof(scenario));
            if (string.IsNullOrEmpty(scenario.Barker))
            {
                ThrowHelper.Argument(nameof(scenario), scenario.Barker, "must have a non-empty Barker");
            }

            if (scenario.Vaults.IsDefault || scenario.Keepers.IsDefault)
            {
                ThrowHelper.Argument(nameof(scenario), null, "must have Vaults and Keepers arrays (possibly empty)");
            }

            MakerAuctionLoop.Validate(scenario.Dog, scenario.Clipper, scenario.Vaults, nameof(scenario));

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (AuctionKeeper keeper in scenario.Keepers)
            {
                ArgumentNullException.ThrowIfNull(keeper, nameof(scenario));
                keeper.Validate(nameof(scenario));
                if (!names.Add(keeper.Name))
                {
                    ThrowHelper.Argument(nameof(scenario), keeper.Name, "must have distinct keeper names");
                }
            }

            _keepers = scenario.Keepers;
        }

        public AuctionSimulationResult Run(SeededRandom random)
        {
            AuctionSimulationScenario s = _s;
            ConstantProductPool? pool = s.Pool;
            var loop = new MakerAuctionLoop(s.Dog, s.Clipper, s.Vaults, s.Barker);

            int keeperCount = _keepers.Length;
            UInt256[] capital = new UInt256[keeperCount];
            UInt256[] held = new UInt256[keeperCount];
            UInt256[] gas = new UInt256[keeperCount];
            UInt256[] gain = new UInt256[keeperCount];
            UInt256[] spent = new UInt256[keeperCount];
            UInt256[] paid = new UInt256[keeperCount];
            int[] takes = new int[keeperCount];
            int barker = -1;
            for (int k = 0; k < keeperCount; k++)
            {
                capital[k] = _keepers[k].Capital;
                if (string.Equals(_keepers[k].Name, s.Barker, StringComparison.Ordinal))
                {
                    barker = k;
                }
            }

            void Pay(UInt256 coin)
            {
                if (barker >= 0)
                {
                    capital[barker] += coin;
                    paid[barker] += coin;
                }
            }

            int[] order = new int[keeperCount];
            var timeline = ImmutableArray.CreateBuilder<AuctionStep>(s.Steps);
            UInt256 marketValue = default;
            var ids = new List<ulong>();
            var prices = new List<UInt256>();

            decimal price = s.StartPrice;
            for (int i = 0; i < s.Steps; i++)
            {
                ulong now = checked((ulong)i * s.StepSeconds);
                if (i > 0)
                {
                    var step = TimeSpan.FromTicks(checked((long)s.StepSeconds * TimeSpan.TicksPerSecond));
                    var before = TimeSpan.FromTicks(checked((long)(now - s.StepSeconds) * TimeSpan.TicksPerSecond));
                    price = s.PriceProcess.Next(price, before, step, random);
                }

                AuctionKeeper.Shuffle(order, random);
                UInt256 feed = UInt256.FromDecimal(price, 27, MidpointRounding.ToZero);
                IReadOnlyList<Kicked> kicks = loop.BarkAll(now, feed, s.Vat with { Spot = MakerMath.Rdiv(feed, s.Mat) });
                foreach (Kicked kicked in kicks)
                {
                    Pay(kicked.Coin);
                }

                int barks = kicks.Count;
                int redos = 0, stepTakes = 0;

                // Redo, then read each running auction's price once (it cannot change again this step).
                ids.Clear();
                prices.Clear();
                foreach (ulong id in loop.Clipper.Sales.Keys)
                {
                    ids.Add(id);
                }

                for (int a = 0; a < ids.Count; a++)
                {
                    ulong id = ids[a];
                    ClipperStatus status = loop.Clipper.Status(id, now);
                    if (status.NeedsRedo)
                    {
                        Redone? redone = loop.Redo(id, now, feed);
                        if (redone is null)
                        {
                            prices.Add(UInt256.Zero);
                            continue;
                        }

                        Pay(redone.Coin);
                        redos++;
                        status = loop.Clipper.Status(id, now);
                    }

                    prices.Add(status.NeedsRedo ? UInt256.Zero : status.Price);
                }

                UInt256 marketAtTurn = pool?.SpotPriceRay ?? feed;
                foreach (int k in order)
                {
                    if (capital[k] <= _keepers[k].GasCost || ids.Count == 0)
                    {
                        continue;
                    }

                    AuctionKeeper keeper = _keepers[k] with { Capital = capital[k] };
                    UInt256 market = pool?.SpotPriceRay ?? feed;
                    UInt256 limit = keeper.BidLimit(market);
                    for (int a = 0; a < ids.Count; a++)
                    {
                        UInt256 auctionPrice = prices[a];
                        if (auctionPrice.IsZero || auctionPrice > limit || !loop.Clipper.Sales.TryGetValue(ids[a], out ClipperSale sale))
                        {
                            continue;
                        }

                        UInt256 amt = keeper.Request(auctionPrice, market, sale.Lot);
                        if (amt.IsZero)
                        {
                            continue;
                        }

                        Taken? e = loop.Take(ids[a], amt, auctionPrice, keeper.Name, now, t => keeper.IsProfitable(t.Slice, t.Owe, market));
                        if (e is null)
                        {
                            continue;
                        }

                        stepTakes++;
                        takes[k]++;
                        marketValue += e.Slice * market;
                        capital[k] = capital[k] - e.Owe - keeper.GasCost;
                        gas[k] += keeper.GasCost;
                        spent[k] += e.Owe + keeper.GasCost;
                        if (pool is null)
                        {
                            held[k] += e.Slice;
                            gain[k] += e.Slice * market;
                        }
                        else if (!e.Slice.IsZero)
                        {
                            (UInt256 proceeds, ConstantProductPool after) = pool.Sell(e.Slice);
                            pool = after;
                            UInt256 proceedsRad = proceeds * MakerMath.Ray;
                            capital[k] += proceedsRad;
                            gain[k] += proceedsRad;
                            loop.Log(now, new KeeperSold(keeper.Name, e.Slice, proceeds, pool.SpotPriceRay));
                        }

                        keeper = keeper with { Capital = capital[k] };
                        market = pool?.SpotPriceRay ?? feed;
                        limit = keeper.BidLimit(market);
                    }
                }

                timeline.Add(new AuctionStep(now, feed, marketAtTurn, barks, redos, stepTakes, loop.Clipper.Sales.Count, loop.DaiRaised, loop.Dog.Dirt));
            }

            UInt256 tabRemaining = default, lotRemaining = default;
            foreach (ClipperSale sale in loop.Clipper.Sales.Values)
            {
                tabRemaining += sale.Tab;
                lotRemaining += sale.Lot;
            }

            var keepers = ImmutableArray.CreateBuilder<AuctionKeeperState>(keeperCount);
            decimal keeperProfit = 0m;
            for (int k = 0; k < keeperCount; k++)
            {
                decimal profit = gain[k] >= spent[k] ? RadToDai(gain[k] - spent[k]) : -RadToDai(spent[k] - gain[k]);
                keeperProfit += profit;
                keepers.Add(new AuctionKeeperState(_keepers[k].Name, capital[k], held[k], gas[k], takes[k], profit) { Incentives = paid[k] });
            }

            ImmutableArray<AuctionDuration> durations = loop.Durations;
            ulong durationSum = 0;
            foreach (AuctionDuration d in durations)
            {
                durationSum += d.Seconds;
            }

            var outcome = new AuctionRunResult
            {
                PathIndex = 0,
                TabTotal = loop.TabTotal,
                DaiRaised = loop.DaiRaised,
                TabWrittenOff = loop.TabWrittenOff,
                TabRemaining = tabRemaining,
                LotTotal = loop.LotTotal,
                CollateralSold = loop.CollateralSold,
                CollateralReturned = loop.CollateralReturned,
                LotRemaining = lotRemaining,
                Incentives = loop.Incentives,
                Auctions = loop.Auctions,
                Takes = loop.Takes,
                RecoveryRate = loop.TabTotal.IsZero ? 1m : RatioRay(loop.DaiRaised, loop.TabTotal),
                BadDebt = RadToDai(loop.TabWrittenOff + tabRemaining),
                KeeperProfit = keeperProfit,
                AverageTakeToMarket = RatioRay(loop.DaiRaised, marketValue),
                MeanDurationSeconds = durations.Length == 0 ? 0m : (decimal)durationSum / durations.Length,
            };
            return new AuctionSimulationResult(
                loop.Dog, loop.Clipper, loop.Vaults, keepers.MoveToImmutable(), pool, loop.Events, timeline.MoveToImmutable(), durations, outcome);
        }
    }
}

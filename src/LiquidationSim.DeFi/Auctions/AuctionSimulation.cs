using System.Collections.Immutable;
using System.Globalization;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.Simulation;

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
/// <param name="TabTotal">Sum of kicked tabs (rad).</param>
/// <param name="DaiRaised">Sum of takes' <c>owe</c> (rad); never more than <paramref name="TabTotal"/>.</param>
/// <param name="TabWrittenOff">Tab left unraised when a lot ran out (rad).</param>
/// <param name="TabRemaining">Tab of auctions still running at the end (rad).</param>
/// <param name="LotTotal">Sum of kicked lots (wad).</param>
/// <param name="CollateralSold">Sum of take slices (wad).</param>
/// <param name="CollateralReturned">Collateral returned to vaults (wad).</param>
/// <param name="LotRemaining">Collateral in auctions still running at the end (wad).</param>
/// <param name="Incentives">Kick and redo incentives paid by the Vow (rad).</param>
/// <param name="Auctions">Auctions kicked.</param>
/// <param name="Takes">Takes.</param>
/// <param name="RecoveryRate"><c>DaiRaised ÷ TabTotal</c> (1 when nothing was kicked), to 27 decimals, rounded down.</param>
/// <param name="BadDebt"><c>TabWrittenOff + TabRemaining</c> in DAI, rounded down.</param>
/// <param name="KeeperProfit">Sum of the keepers' <see cref="AuctionKeeperState.Profit"/> (DAI).</param>
/// <param name="AverageTakeToMarket">Volume-weighted take price ÷ market price, <c>Σ owe ÷ Σ slice·market</c> (0 with no takes), rounded down.</param>
/// <param name="MeanDurationSeconds">Mean kick-to-end seconds of finished auctions (0 when none finished).</param>
public sealed record AuctionOutcome(
    UInt256 TabTotal, UInt256 DaiRaised, UInt256 TabWrittenOff, UInt256 TabRemaining, UInt256 LotTotal, UInt256 CollateralSold,
    UInt256 CollateralReturned, UInt256 LotRemaining, UInt256 Incentives, int Auctions, int Takes, decimal RecoveryRate,
    decimal BadDebt, decimal KeeperProfit, decimal AverageTakeToMarket, decimal MeanDurationSeconds);

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
    ImmutableArray<MakerLoggedEvent> Events, ImmutableArray<AuctionStep> Timeline, ImmutableArray<AuctionDuration> Durations, AuctionOutcome Outcome);

/// <summary>
/// Liquidation 2.0 under stress: a vault population, a feed price path, the Dog and Clipper stepped through time, and
/// competing <see cref="AuctionKeeper"/>s.
/// </summary>
/// <remarks>
/// Each step, in this order: the feed price is read (step 0 is <see cref="AuctionSimulationScenario.StartPrice"/>, each later
/// one is the process's next price); every unsafe vault is barked and kicked in vault order
/// (<see cref="MakerLiquidation.BarkAndKick"/>); every auction that needs it is reset (id order); then the keepers act
/// in an order shuffled from the path's generator (<see cref="AuctionKeeper.Order"/>), each going through the running
/// auctions in id order. The generator draws the price step first, then the keeper order. Deterministic: the same
/// scenario and generator seed give the same result on any machine and thread count. Kick and redo incentives are
/// counted in <see cref="AuctionOutcome.Incentives"/>, not added to the keepers' capital. Thread safe (no shared state).
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
    /// Monte Carlo: path <c>i</c> runs the scenario with <see cref="SeededRandom.ForPath"/>(<paramref name="rootSeed"/>, i),
    /// so the outcomes do not depend on <paramref name="degreeOfParallelism"/>.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="rootSeed">The run's seed.</param>
    /// <param name="paths">Number of paths, at least 1.</param>
    /// <param name="degreeOfParallelism">Most paths at once, at least 1.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The outcomes in path order.</returns>
    /// <exception cref="ArgumentException">A scenario value breaks its rule, or a count is out of range.</exception>
    public static ImmutableArray<AuctionOutcome> RunMonteCarlo(
        AuctionSimulationScenario scenario, ulong rootSeed, int paths, int degreeOfParallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _ = new RunState(scenario);
        AuctionOutcome[] outcomes = MonteCarloRunner.RunPaths(
            rootSeed, 0, paths, degreeOfParallelism, (_, random, _) => Run(scenario, random).Outcome, cancellationToken: cancellationToken);
        return [.. outcomes];
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
        private readonly MakerVault[] _vaults;
        private readonly Dictionary<string, int> _byOwner;
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
            if (!scenario.Dog.Ilks.ContainsKey(scenario.Clipper.Config.Ilk))
            {
                ThrowHelper.Argument(nameof(scenario), scenario.Clipper.Config.Ilk, "must have a Dog that knows the Clipper's ilk");
            }

            if (string.IsNullOrEmpty(scenario.Barker))
            {
                ThrowHelper.Argument(nameof(scenario), scenario.Barker, "must have a non-empty Barker");
            }

            if (scenario.Vaults.IsDefault || scenario.Keepers.IsDefault)
            {
                ThrowHelper.Argument(nameof(scenario), null, "must have Vaults and Keepers arrays (possibly empty)");
            }

            _byOwner = new Dictionary<string, int>(StringComparer.Ordinal);
            _vaults = [.. scenario.Vaults];
            for (int j = 0; j < _vaults.Length; j++)
            {
                if (string.IsNullOrEmpty(_vaults[j].Owner) || !_byOwner.TryAdd(_vaults[j].Owner, j))
                {
                    ThrowHelper.Argument(nameof(scenario), _vaults[j].Owner, "must have distinct, non-empty vault owners");
                }
            }

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
            Dog dog = s.Dog;
            Clipper clipper = s.Clipper;
            ConstantProductPool? pool = s.Pool;
            string ilk = clipper.Config.Ilk;
            UInt256 rate = s.Vat.Rate;

            int keeperCount = _keepers.Length;
            UInt256[] capital = new UInt256[keeperCount];
            UInt256[] held = new UInt256[keeperCount];
            UInt256[] gas = new UInt256[keeperCount];
            UInt256[] gain = new UInt256[keeperCount];
            UInt256[] spent = new UInt256[keeperCount];
            int[] takes = new int[keeperCount];
            for (int k = 0; k < keeperCount; k++)
            {
                capital[k] = _keepers[k].Capital;
            }

            int[] order = new int[keeperCount];
            var log = ImmutableArray.CreateBuilder<MakerLoggedEvent>();
            var timeline = ImmutableArray.CreateBuilder<AuctionStep>(s.Steps);
            var durations = ImmutableArray.CreateBuilder<AuctionDuration>();
            var kickTimes = new Dictionary<ulong, ulong>();
            UInt256 tabTotal = default, raised = default, writtenOff = default, lotTotal = default, sold = default, returned = default, incentives = default, marketValue = default;
            int auctions = 0, takeCount = 0;
            void Log(ulong time, IMakerAuctionEvent e) => log.Add(new MakerLoggedEvent(log.Count, time, e));

            // Vaults with debt, ordered by liquidation threshold art/ink, highest first: the unsafe ones at any spot are a prefix.
            List<int> alive = [.. Enumerable.Range(0, _vaults.Length).Where(j => !_vaults[j].Art.IsZero)];
            Comparison<int> byThreshold = (a, b) =>
            {
                int c = (_vaults[b].Art * _vaults[a].Ink).CompareTo(_vaults[a].Art * _vaults[b].Ink);
                return c != 0 ? c : a.CompareTo(b);
            };
            alive.Sort(byThreshold);
            IComparer<int> thresholdComparer = Comparer<int>.Create(byThreshold);
            var unsafeSet = new SortedSet<int>();
            int unsafeCount = 0;
            long setVersion = 0;
            UInt256 idleDirt = UInt256.MaxValue, idleIlkDirt = UInt256.MaxValue;
            long idleVersion = -1;
            bool idleTopIsZero = false;
            var barked = new List<int>();

            // Takes vault j out of the threshold order (and the unsafe prefix, keeping unsafeSet = alive[0..unsafeCount)).
            void Unplace(int j)
            {
                int at = alive.IndexOf(j);
                alive.RemoveAt(at);
                if (at < unsafeCount)
                {
                    unsafeCount--;
                    unsafeSet.Remove(j);
                }

                setVersion++;
            }

            // Puts vault j back at its threshold's place; next step's prefix search decides whether it is unsafe.
            void Place(int j)
            {
                int at = alive.BinarySearch(j, thresholdComparer);
                at = at < 0 ? ~at : at;
                alive.Insert(at, j);
                if (at < unsafeCount)
                {
                    unsafeCount++;
                    unsafeSet.Add(j);
                }

                setVersion++;
            }

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
                UInt256 spot = MakerMath.Rdiv(feed, s.Mat);
                VatIlk vat = s.Vat with { Spot = spot };
                int barks = 0, redos = 0, stepTakes = 0;

                // Bark every unsafe vault in vault order while the Dog has room (a bark without room is refused anyway).
                // The unsafe vaults are the prefix alive[0..unsafeCount) (thresholds descending), mirrored by index in
                // unsafeSet. A pass that barked nothing is not repeated until the Dog's dirt, the unsafe set or the top
                // price's zeroness changes, since nothing else a refused bark reads can differ.
                int newCount = spot.IsZero ? 0 : UnsafePrefix(alive, spot, rate);
                while (unsafeCount < newCount)
                {
                    unsafeSet.Add(alive[unsafeCount++]);
                    setVersion++;
                }

                while (unsafeCount > newCount)
                {
                    unsafeSet.Remove(alive[--unsafeCount]);
                    setVersion++;
                }

                bool topIsZero = MakerMath.Rmul(feed, clipper.Config.Buf).IsZero;
                if (unsafeSet.Count > 0 && HasRoom(dog, ilk)
                    && !(idleDirt == dog.Dirt && idleIlkDirt == dog.Ilks[ilk].Dirt && idleVersion == setVersion && idleTopIsZero == topIsZero))
                {
                    barked.Clear();
                    UInt256 roomArt = RoomArt(dog, ilk, rate);
                    foreach (int j in unsafeSet)
                    {
                        if (!HasRoom(dog, ilk))
                        {
                            break;
                        }

                        // Dog.bark's own rule, checked without the call: a partial bark of roomArt would be dusty and
                        // the vault is too big to take whole, so it would be refused (dusty-auction-from-partial-liquidation).
                        MakerVault v = _vaults[j];
                        if (v.Art > roomArt && roomArt * rate < vat.Dust && (v.Art - roomArt) * rate >= vat.Dust)
                        {
                            continue;
                        }

                        BarkAndKickResult bk = MakerLiquidation.BarkAndKick(dog, clipper, vat, _vaults[j], s.Barker, now, feed);
                        if (bk.IsRefused)
                        {
                            continue;
                        }

                        (dog, clipper, _vaults[j]) = (bk.Dog, bk.Clipper, bk.Vault);
                        Log(now, bk.Barked!);
                        Log(now, bk.Kicked!);
                        barks++;
                        auctions++;
                        tabTotal += bk.Kicked!.Tab;
                        lotTotal += bk.Kicked.Lot;
                        incentives += bk.Kicked.Coin;
                        kickTimes[bk.Kicked.Id] = now;
                        barked.Add(j);
                        roomArt = HasRoom(dog, ilk) ? RoomArt(dog, ilk, rate) : UInt256.Zero;
                    }

                    if (barks == 0)
                    {
                        (idleDirt, idleIlkDirt, idleVersion, idleTopIsZero) = (dog.Dirt, dog.Ilks[ilk].Dirt, setVersion, topIsZero);
                    }

                    // Out first, then back in: Place's binary search needs every other vault at its current place.
                    foreach (int j in barked)
                    {
                        Unplace(j);
                    }

                    foreach (int j in barked)
                    {
                        if (!_vaults[j].Art.IsZero)
                        {
                            Place(j);
                        }
                    }
                }

                // Redo, then read each running auction's price once (it cannot change again this step).
                ids.Clear();
                prices.Clear();
                foreach (ulong id in clipper.Sales.Keys)
                {
                    ids.Add(id);
                }

                for (int a = 0; a < ids.Count; a++)
                {
                    ulong id = ids[a];
                    ClipperStatus status = clipper.Status(id, now);
                    if (status.NeedsRedo)
                    {
                        RedoResult redo = clipper.Redo(id, s.Barker, now, feed);
                        if (redo.IsRefused)
                        {
                            prices.Add(UInt256.Zero);
                            continue;
                        }

                        clipper = redo.Clipper;
                        Log(now, redo.Event!);
                        incentives += redo.Event!.Coin;
                        redos++;
                        status = clipper.Status(id, now);
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
                        if (auctionPrice.IsZero || auctionPrice > limit || !clipper.Sales.TryGetValue(ids[a], out ClipperSale sale))
                        {
                            continue;
                        }

                        UInt256 amt = keeper.Request(auctionPrice, market, sale.Lot);
                        if (amt.IsZero)
                        {
                            continue;
                        }

                        TakeResult take = clipper.Take(dog, ids[a], amt, auctionPrice, keeper.Name, now);
                        if (take.IsRefused || !keeper.IsProfitable(take.Event!.Slice, take.Event.Owe, market))
                        {
                            continue;
                        }

                        (clipper, dog) = (take.Clipper, take.Dog);
                        Taken e = take.Event!;
                        Log(now, e);
                        stepTakes++;
                        takeCount++;
                        takes[k]++;
                        raised += e.Owe;
                        sold += e.Slice;
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
                            Log(now, new KeeperSold(keeper.Name, e.Slice, proceeds, pool.SpotPriceRay));
                        }

                        keeper = keeper with { Capital = capital[k] };
                        market = pool?.SpotPriceRay ?? feed;
                        limit = keeper.BidLimit(market);
                        if (!e.ReturnedToUsr.IsZero)
                        {
                            returned += e.ReturnedToUsr;
                            int owner = _byOwner[e.Usr];
                            _vaults[owner] = _vaults[owner] with { Ink = _vaults[owner].Ink + e.ReturnedToUsr };
                            if (!_vaults[owner].Art.IsZero)
                            {
                                // A partly liquidated vault got collateral back: its threshold moved, so re-place it.
                                Unplace(owner);
                                Place(owner);
                            }
                        }

                        if (e.Finished)
                        {
                            if (e.ReturnedToUsr.IsZero)
                            {
                                writtenOff += e.Tab;
                            }

                            durations.Add(new AuctionDuration(e.Id, kickTimes[e.Id], now));
                            kickTimes.Remove(e.Id);
                        }
                    }
                }

                timeline.Add(new AuctionStep(now, feed, marketAtTurn, barks, redos, stepTakes, clipper.Sales.Count, raised, dog.Dirt));
            }

            UInt256 tabRemaining = default, lotRemaining = default;
            foreach (ClipperSale sale in clipper.Sales.Values)
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
                keepers.Add(new AuctionKeeperState(_keepers[k].Name, capital[k], held[k], gas[k], takes[k], profit));
            }

            ulong durationSum = 0;
            foreach (AuctionDuration d in durations)
            {
                durationSum += d.Seconds;
            }

            var outcome = new AuctionOutcome(
                tabTotal, raised, writtenOff, tabRemaining, lotTotal, sold, returned, lotRemaining, incentives, auctions, takeCount,
                tabTotal.IsZero ? 1m : RatioRay(raised, tabTotal),
                RadToDai(writtenOff + tabRemaining),
                keeperProfit,
                RatioRay(raised, marketValue),
                durations.Count == 0 ? 0m : (decimal)durationSum / durations.Count);
            return new AuctionSimulationResult(
                dog, clipper, [.. _vaults], keepers.MoveToImmutable(), pool, log.ToImmutable(), timeline.MoveToImmutable(), durations.ToImmutable(), outcome);
        }

        private int UnsafePrefix(List<int> alive, UInt256 spot, UInt256 rate)
        {
            int lo = 0, hi = alive.Count;
            while (lo < hi)
            {
                int mid = lo + ((hi - lo) / 2);
                MakerVault v = _vaults[alive[mid]];
                if (v.Ink * spot < v.Art * rate)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        // dss dog.sol: room·WAD / rate / chop, the most art one bark may take (only called while there is room).
        private static UInt256 RoomArt(Dog dog, string ilk, UInt256 rate)
        {
            DogIlk i = dog.Ilks[ilk];
            UInt256 room = UInt256.Min(dog.Hole - dog.Dirt, i.Hole - i.Dirt);
            return room * MakerMath.Wad / rate / i.Chop;
        }

        private static bool HasRoom(Dog dog, string ilk)
        {
            DogIlk i = dog.Ilks[ilk];
            return dog.Hole > dog.Dirt && i.Hole > i.Dirt;
        }
    }
}

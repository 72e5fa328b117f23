using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>A Clipper's governance parameters (dss <c>clip.sol</c>, set there with <c>file</c>).</summary>
/// <param name="Ilk">The collateral type; its Dog ilk is dug on take and yank.</param>
/// <param name="Calc">The price curve.</param>
/// <param name="Buf">Starting price multiplier over the feed price (ray), e.g. 1.3 ray.</param>
/// <param name="Tail">Maximum seconds before an auction needs a reset.</param>
/// <param name="Cusp">Lowest <c>price/top</c> (ray) before an auction needs a reset.</param>
/// <param name="Chip">Keeper incentive as a fraction of the tab (wad), e.g. 0.001 wad = 0.1%.</param>
/// <param name="Tip">Flat keeper incentive (rad).</param>
/// <param name="Chost">Cached <c>wmul(dust, chop)</c> (rad): the least tab a partial take may leave.</param>
public sealed record ClipperConfig(
    string Ilk, IAuctionPriceCurve Calc, UInt256 Buf, ulong Tail, UInt256 Cusp, UInt256 Chip, UInt256 Tip, UInt256 Chost)
{
    /// <summary><c>upchost</c>: the Clipper's <c>chost = wmul(dust, chop)</c>.</summary>
    /// <param name="dust">The Vat's ilk dust (rad).</param>
    /// <param name="chop">The Dog's ilk chop (wad).</param>
    /// <returns>The chost (rad).</returns>
    public static UInt256 ChostOf(UInt256 dust, UInt256 chop) => MakerMath.Wmul(dust, chop);
}

/// <summary>
/// MakerDAO's Liquidation 2.0 <c>Clipper</c> (makerdao/dss commit fa4f663, <c>src/clip.sol</c>): Dutch auctions of
/// liquidated collateral, one Clipper per ilk. Prices fall along <see cref="ClipperConfig.Calc"/>; keepers buy
/// (<see cref="Take"/>) at the current price, reset stale auctions (<see cref="Redo"/>) and are paid incentives.
/// </summary>
/// <remarks>
/// Immutable; each transition returns a new Clipper (and Dog, when DAI leaves the Dog's <c>Dirt</c>) with an event.
/// Protocol reverts a keeper can meet in normal play (circuit breaker, needs-reset, too-expensive,
/// no-partial-purchase, cannot-reset) are typed refusals (<see cref="MakerRefusal"/>) with the state unchanged; bad
/// arguments (unknown or finished auction id, zero amount, empty address, time before the auction's start) throw
/// <see cref="ArgumentException"/> naming the parameter and value. Time is the caller's <c>now</c> in seconds; the
/// feed price is the caller's <c>getFeedPrice()</c> (ray), i.e. <c>rdiv(val·1e9, par)</c>. Thread safe.
/// The circuit breaker <see cref="Stopped"/> (<see cref="ClipperBreaker"/>): level 1 stops kicks, 2 also redos, 3 also takes (yank is never stopped).
/// </remarks>
public sealed partial record Clipper
{
    private static readonly UInt256 s_two64 = (UInt256)ulong.MaxValue + UInt256.One;
    private static readonly UInt256 s_two192 = s_two64 * s_two64 * s_two64;

    /// <summary>Creates a Clipper with no auctions and the breaker off.</summary>
    /// <param name="config">The parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> or its curve is null.</exception>
    /// <exception cref="ArgumentException">The ilk name is empty.</exception>
    public Clipper(ClipperConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(config.Calc, nameof(config));
        if (string.IsNullOrEmpty(config.Ilk))
        {
            ThrowHelper.Argument(nameof(config), config.Ilk, "must name a non-empty ilk");
        }

        Config = config;
        Sales = ImmutableSortedDictionary<ulong, ClipperSale>.Empty;
        Active = ImmutableList<ulong>.Empty;
    }

    /// <summary>The parameters.</summary>
    public ClipperConfig Config { get; private init; }

    /// <summary>The circuit breaker level (dss <c>stopped</c>, 0 to 3).</summary>
    public ClipperBreaker Stopped { get; private init; }

    /// <summary>Number of auctions ever kicked; the last id (dss <c>kicks</c>).</summary>
    public ulong Kicks { get; private init; }

    /// <summary>Running auctions by id (dss <c>sales</c>).</summary>
    public ImmutableSortedDictionary<ulong, ClipperSale> Sales { get; private init; }

    /// <summary>
    /// The running auction ids in the contract's own order (dss <c>active</c>, read with <c>list()</c> and
    /// <c>count()</c>): a kick appends, and a finished or yanked auction is replaced by the last entry, whose
    /// <see cref="ClipperSale.Pos"/> then changes (dss <c>clip.sol</c> <c>_remove</c>, commit fa4f663).
    /// </summary>
    public ImmutableList<ulong> Active { get; private init; }

    /// <summary>Returns this Clipper with the breaker at <paramref name="level"/>.</summary>
    /// <param name="level">The breaker level.</param>
    /// <returns>The new Clipper.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not one of the four levels.</exception>
    public Clipper WithStopped(ClipperBreaker level)
    {
        if (level is < ClipperBreaker.None or > ClipperBreaker.NoKickRedoOrTake)
        {
            ThrowHelper.OutOfRange(nameof(level), level, "must be None, NoKick, NoKickOrRedo or NoKickRedoOrTake (stopped 0 to 3)");
        }

        return this with { Stopped = level };
    }

    /// <summary>Returns this Clipper with new parameters (e.g. after <c>upchost</c>); running auctions are kept.</summary>
    /// <param name="config">The parameters, for the same ilk.</param>
    /// <returns>The new Clipper.</returns>
    /// <exception cref="ArgumentException">The ilk differs.</exception>
    public Clipper WithConfig(ClipperConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(config.Calc, nameof(config));
        if (!string.Equals(config.Ilk, Config.Ilk, StringComparison.Ordinal))
        {
            ThrowHelper.Argument(nameof(config), config.Ilk, "must keep the Clipper's ilk");
        }

        return this with { Config = config };
    }

    /// <summary>
    /// <c>file(what, data)</c> for the numeric parameters, as dss <c>clip.sol</c> (commit fa4f663) stores them:
    /// <c>"buf"</c>, <c>"tail"</c> and <c>"cusp"</c> as given; <c>"chip"</c> narrowed to its uint64 slot and
    /// <c>"tip"</c> to its uint192 slot (Solidity's narrowing cast keeps the low bits, so 2^64 files a chip of 0,
    /// dss <c>test_incentive_max_values</c>); <c>"stopped"</c> sets the breaker. <c>chost</c> is not recomputed
    /// (the contract does that in <c>upchost</c>; use <see cref="WithConfig"/>).
    /// </summary>
    /// <param name="what">One of buf, tail, cusp, chip, tip, stopped.</param>
    /// <param name="data">The value in the parameter's unit (ray for buf and cusp, seconds for tail, wad for chip, rad for tip, 0–3 for stopped).</param>
    /// <returns>The new Clipper; running auctions are kept.</returns>
    /// <exception cref="ArgumentException"><paramref name="what"/> is not one of those names (<c>Clipper/file-unrecognized-param</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="data"/> for tail exceeds 2^64 − 1 seconds, or for stopped is above 3 (this model's limits; the contract's breaker treats any level ≥ 3 as 3).</exception>
    public Clipper File(string what, UInt256 data)
    {
        switch (what)
        {
            case "buf":
                return this with { Config = Config with { Buf = data } };
            case "tail":
                if (data > ulong.MaxValue)
                {
                    ThrowHelper.OutOfRange(nameof(data), data, "must fit in 64 bits for tail (seconds)");
                }

                return this with { Config = Config with { Tail = (ulong)data } };
            case "cusp":
                return this with { Config = Config with { Cusp = data } };
            case "chip":
                return this with { Config = Config with { Chip = data % s_two64 } };
            case "tip":
                return this with { Config = Config with { Tip = data % s_two192 } };
            case "stopped":
                if (data > 3UL)
                {
                    ThrowHelper.OutOfRange(nameof(data), data, "must be 0, 1, 2 or 3 for stopped");
                }

                return WithStopped((ClipperBreaker)(int)(ulong)data);
            default:
                ThrowHelper.Argument(nameof(what), what, "must be buf, tail, cusp, chip, tip or stopped (Clipper/file-unrecognized-param)");
                return this;
        }
    }

    /// <summary><c>kick</c> with the inputs of a <see cref="Barked"/> event (the call <c>Dog.bark</c> makes).</summary>
    /// <param name="barked">The bark.</param>
    /// <param name="now">The time (seconds).</param>
    /// <param name="feedPrice">The feed price (ray).</param>
    /// <returns>See <see cref="Kick(UInt256, UInt256, string, string, ulong, UInt256)"/>.</returns>
    public KickResult Kick(Barked barked, ulong now, UInt256 feedPrice)
    {
        ArgumentNullException.ThrowIfNull(barked);
        return Kick(barked.Tab, barked.Lot, barked.Owner, barked.Keeper, now, feedPrice);
    }

    /// <summary>
    /// <c>kick</c>: starts an auction with <c>top = rmul(feedPrice, buf)</c> and pays the keeper
    /// <c>coin = tip + wmul(tab, chip)</c> when either is set.
    /// </summary>
    /// <param name="tab">DAI to raise (rad), not zero.</param>
    /// <param name="lot">Collateral to sell (wad), not zero.</param>
    /// <param name="usr">The liquidated vault, not empty.</param>
    /// <param name="kpr">The keeper, not empty.</param>
    /// <param name="now">The time (seconds).</param>
    /// <param name="feedPrice">The feed price (ray).</param>
    /// <returns>The new Clipper and <see cref="Kicked"/>, or a refusal (<see cref="MakerRefusal.Stopped"/> at level ≥ 1, <see cref="MakerRefusal.ZeroTopPrice"/>).</returns>
    /// <exception cref="ArgumentException">Zero tab or lot, or an empty address.</exception>
    public KickResult Kick(UInt256 tab, UInt256 lot, string usr, string kpr, ulong now, UInt256 feedPrice)
    {
        if (tab.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(tab), tab, "must be greater than zero (Clipper/zero-tab)");
        }

        if (lot.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(lot), lot, "must be greater than zero (Clipper/zero-lot)");
        }

        RequireAddress(usr, nameof(usr));
        RequireAddress(kpr, nameof(kpr));
        if (Stopped >= ClipperBreaker.NoKick)
        {
            return new KickResult(this, null, MakerRefusal.Stopped);
        }

        UInt256 top = MakerMath.Rmul(feedPrice, Config.Buf);
        if (top.IsZero)
        {
            return new KickResult(this, null, MakerRefusal.ZeroTopPrice);
        }

        UInt256 coin = Incentive(tab);
        ulong id = checked(Kicks + 1);
        var sale = new ClipperSale(id, tab, lot, usr, now, top) { Pos = (ulong)Active.Count };
        Clipper next = this with { Kicks = id, Sales = Sales.Add(id, sale), Active = Active.Add(id) };
        return new KickResult(next, new Kicked(id, top, tab, lot, usr, kpr, coin, now), MakerRefusal.None);
    }

    /// <summary><c>getStatus</c>: whether the auction needs a reset and its current price.</summary>
    /// <param name="id">A running auction.</param>
    /// <param name="now">The time (seconds), not before the auction's <c>tic</c>.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentException">Unknown or finished auction, or <paramref name="now"/> before its start.</exception>
    public ClipperStatus Status(ulong id, ulong now)
    {
        ClipperSale sale = GetSale(id);
        (bool done, UInt256 price) = StatusOf(sale, now);
        return new ClipperStatus(done, price, sale.Lot, sale.Tab);
    }

    /// <summary>
    /// <c>take</c>: buys up to <paramref name="amt"/> collateral at the current price, paying at most
    /// <paramref name="max"/> per unit. <c>slice = min(lot, amt)</c>, <c>owe = slice·price</c>; when
    /// <c>owe &gt; tab</c> the purchase is cut to the tab (<c>slice = tab/price</c>); when a partial purchase would
    /// leave <c>0 &lt; tab − owe &lt; chost</c>, it is cut to leave exactly <c>chost</c> (refused with
    /// <see cref="MakerRefusal.NoPartialPurchase"/> when the tab is already ≤ chost). The Dog is dug by <c>owe</c>,
    /// or by <c>tab + owe</c> when the lot runs out (the unraised tab is written off); when the tab reaches zero the
    /// remaining lot goes back to the vault. A finished auction leaves <see cref="Active"/> by swap-and-pop. This call
    /// moves no balances; <see cref="MakerSystem.Take"/> does the same take with the Vat's gem and dai.
    /// </summary>
    /// <param name="dog">The Dog whose <c>Dirt</c>/<c>dirt</c> the take digs (knows this Clipper's ilk).</param>
    /// <param name="id">A running auction.</param>
    /// <param name="amt">Most collateral to buy (wad), not zero.</param>
    /// <param name="max">Highest acceptable price (ray); a current price above it is refused (<see cref="MakerRefusal.TooExpensive"/>), not thrown.</param>
    /// <param name="who">Receives the collateral, not empty.</param>
    /// <param name="now">The time (seconds).</param>
    /// <returns>The new Clipper and Dog and <see cref="Taken"/>, or a refusal with both unchanged.</returns>
    /// <exception cref="ArgumentException">Unknown or finished auction, zero amount, empty address, unknown ilk in the Dog, or time before the auction's start.</exception>
    /// <exception cref="DivideByZeroException">The price is zero where a slice must be recomputed (the contract reverts).</exception>
    public TakeResult Take(Dog dog, ulong id, UInt256 amt, UInt256 max, string who, ulong now)
    {
        ArgumentNullException.ThrowIfNull(dog);
        ClipperSale sale = GetSale(id);
        if (amt.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(amt), amt, "must be greater than zero");
        }

        RequireAddress(who, nameof(who));
        if (!dog.Ilks.ContainsKey(Config.Ilk))
        {
            ThrowHelper.Argument(nameof(dog), Config.Ilk, "must know this Clipper's ilk");
        }

        TakeResult Refuse(MakerRefusal why) => new(this, dog, null, why);
        if (Stopped >= ClipperBreaker.NoKickRedoOrTake)
        {
            return Refuse(MakerRefusal.Stopped);
        }

        (bool done, UInt256 price) = StatusOf(sale, now);
        if (done)
        {
            return Refuse(MakerRefusal.NeedsReset);
        }

        if (max < price)
        {
            return Refuse(MakerRefusal.TooExpensive);
        }

        UInt256 tab = sale.Tab;
        UInt256 lot = sale.Lot;
        UInt256 slice = UInt256.Min(lot, amt);
        UInt256 owe = slice * price;
        if (owe > tab)
        {
            owe = tab;
            slice = owe / price;
        }
        else if (owe < tab && slice < lot)
        {
            if (tab - owe < Config.Chost)
            {
                if (tab <= Config.Chost)
                {
                    return Refuse(MakerRefusal.NoPartialPurchase);
                }

                owe = tab - Config.Chost;
                slice = owe / price;
            }
        }

        tab -= owe;
        lot -= slice;
        UInt256 dug = lot.IsZero ? tab + owe : owe;
        Dog nextDog = dog.Digs(Config.Ilk, dug);
        UInt256 returned = UInt256.Zero;
        Clipper next;
        bool finished;
        if (lot.IsZero)
        {
            next = Removed(id);
            finished = true;
        }
        else if (tab.IsZero)
        {
            returned = lot;
            lot = UInt256.Zero;
            next = Removed(id);
            finished = true;
        }
        else
        {
            next = this with { Sales = Sales.SetItem(id, sale with { Tab = tab, Lot = lot }) };
            finished = false;
        }

        var taken = new Taken(id, who, max, price, slice, owe, tab, lot, returned, sale.Usr, dug, finished, now);
        return new TakeResult(next, nextDog, taken, MakerRefusal.None);
    }

    /// <summary>
    /// <c>redo</c>: restarts an auction that needs it (<see cref="ClipperStatus.NeedsRedo"/>) at
    /// <c>top = rmul(feedPrice, buf)</c> from <paramref name="now"/>. The keeper is paid <c>tip + wmul(tab, chip)</c>
    /// only when either is set and <c>tab ≥ chost</c> and <c>lot·feedPrice ≥ chost</c> (so dusty auctions cannot be
    /// farmed for incentives).
    /// </summary>
    /// <param name="id">A running auction.</param>
    /// <param name="kpr">The keeper, not empty.</param>
    /// <param name="now">The time (seconds).</param>
    /// <param name="feedPrice">The feed price (ray).</param>
    /// <returns>The new Clipper and <see cref="Redone"/>, or a refusal (<see cref="MakerRefusal.Stopped"/> at level ≥ 2, <see cref="MakerRefusal.CannotReset"/>, <see cref="MakerRefusal.ZeroTopPrice"/>).</returns>
    /// <exception cref="ArgumentException">Unknown or finished auction, empty keeper, or time before the auction's start.</exception>
    public RedoResult Redo(ulong id, string kpr, ulong now, UInt256 feedPrice)
    {
        ClipperSale sale = GetSale(id);
        RequireAddress(kpr, nameof(kpr));
        if (Stopped >= ClipperBreaker.NoKickOrRedo)
        {
            return new RedoResult(this, null, MakerRefusal.Stopped);
        }

        (bool done, _) = StatusOf(sale, now);
        if (!done)
        {
            return new RedoResult(this, null, MakerRefusal.CannotReset);
        }

        UInt256 top = MakerMath.Rmul(feedPrice, Config.Buf);
        if (top.IsZero)
        {
            return new RedoResult(this, null, MakerRefusal.ZeroTopPrice);
        }

        UInt256 coin = UInt256.Zero;
        if ((!Config.Tip.IsZero || !Config.Chip.IsZero) && sale.Tab >= Config.Chost && sale.Lot * feedPrice >= Config.Chost)
        {
            coin = Incentive(sale.Tab);
        }

        Clipper next = this with { Sales = Sales.SetItem(id, sale with { Tic = now, Top = top }) };
        return new RedoResult(next, new Redone(id, top, sale.Tab, sale.Lot, sale.Usr, kpr, coin, now), MakerRefusal.None);
    }

    /// <summary><c>yank</c> (governance, e.g. the End at shutdown): cancels the auction, digs its tab from the Dog and sends the lot to <paramref name="to"/>.</summary>
    /// <param name="dog">The Dog (knows this Clipper's ilk).</param>
    /// <param name="id">A running auction.</param>
    /// <param name="to">The caller receiving the collateral, not empty.</param>
    /// <returns>The new Clipper and Dog and <see cref="Yanked"/>.</returns>
    /// <exception cref="ArgumentException">Unknown or finished auction, or empty address.</exception>
    public YankResult Yank(Dog dog, ulong id, string to)
    {
        ArgumentNullException.ThrowIfNull(dog);
        ClipperSale sale = GetSale(id);
        RequireAddress(to, nameof(to));
        Dog nextDog = dog.Digs(Config.Ilk, sale.Tab);
        return new YankResult(Removed(id), nextDog, new Yanked(id, sale.Tab, sale.Lot, sale.Usr, to));
    }

    // dss clip.sol _remove: the last active id takes the removed one's slot (and its pos), then the list shrinks by one.
    private Clipper Removed(ulong id)
    {
        ImmutableSortedDictionary<ulong, ClipperSale> sales = Sales;
        ImmutableList<ulong> active = Active;
        ulong last = active[^1];
        if (last != id)
        {
            int index = checked((int)sales[id].Pos);
            active = active.SetItem(index, last);
            sales = sales.SetItem(last, sales[last] with { Pos = (ulong)index });
        }

        return this with { Sales = sales.Remove(id), Active = active.RemoveAt(active.Count - 1) };
    }

    private (bool Done, UInt256 Price) StatusOf(ClipperSale sale, ulong now)
    {
        if (now < sale.Tic)
        {
            ThrowHelper.OutOfRange(nameof(now), now, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"must not be before auction {sale.Id}'s start {sale.Tic}"));
        }

        ulong age = now - sale.Tic;
        UInt256 price = Config.Calc.Price(sale.Top, age);
        bool done = age > Config.Tail || MakerMath.Rdiv(price, sale.Top) < Config.Cusp;
        return (done, price);
    }

    private UInt256 Incentive(UInt256 tab) =>
        !Config.Tip.IsZero || !Config.Chip.IsZero ? Config.Tip + MakerMath.Wmul(tab, Config.Chip) : UInt256.Zero;

    private ClipperSale GetSale(ulong id)
    {
        if (!Sales.TryGetValue(id, out ClipperSale sale))
        {
            ThrowHelper.Argument(nameof(id), id, "must be a running auction (Clipper/not-running-auction)");
        }

        return sale;
    }

    private static void RequireAddress(string? address, string paramName)
    {
        if (string.IsNullOrEmpty(address))
        {
            ThrowHelper.Argument(paramName, address, "must be a non-empty address");
        }
    }
}

using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>A Liquidation 2.0 event: <see cref="Barked"/>, <see cref="Kicked"/>, <see cref="Taken"/>, <see cref="Redone"/> or <see cref="Yanked"/>.</summary>
public interface IMakerAuctionEvent;

/// <summary>An event in a run's log, numbered in the order it happened.</summary>
/// <param name="Sequence">0, 1, 2, … in order.</param>
/// <param name="Time">When (seconds).</param>
/// <param name="Event">What.</param>
public readonly record struct MakerLoggedEvent(long Sequence, ulong Time, IMakerAuctionEvent Event);

/// <summary>
/// A small keeper run over one ilk: a feed price path, vaults, and one keeper that barks every unsafe vault, resets
/// every auction that needs it, and buys a whole lot as soon as the auction price is at or below
/// <see cref="KeeperThreshold"/> × feed.
/// </summary>
/// <remarks>
/// Each tick the Vat's spot is <c>rdiv(feed, Mat)</c> (the Spotter with <c>par</c> = 1 ray). Runs on the same keeper loop
/// as <see cref="AuctionSimulation"/>; only the keeper's rule differs. Immutable.
/// </remarks>
public sealed record MakerKeeperScenario
{
    /// <summary>The Dog, knowing the Clipper's ilk.</summary>
    public required Dog Dog { get; init; }

    /// <summary>The ilk's Clipper.</summary>
    public required Clipper Clipper { get; init; }

    /// <summary>The Vat's rate and dust (its spot is recomputed every tick).</summary>
    public required VatIlk Vat { get; init; }

    /// <summary>Liquidation ratio (ray), e.g. 1.3 ray for 130%.</summary>
    public required UInt256 Mat { get; init; }

    /// <summary>The vaults, with distinct owners.</summary>
    public required ImmutableArray<MakerVault> Vaults { get; init; }

    /// <summary>Feed price per tick (ray).</summary>
    public required ImmutableArray<UInt256> FeedPrices { get; init; }

    /// <summary>Time of the first tick (seconds).</summary>
    public required ulong StartTime { get; init; }

    /// <summary>Seconds between ticks, not zero.</summary>
    public required ulong TickSeconds { get; init; }

    /// <summary>The keeper buys when the auction price ≤ <c>rmul(feed, KeeperThreshold)</c> (ray, e.g. 0.95 ray).</summary>
    public required UInt256 KeeperThreshold { get; init; }
}

/// <summary>The end state of a keeper run, its event log and totals.</summary>
/// <param name="Dog">The Dog at the end.</param>
/// <param name="Clipper">The Clipper at the end (auctions still running, if any).</param>
/// <param name="Vaults">The vaults at the end, in the scenario's order.</param>
/// <param name="Events">Every event, in order.</param>
/// <param name="TabTotal">Sum of kicked tabs (rad).</param>
/// <param name="DaiRaised">Sum of takes' <c>owe</c> (rad).</param>
/// <param name="TabWrittenOff">Tab left unraised when a lot ran out (rad): bad debt for the Vow.</param>
/// <param name="LotTotal">Sum of kicked lots (wad).</param>
/// <param name="CollateralSold">Sum of take slices (wad).</param>
/// <param name="CollateralReturned">Collateral returned to vaults (wad).</param>
/// <param name="KeeperIncentives">Kick and redo incentives paid (rad).</param>
public sealed record MakerKeeperRun(
    Dog Dog, Clipper Clipper, ImmutableArray<MakerVault> Vaults, ImmutableArray<MakerLoggedEvent> Events,
    UInt256 TabTotal, UInt256 DaiRaised, UInt256 TabWrittenOff, UInt256 LotTotal, UInt256 CollateralSold,
    UInt256 CollateralReturned, UInt256 KeeperIncentives)
{
    private const string Keeper = "keeper";

    /// <summary>
    /// Runs the scenario tick by tick on the shared keeper loop: barks (vault order, every vault the Dog would bark),
    /// then per running auction (id order) a redo when it needs one, else a take of the whole lot when cheap enough.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The run.</returns>
    /// <exception cref="ArgumentException">Zero tick length, duplicate or empty vault owners, or a Dog that does not know the Clipper's ilk.</exception>
    public static MakerKeeperRun Run(MakerKeeperScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.TickSeconds == 0)
        {
            ThrowHelper.OutOfRange(nameof(scenario), scenario.TickSeconds, "must have TickSeconds greater than zero");
        }

        ArgumentNullException.ThrowIfNull(scenario.Dog, nameof(scenario));
        ArgumentNullException.ThrowIfNull(scenario.Clipper, nameof(scenario));
        MakerAuctionLoop.Validate(scenario.Dog, scenario.Clipper, scenario.Vaults, nameof(scenario));
        var loop = new MakerAuctionLoop(scenario.Dog, scenario.Clipper, scenario.Vaults, Keeper);
        for (int i = 0; i < scenario.FeedPrices.Length; i++)
        {
            UInt256 feed = scenario.FeedPrices[i];
            ulong now = checked(scenario.StartTime + ((ulong)i * scenario.TickSeconds));
            loop.BarkAll(now, feed, scenario.Vat with { Spot = MakerMath.Rdiv(feed, scenario.Mat) });
            foreach (ulong id in loop.Clipper.Sales.Keys.ToArray())
            {
                ClipperStatus status = loop.Clipper.Status(id, now);
                if (status.NeedsRedo)
                {
                    loop.Redo(id, now, feed);
                }
                else if (status.Price <= MakerMath.Rmul(feed, scenario.KeeperThreshold))
                {
                    loop.Take(id, status.Lot, status.Price, Keeper, now);
                }
            }
        }

        return new MakerKeeperRun(
            loop.Dog, loop.Clipper, loop.Vaults, loop.Events, loop.TabTotal, loop.DaiRaised, loop.TabWrittenOff, loop.LotTotal,
            loop.CollateralSold, loop.CollateralReturned, loop.Incentives);
    }
}

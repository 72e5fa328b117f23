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
/// <remarks>Each tick the Vat's spot is <c>rdiv(feed, Mat)</c> (the Spotter with <c>par</c> = 1 ray). Immutable.</remarks>
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

    /// <summary>Runs the scenario tick by tick: barks (vault order), then redo or take per running auction (id order).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The run.</returns>
    /// <exception cref="ArgumentException">Zero tick length or duplicate vault owners.</exception>
    public static MakerKeeperRun Run(MakerKeeperScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.TickSeconds == 0)
        {
            ThrowHelper.OutOfRange(nameof(scenario), scenario.TickSeconds, "must have TickSeconds greater than zero");
        }

        var byOwner = new Dictionary<string, int>(StringComparer.Ordinal);
        MakerVault[] vaults = [.. scenario.Vaults];
        for (int j = 0; j < vaults.Length; j++)
        {
            if (!byOwner.TryAdd(vaults[j].Owner, j))
            {
                ThrowHelper.Argument(nameof(scenario), vaults[j].Owner, "must have distinct vault owners");
            }
        }

        Dog dog = scenario.Dog;
        Clipper clipper = scenario.Clipper;
        var log = ImmutableArray.CreateBuilder<MakerLoggedEvent>();
        UInt256 tabTotal = default, raised = default, writtenOff = default, lotTotal = default, sold = default, returned = default, incentives = default;
        void Log(ulong time, IMakerAuctionEvent e) => log.Add(new MakerLoggedEvent(log.Count, time, e));

        for (int i = 0; i < scenario.FeedPrices.Length; i++)
        {
            UInt256 feed = scenario.FeedPrices[i];
            ulong now = checked(scenario.StartTime + ((ulong)i * scenario.TickSeconds));
            VatIlk vat = scenario.Vat with { Spot = MakerMath.Rdiv(feed, scenario.Mat) };

            for (int j = 0; j < vaults.Length; j++)
            {
                if (vaults[j].Art.IsZero)
                {
                    continue;
                }

                BarkAndKickResult bk = MakerLiquidation.BarkAndKick(dog, clipper, vat, vaults[j], Keeper, now, feed);
                if (bk.IsRefused)
                {
                    continue;
                }

                (dog, clipper, vaults[j]) = (bk.Dog, bk.Clipper, bk.Vault);
                Log(now, bk.Barked!);
                Log(now, bk.Kicked!);
                tabTotal += bk.Kicked!.Tab;
                lotTotal += bk.Kicked.Lot;
                incentives += bk.Kicked.Coin;
            }

            foreach (ulong id in clipper.Sales.Keys.ToArray())
            {
                ClipperStatus status = clipper.Status(id, now);
                if (status.NeedsRedo)
                {
                    RedoResult redo = clipper.Redo(id, Keeper, now, feed);
                    if (!redo.IsRefused)
                    {
                        clipper = redo.Clipper;
                        Log(now, redo.Event!);
                        incentives += redo.Event!.Coin;
                    }

                    continue;
                }

                if (status.Price > MakerMath.Rmul(feed, scenario.KeeperThreshold))
                {
                    continue;
                }

                TakeResult take = clipper.Take(dog, id, status.Lot, status.Price, Keeper, now);
                if (take.IsRefused)
                {
                    continue;
                }

                (clipper, dog) = (take.Clipper, take.Dog);
                Taken e = take.Event!;
                Log(now, e);
                raised += e.Owe;
                sold += e.Slice;
                if (!e.ReturnedToUsr.IsZero)
                {
                    returned += e.ReturnedToUsr;
                    int owner = byOwner[e.Usr];
                    vaults[owner] = vaults[owner] with { Ink = vaults[owner].Ink + e.ReturnedToUsr };
                }

                if (e.Finished && e.ReturnedToUsr.IsZero)
                {
                    writtenOff += e.Tab;
                }
            }
        }

        return new MakerKeeperRun(dog, clipper, [.. vaults], log.ToImmutable(), tabTotal, raised, writtenOff, lotTotal, sold, returned, incentives);
    }
}

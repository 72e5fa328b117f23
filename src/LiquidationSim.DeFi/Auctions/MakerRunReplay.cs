using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.DeFi.Simulation;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>A keeper's balances rebuilt from a run's log.</summary>
/// <param name="Name">The keeper.</param>
/// <param name="Capital">DAI (rad): starting capital − owe − gas per take + pool proceeds + incentives.</param>
/// <param name="Collateral">Collateral held (wad): bought and not sold into the pool.</param>
/// <param name="GasPaid">DAI paid for gas (rad).</param>
/// <param name="Takes">Takes made.</param>
/// <param name="Incentives">Kick and redo incentives received (rad).</param>
/// <remarks>
/// The balances of <see cref="AuctionKeeperState"/>; its <see cref="AuctionKeeperState.Profit"/> is a valuation at
/// the market price of each take, not a balance, and is not rebuilt.
/// </remarks>
public readonly record struct AuctionKeeperBalance(string Name, UInt256 Capital, UInt256 Collateral, UInt256 GasPaid, int Takes, UInt256 Incentives);

/// <summary>The state of a Liquidation 2.0 run rebuilt from its log (<see cref="MakerRunReplay"/>).</summary>
/// <param name="Dog">The Dog (<c>Dirt</c> and the ilk's <c>dirt</c>).</param>
/// <param name="Clipper">The Clipper (running auctions, <c>kicks</c>, the active list).</param>
/// <param name="Vaults">The vaults, in the scenario's order.</param>
/// <param name="Keepers">The keepers' balances, in the scenario's order (empty for a <see cref="MakerKeeperRun"/>).</param>
/// <param name="Pool">The pool, if the scenario has one.</param>
/// <remarks>Immutable.</remarks>
public sealed record MakerReplayState(Dog Dog, Clipper Clipper, ImmutableArray<MakerVault> Vaults, ImmutableArray<AuctionKeeperBalance> Keepers, ConstantProductPool? Pool);

/// <summary>
/// Rebuilds the end state of an <see cref="AuctionSimulation"/> or a <see cref="MakerKeeperRun"/> from its scenario and
/// its event log (<see cref="AuctionSimulationResult.Events"/>, <see cref="MakerKeeperRun.Events"/>), applying each
/// event's amounts as the run did: a bark takes <c>dink</c> and <c>dart</c> from the vault and adds the tab to the
/// Dog's dirt; a kick opens the auction and pays the incentive; a redo restarts it and pays its incentive; a take
/// moves the slice and owe, digs the Dog, returns leftover collateral to the vault and charges the keeper's gas; a pool
/// sale moves the collateral into the pool and the proceeds to the keeper (dss <c>dog.sol</c>, <c>clip.sol</c>, commit
/// fa4f663).
/// </summary>
/// <remarks>
/// Nothing is recomputed from protocol rules (no unsafe checks, no prices, no incentives): the log and the scenario's
/// constants (each keeper's gas cost) move the state. The log numbers its events 0, 1, 2, … (the numbering
/// <see cref="MakerLoggedEvent"/> has always had; the lending and Liquity logs number from 1). Thread safe.
/// </remarks>
public static class MakerRunReplay
{
    /// <summary>Applies an <see cref="AuctionSimulation"/> log to the scenario's starting state.</summary>
    /// <param name="scenario">The scenario the run started from.</param>
    /// <param name="events">The log, or a prefix of it: sequence 0, 1, 2, … without gaps.</param>
    /// <returns>The state after the last event.</returns>
    /// <exception cref="ArgumentException">
    /// A sequence gap; an unknown vault, keeper or auction; or an event that does not continue from the state.
    /// </exception>
    /// <exception cref="OverflowException">An event moves more than a balance holds (a log that is not the run's).</exception>
    public static MakerReplayState Replay(AuctionSimulationScenario scenario, IEnumerable<MakerLoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(scenario.Dog, nameof(scenario));
        ArgumentNullException.ThrowIfNull(scenario.Clipper, nameof(scenario));
        MakerAuctionLoop.Validate(scenario.Dog, scenario.Clipper, scenario.Vaults, nameof(scenario));
        return Apply(scenario.Dog, scenario.Clipper, scenario.Vaults, scenario.Keepers.IsDefault ? [] : scenario.Keepers, scenario.Pool, keepersRequired: true, events);
    }

    /// <summary>Applies a <see cref="MakerKeeperRun"/> log to the scenario's starting state.</summary>
    /// <param name="scenario">The scenario the run started from.</param>
    /// <param name="events">The log, or a prefix of it: sequence 0, 1, 2, … without gaps.</param>
    /// <returns>The state after the last event (no keepers, no pool).</returns>
    /// <exception cref="ArgumentException">A sequence gap; an unknown vault or auction; or an event that does not continue from the state.</exception>
    /// <exception cref="OverflowException">An event moves more than a balance holds (a log that is not the run's).</exception>
    public static MakerReplayState Replay(MakerKeeperScenario scenario, IEnumerable<MakerLoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(scenario.Dog, nameof(scenario));
        ArgumentNullException.ThrowIfNull(scenario.Clipper, nameof(scenario));
        MakerAuctionLoop.Validate(scenario.Dog, scenario.Clipper, scenario.Vaults, nameof(scenario));
        return Apply(scenario.Dog, scenario.Clipper, scenario.Vaults, [], null, keepersRequired: false, events);
    }

    private static MakerReplayState Apply(
        Dog dog, Clipper clipper, ImmutableArray<MakerVault> start, ImmutableArray<AuctionKeeper> keeperSpecs, ConstantProductPool? pool, bool keepersRequired, IEnumerable<MakerLoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        string ilk = clipper.Config.Ilk;
        MakerVault[] vaults = [.. start];
        var byOwner = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < vaults.Length; j++)
        {
            byOwner.Add(vaults[j].Owner, j);
        }

        AuctionKeeperBalance[] keepers = [.. keeperSpecs.Select(k => new AuctionKeeperBalance(k.Name, k.Capital, UInt256.Zero, UInt256.Zero, 0, UInt256.Zero))];
        var keeperIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < keepers.Length; k++)
        {
            keeperIndex.Add(keepers[k].Name, k);
        }

        bool hasPool = pool is not null;
        long next = 0;
        foreach (MakerLoggedEvent logged in events)
        {
            if (logged.Sequence != next)
            {
                ThrowHelper.Argument(nameof(events), logged.Sequence, "must number events 0, 1, 2, … without gaps");
            }

            switch (logged.Event)
            {
                case Barked b:
                    int v = Vault(byOwner, b.Owner);
                    vaults[v] = vaults[v] with { Ink = vaults[v].Ink - b.Lot, Art = vaults[v].Art - b.Art };
                    DogIlk milk = dog.Ilks[ilk];
                    dog = dog with { Dirt = dog.Dirt + b.Tab, Ilks = dog.Ilks.SetItem(ilk, milk with { Dirt = milk.Dirt + b.Tab }) };
                    break;
                case Kicked k:
                    clipper = clipper.ApplyKick(k);
                    Pay(k.Kpr, k.Coin);
                    break;
                case Redone r:
                    clipper = clipper.ApplyRedo(r);
                    Pay(r.Kpr, r.Coin);
                    break;
                case Taken t:
                    clipper = clipper.ApplyTake(t);
                    dog = dog.Digs(ilk, t.Dug);
                    if (!t.ReturnedToUsr.IsZero)
                    {
                        int u = Vault(byOwner, t.Usr);
                        vaults[u] = vaults[u] with { Ink = vaults[u].Ink + t.ReturnedToUsr };
                    }

                    if (keepersRequired)
                    {
                        int w = Keeper(keeperIndex, t.Who);
                        AuctionKeeperBalance kb = keepers[w];
                        UInt256 gas = keeperSpecs[w].GasCost;
                        keepers[w] = kb with
                        {
                            Capital = kb.Capital - t.Owe - gas,
                            GasPaid = kb.GasPaid + gas,
                            Takes = kb.Takes + 1,
                            Collateral = hasPool ? kb.Collateral : kb.Collateral + t.Slice,
                        };
                    }

                    break;
                case KeeperSold s when pool is not null:
                    int seller = Keeper(keeperIndex, s.Keeper);
                    keepers[seller] = keepers[seller] with { Capital = keepers[seller].Capital + (s.Proceeds * MakerMath.Ray) };
                    if (s.Proceeds >= pool.QuoteReserve)
                    {
                        ThrowHelper.Argument(nameof(events), logged.Sequence, "must not take the whole quote reserve out of the pool");
                    }

                    pool = new ConstantProductPool(pool.BaseReserve + s.Amount, pool.QuoteReserve - s.Proceeds, pool.FeeBps);
                    break;
                default:
                    ThrowHelper.Argument(nameof(events), logged.Event?.GetType().Name, "must hold only the run's event types (a pool sale only with a pool)");
                    break;
            }

            next++;
        }

        return new MakerReplayState(dog, clipper, [.. vaults], [.. keepers], pool);

        void Pay(string kpr, UInt256 coin)
        {
            if (keeperIndex.TryGetValue(kpr, out int k))
            {
                keepers[k] = keepers[k] with { Capital = keepers[k].Capital + coin, Incentives = keepers[k].Incentives + coin };
            }
        }
    }

    private static int Vault(Dictionary<string, int> byOwner, string owner)
    {
        int index = -1;
        if (owner is null || !byOwner.TryGetValue(owner, out index))
        {
            ThrowHelper.Argument("events", owner, "must name a vault of the scenario");
        }

        return index;
    }

    private static int Keeper(Dictionary<string, int> byName, string name)
    {
        int index = -1;
        if (name is null || !byName.TryGetValue(name, out index))
        {
            ThrowHelper.Argument("events", name, "must name a keeper of the scenario");
        }

        return index;
    }
}

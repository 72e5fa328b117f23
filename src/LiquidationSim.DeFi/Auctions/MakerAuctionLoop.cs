using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// The one Liquidation 2.0 keeper loop that <see cref="MakerKeeperRun"/> and <see cref="AuctionSimulation"/> drive: it
/// holds the Dog, the Clipper and the vaults, barks every vault the <see cref="Dog"/> would bark (vault order), resets
/// and takes auctions on the driver's word, and keeps the event log and the totals. Whether a vault is unsafe, whether
/// the Dog has room and whether a bark would be refused are the Dog's answers (<see cref="Dog.IsUnsafe"/>,
/// <see cref="Dog.HasRoom"/>, <see cref="Dog.CheckBark"/>); the loop only indexes the vaults so a step does not ask
/// about every one.
/// </summary>
/// <remarks>
/// The bark pass keeps the vaults with debt ordered by liquidation threshold <c>art/ink</c>, highest first, so the unsafe
/// ones at any spot are a prefix (found by binary search with <see cref="Dog.IsUnsafe"/>), mirrored in vault order by
/// <c>_unsafe</c>. A pass that barked nothing is not repeated until the Dog's dirt, the unsafe set or the top price's
/// zeroness changes: within one run rate, dust, chop, hole and the breaker are fixed, so nothing else a refused bark
/// reads can differ. This gives exactly the barks of calling <see cref="MakerLiquidation.BarkAndKick"/> on every vault
/// with debt in vault order (AuctionSimulationReferenceTests).
/// </remarks>
internal sealed class MakerAuctionLoop
{
    private readonly MakerVault[] _vaults;
    private readonly Dictionary<string, int> _byOwner;
    private readonly string _ilk;
    private readonly string _barker;
    private readonly ImmutableArray<MakerLoggedEvent>.Builder _log = ImmutableArray.CreateBuilder<MakerLoggedEvent>();
    private readonly ImmutableArray<AuctionDuration>.Builder _durations = ImmutableArray.CreateBuilder<AuctionDuration>();
    private readonly Dictionary<ulong, ulong> _kickTimes = [];
    private readonly List<int> _alive;
    private readonly IComparer<int> _thresholdComparer;
    private readonly SortedSet<int> _unsafe = [];
    private readonly List<int> _barked = [];
    private int _unsafeCount;
    private long _setVersion;
    private UInt256 _idleDirt = UInt256.MaxValue;
    private UInt256 _idleIlkDirt = UInt256.MaxValue;
    private long _idleVersion = -1;
    private bool _idleTopIsZero;

    /// <summary>Starts the loop; the caller has checked the vault owners are distinct and not empty and the Dog knows the Clipper's ilk.</summary>
    public MakerAuctionLoop(Dog dog, Clipper clipper, ImmutableArray<MakerVault> vaults, string barker)
    {
        Dog = dog;
        Clipper = clipper;
        _ilk = clipper.Config.Ilk;
        _barker = barker;
        _vaults = [.. vaults];
        _byOwner = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < _vaults.Length; j++)
        {
            _byOwner.Add(_vaults[j].Owner, j);
        }

        _alive = [.. Enumerable.Range(0, _vaults.Length).Where(j => !_vaults[j].Art.IsZero)];
        Comparison<int> byThreshold = (a, b) =>
        {
            int c = (_vaults[b].Art * _vaults[a].Ink).CompareTo(_vaults[a].Art * _vaults[b].Ink);
            return c != 0 ? c : a.CompareTo(b);
        };
        _alive.Sort(byThreshold);
        _thresholdComparer = Comparer<int>.Create(byThreshold);
    }

    public Dog Dog { get; private set; }

    public Clipper Clipper { get; private set; }

    public ImmutableArray<MakerVault> Vaults => [.. _vaults];

    public ImmutableArray<MakerLoggedEvent> Events => _log.ToImmutable();

    public ImmutableArray<AuctionDuration> Durations => _durations.ToImmutable();

    public UInt256 TabTotal { get; private set; }

    public UInt256 DaiRaised { get; private set; }

    public UInt256 TabWrittenOff { get; private set; }

    public UInt256 LotTotal { get; private set; }

    public UInt256 CollateralSold { get; private set; }

    public UInt256 CollateralReturned { get; private set; }

    public UInt256 Incentives { get; private set; }

    public int Auctions { get; private set; }

    public int Takes { get; private set; }

    /// <summary>Checks the vault owners (distinct, not empty) and the Dog's ilk, naming <paramref name="paramName"/>.</summary>
    public static void Validate(Dog dog, Clipper clipper, ImmutableArray<MakerVault> vaults, string paramName)
    {
        if (vaults.IsDefault)
        {
            ThrowHelper.Argument(paramName, null, "must have a Vaults array (possibly empty)");
        }

        if (!dog.Ilks.ContainsKey(clipper.Config.Ilk))
        {
            ThrowHelper.Argument(paramName, clipper.Config.Ilk, "must have a Dog that knows the Clipper's ilk");
        }

        var owners = new HashSet<string>(StringComparer.Ordinal);
        foreach (MakerVault vault in vaults)
        {
            if (string.IsNullOrEmpty(vault.Owner) || !owners.Add(vault.Owner))
            {
                ThrowHelper.Argument(paramName, vault.Owner, "must have distinct, non-empty vault owners");
            }
        }
    }

    public void Log(ulong time, IMakerAuctionEvent e) => _log.Add(new MakerLoggedEvent(_log.Count, time, e));

    /// <summary>Barks and kicks every vault the Dog would bark, in vault order; returns the kicks made.</summary>
    public IReadOnlyList<Kicked> BarkAll(ulong now, UInt256 feed, VatIlk vat)
    {
        var kicks = new List<Kicked>();
        int newCount = vat.Spot.IsZero ? 0 : UnsafePrefix(vat);
        while (_unsafeCount < newCount)
        {
            _unsafe.Add(_alive[_unsafeCount++]);
            _setVersion++;
        }

        while (_unsafeCount > newCount)
        {
            _unsafe.Remove(_alive[--_unsafeCount]);
            _setVersion++;
        }

        bool topIsZero = MakerMath.Rmul(feed, Clipper.Config.Buf).IsZero;
        if (_unsafe.Count == 0 || !Dog.HasRoom(_ilk)
            || (_idleDirt == Dog.Dirt && _idleIlkDirt == Dog.Ilks[_ilk].Dirt && _idleVersion == _setVersion && _idleTopIsZero == topIsZero))
        {
            return kicks;
        }

        _barked.Clear();
        foreach (int j in _unsafe)
        {
            if (!Dog.HasRoom(_ilk))
            {
                break;
            }

            if (Dog.CheckBark(_ilk, vat, _vaults[j]) != MakerRefusal.None)
            {
                continue;
            }

            BarkAndKickResult bk = MakerLiquidation.BarkAndKick(Dog, Clipper, vat, _vaults[j], _barker, now, feed);
            if (bk.IsRefused)
            {
                continue;
            }

            (Dog, Clipper, _vaults[j]) = (bk.Dog, bk.Clipper, bk.Vault);
            Kicked kicked = bk.Kicked!;
            Log(now, bk.Barked!);
            Log(now, kicked);
            Auctions++;
            TabTotal += kicked.Tab;
            LotTotal += kicked.Lot;
            Incentives += kicked.Coin;
            _kickTimes[kicked.Id] = now;
            _barked.Add(j);
            kicks.Add(kicked);
        }

        if (kicks.Count == 0)
        {
            (_idleDirt, _idleIlkDirt, _idleVersion, _idleTopIsZero) = (Dog.Dirt, Dog.Ilks[_ilk].Dirt, _setVersion, topIsZero);
        }

        // Out first, then back in: Place's binary search needs every other vault at its current place.
        foreach (int j in _barked)
        {
            Unplace(j);
        }

        foreach (int j in _barked)
        {
            if (!_vaults[j].Art.IsZero)
            {
                Place(j);
            }
        }

        return kicks;
    }

    /// <summary>Redoes an auction for the barker; returns the event, or null when refused.</summary>
    public Redone? Redo(ulong id, ulong now, UInt256 feed)
    {
        RedoResult redo = Clipper.Redo(id, _barker, now, feed);
        if (redo.IsRefused)
        {
            return null;
        }

        Clipper = redo.Clipper;
        Redone e = redo.Event!;
        Log(now, e);
        Incentives += e.Coin;
        return e;
    }

    /// <summary>
    /// Takes for <paramref name="who"/>; when the Clipper settles it and <paramref name="accept"/> (if any) keeps it,
    /// applies it: logs, totals, leftover collateral back to its vault, the auction's end. Returns null otherwise.
    /// </summary>
    public Taken? Take(ulong id, UInt256 amt, UInt256 max, string who, ulong now, Func<Taken, bool>? accept = null)
    {
        TakeResult take = Clipper.Take(Dog, id, amt, max, who, now);
        if (take.IsRefused || (accept is not null && !accept(take.Event!)))
        {
            return null;
        }

        (Clipper, Dog) = (take.Clipper, take.Dog);
        Taken e = take.Event!;
        Log(now, e);
        Takes++;
        DaiRaised += e.Owe;
        CollateralSold += e.Slice;
        if (!e.ReturnedToUsr.IsZero)
        {
            CollateralReturned += e.ReturnedToUsr;
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
                TabWrittenOff += e.Tab;
            }

            _durations.Add(new AuctionDuration(e.Id, _kickTimes[e.Id], now));
            _kickTimes.Remove(e.Id);
        }

        return e;
    }

    private int UnsafePrefix(VatIlk vat)
    {
        int lo = 0, hi = _alive.Count;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (Dog.IsUnsafe(vat, _vaults[_alive[mid]]))
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

    // Takes vault j out of the threshold order (and the unsafe prefix, keeping _unsafe = _alive[0.._unsafeCount)).
    private void Unplace(int j)
    {
        int at = _alive.IndexOf(j);
        _alive.RemoveAt(at);
        if (at < _unsafeCount)
        {
            _unsafeCount--;
            _unsafe.Remove(j);
        }

        _setVersion++;
    }

    // Puts vault j back at its threshold's place; the next pass's prefix search decides whether it is unsafe.
    private void Place(int j)
    {
        int at = _alive.BinarySearch(j, _thresholdComparer);
        at = at < 0 ? ~at : at;
        _alive.Insert(at, j);
        if (at < _unsafeCount)
        {
            _unsafeCount++;
            _unsafe.Add(j);
        }

        _setVersion++;
    }
}

using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>The Dog's per-ilk settings and counter (dss <c>dog.sol</c> <c>Ilk</c>).</summary>
/// <param name="Chop">Liquidation penalty multiplier (wad, ≥ 1 wad): the tab is <c>due·chop</c>.</param>
/// <param name="Hole">Maximum DAI (rad) in this ilk's auctions at once, tab included.</param>
/// <param name="Dirt">DAI (rad) currently in this ilk's auctions.</param>
public readonly record struct DogIlk(UInt256 Chop, UInt256 Hole, UInt256 Dirt);

/// <summary>
/// What <c>Dog.bark</c> did: the vault's collateral and debt moved to the auction, and the inputs of the Clipper's
/// <c>kick</c> (<see cref="Tab"/>, <see cref="Lot"/>, <see cref="Owner"/>, <see cref="Keeper"/>).
/// </summary>
/// <param name="Ilk">The collateral type.</param>
/// <param name="Owner">The vault owner (<c>usr</c> of the auction).</param>
/// <param name="Keeper">Who barked (receives the kick incentive).</param>
/// <param name="Lot">Collateral taken from the vault, <c>dink = ink·dart/art</c> (wad).</param>
/// <param name="Art">Normalised debt taken, <c>dart</c> (wad).</param>
/// <param name="Due">Debt taken, <c>dart·rate</c> (rad), sent to the Vow as bad debt in the queue.</param>
/// <param name="Tab">DAI the auction must raise, <c>due·chop/WAD</c> (rad).</param>
/// <param name="Partial">True when only part of the vault was liquidated because of the Hole/hole room.</param>
public sealed record Barked(string Ilk, string Owner, string Keeper, UInt256 Lot, UInt256 Art, UInt256 Due, UInt256 Tab, bool Partial) : IMakerAuctionEvent;

/// <summary>The result of <see cref="Dog.Bark"/>: the new Dog and vault and the event, or the refusal with the inputs unchanged.</summary>
/// <param name="Dog">The Dog after (the input Dog when refused).</param>
/// <param name="Vault">The vault after (the input vault when refused).</param>
/// <param name="Event">What happened; null when refused.</param>
/// <param name="Refusal">Why the call was refused, or <see cref="MakerRefusal.None"/>.</param>
public sealed record BarkResult(Dog Dog, MakerVault Vault, Barked? Event, MakerRefusal Refusal)
{
    /// <summary>True when the call was refused and nothing changed.</summary>
    public bool IsRefused => Refusal != MakerRefusal.None;
}

/// <summary>
/// MakerDAO's Liquidation 2.0 <c>Dog</c> (makerdao/dss commit fa4f663, <c>src/dog.sol</c>): decides whether a vault
/// may be liquidated and how much of it, within the global <see cref="Hole"/> and the per-ilk <c>hole</c> limits.
/// </summary>
/// <remarks>Immutable; every transition returns a new Dog. Thread safe. Amounts use dss units (wad, ray, rad).</remarks>
public sealed record Dog
{
    /// <summary>Creates a Dog with no ilks.</summary>
    /// <param name="hole">Global maximum DAI (rad) in all auctions at once.</param>
    public Dog(UInt256 hole)
    {
        Hole = hole;
        Ilks = ImmutableSortedDictionary.Create<string, DogIlk>(StringComparer.Ordinal);
    }

    /// <summary>Global maximum DAI (rad) in auctions at once (<c>Hole</c>).</summary>
    public UInt256 Hole { get; init; }

    /// <summary>DAI (rad) currently in auctions, all ilks (<c>Dirt</c>).</summary>
    public UInt256 Dirt { get; init; }

    /// <summary>Per-ilk settings, by ilk name (ordinal order).</summary>
    public ImmutableSortedDictionary<string, DogIlk> Ilks { get; init; }

    /// <summary>Returns a Dog with the ilk added or its <c>chop</c> and <c>hole</c> replaced (its <c>dirt</c> kept).</summary>
    /// <param name="ilk">The ilk name, not empty.</param>
    /// <param name="chop">Penalty multiplier (wad), at least 1 wad.</param>
    /// <param name="hole">The ilk's limit (rad).</param>
    /// <returns>The new Dog.</returns>
    /// <exception cref="ArgumentException"><paramref name="ilk"/> is empty or <paramref name="chop"/> is below 1 wad.</exception>
    public Dog WithIlk(string ilk, UInt256 chop, UInt256 hole)
    {
        if (string.IsNullOrEmpty(ilk))
        {
            ThrowHelper.Argument(nameof(ilk), ilk, "must be a non-empty ilk name");
        }

        if (chop < MakerMath.Wad)
        {
            ThrowHelper.OutOfRange(nameof(chop), chop, "must be at least 1 wad (1e18), as dog.sol file requires");
        }

        UInt256 dirt = Ilks.TryGetValue(ilk, out DogIlk existing) ? existing.Dirt : UInt256.Zero;
        return this with { Ilks = Ilks.SetItem(ilk, new DogIlk(chop, hole, dirt)) };
    }

    /// <summary>
    /// <c>Dog.bark</c>: liquidates an unsafe vault (wholly or partly) and returns the Clipper's kick inputs in the
    /// event. The rules, in dss order: the vault must be unsafe (<c>spot &gt; 0</c> and <c>ink·spot &lt; art·rate</c>,
    /// strict); <c>Hole &gt; Dirt</c> and <c>hole &gt; dirt</c>; <c>room = min(Hole − Dirt, hole − dirt)</c>;
    /// <c>dart = min(art, room·WAD / rate / chop)</c> (floored twice); when that is partial and the remainder
    /// <c>(art − dart)·rate</c> would be below dust the whole vault is taken (which may exceed the limits, as in dss),
    /// otherwise the partial <c>dart·rate</c> must be at least dust; <c>dink = ink·dart/art</c> must be positive;
    /// <c>tab = dart·rate·chop/WAD</c> is added to <c>Dirt</c> and the ilk's <c>dirt</c>.
    /// </summary>
    /// <remarks>A dusty vault is still liquidated whole (dss <c>test_bark_dusty_vault</c>). The Clipper's <c>kick</c> is a separate call: <see cref="Clipper.Kick(Barked, ulong, UInt256)"/>.</remarks>
    /// <param name="ilk">The vault's ilk, known to this Dog.</param>
    /// <param name="vat">The Vat's <c>rate</c>, <c>spot</c> and <c>dust</c> for the ilk; <c>rate</c> not zero.</param>
    /// <param name="vault">The vault.</param>
    /// <param name="keeper">Who barks, not empty.</param>
    /// <returns>The new Dog and vault and a <see cref="Barked"/> event, or a refusal with both unchanged.</returns>
    /// <exception cref="ArgumentException">Unknown ilk, empty keeper or owner, or zero <c>rate</c>.</exception>
    /// <exception cref="OverflowException">A product does not fit in uint256 (the contract reverts).</exception>
    public BarkResult Bark(string ilk, VatIlk vat, MakerVault vault, string keeper)
    {
        DogIlk milk = GetIlk(ilk);
        if (string.IsNullOrEmpty(keeper))
        {
            ThrowHelper.Argument(nameof(keeper), keeper, "must be a non-empty keeper address");
        }

        if (string.IsNullOrEmpty(vault.Owner))
        {
            ThrowHelper.Argument(nameof(vault), vault.Owner, "must have a non-empty owner");
        }

        if (vat.Rate.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(vat), vat.Rate, "must have a non-zero rate");
        }

        (MakerRefusal refusal, UInt256 dart, UInt256 dink, bool partial) = Plan(milk, vat, vault);
        if (refusal != MakerRefusal.None)
        {
            return new BarkResult(this, vault, null, refusal);
        }

        UInt256 due = dart * vat.Rate;
        UInt256 tab = due * milk.Chop / MakerMath.Wad;
        Dog dog = this with
        {
            Dirt = Dirt + tab,
            Ilks = Ilks.SetItem(ilk, milk with { Dirt = milk.Dirt + tab }),
        };
        var barked = new Barked(ilk, vault.Owner, keeper, dink, dart, due, tab, partial);
        return new BarkResult(dog, vault with { Ink = vault.Ink - dink, Art = vault.Art - dart }, barked, MakerRefusal.None);
    }

    /// <summary>
    /// <c>Dog.digs</c>: removes <paramref name="rad"/> from <see cref="Dirt"/> and the ilk's <c>dirt</c> (the Clipper
    /// calls it when DAI is raised, an auction ends or is yanked).
    /// </summary>
    /// <param name="ilk">The ilk, known to this Dog.</param>
    /// <param name="rad">The DAI amount (rad).</param>
    /// <returns>The new Dog.</returns>
    /// <exception cref="ArgumentException">Unknown ilk.</exception>
    /// <exception cref="OverflowException"><paramref name="rad"/> exceeds <c>Dirt</c> or <c>dirt</c> (the contract's <c>sub</c> reverts).</exception>
    public Dog Digs(string ilk, UInt256 rad)
    {
        DogIlk milk = GetIlk(ilk);
        return this with
        {
            Dirt = Dirt - rad,
            Ilks = Ilks.SetItem(ilk, milk with { Dirt = milk.Dirt - rad }),
        };
    }

    /// <summary>
    /// Whether a vault is unsafe, the first rule of <c>Dog.bark</c>: <c>spot &gt; 0</c> and <c>ink·spot &lt; art·rate</c>
    /// (strict; dss <c>dog.sol</c>, commit fa4f663).
    /// </summary>
    /// <param name="vat">The Vat's rate and spot for the ilk.</param>
    /// <param name="vault">The vault.</param>
    /// <returns>True when the vault may be barked as far as its collateral goes.</returns>
    /// <exception cref="OverflowException">A product does not fit in uint256.</exception>
    public static bool IsUnsafe(VatIlk vat, MakerVault vault) => !vat.Spot.IsZero && vault.Ink * vat.Spot < vault.Art * vat.Rate;

    /// <summary>Whether the Dog has room for another bark of <paramref name="ilk"/>: <c>Hole &gt; Dirt</c> and <c>hole &gt; dirt</c>.</summary>
    /// <param name="ilk">An ilk this Dog knows.</param>
    /// <returns>False when a bark would be refused with <see cref="MakerRefusal.LiquidationLimitHit"/>.</returns>
    /// <exception cref="ArgumentException">Unknown ilk.</exception>
    public bool HasRoom(string ilk)
    {
        DogIlk milk = GetIlk(ilk);
        return Hole > Dirt && milk.Hole > milk.Dirt;
    }

    /// <summary>
    /// The refusal <see cref="Bark"/> would return for this vault, without barking: <see cref="MakerRefusal.None"/>
    /// when it would bark. The same rules, in the same order, as <see cref="Bark"/>.
    /// </summary>
    /// <param name="ilk">An ilk this Dog knows.</param>
    /// <param name="vat">The Vat's rate, spot and dust; <c>rate</c> not zero.</param>
    /// <param name="vault">The vault.</param>
    /// <returns>The refusal, or <see cref="MakerRefusal.None"/>.</returns>
    /// <exception cref="ArgumentException">Unknown ilk or zero <c>rate</c>.</exception>
    public MakerRefusal CheckBark(string ilk, VatIlk vat, MakerVault vault)
    {
        DogIlk milk = GetIlk(ilk);
        if (vat.Rate.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(vat), vat.Rate, "must have a non-zero rate");
        }

        return Plan(milk, vat, vault).Refusal;
    }

    // dss dog.sol bark, up to the grab: the refusal, or how much normalised debt and collateral to take.
    private (MakerRefusal Refusal, UInt256 Dart, UInt256 Dink, bool Partial) Plan(DogIlk milk, VatIlk vat, MakerVault vault)
    {
        if (!IsUnsafe(vat, vault))
        {
            return (MakerRefusal.NotUnsafe, default, default, false);
        }

        if (Hole <= Dirt || milk.Hole <= milk.Dirt)
        {
            return (MakerRefusal.LiquidationLimitHit, default, default, false);
        }

        UInt256 room = UInt256.Min(Hole - Dirt, milk.Hole - milk.Dirt);
        UInt256 dart = UInt256.Min(vault.Art, room * MakerMath.Wad / vat.Rate / milk.Chop);
        bool partial = false;
        if (vault.Art > dart)
        {
            if ((vault.Art - dart) * vat.Rate < vat.Dust)
            {
                dart = vault.Art;
            }
            else if (dart * vat.Rate < vat.Dust)
            {
                return (MakerRefusal.DustyAuctionFromPartialLiquidation, default, default, false);
            }
            else
            {
                partial = true;
            }
        }

        UInt256 dink = vault.Ink * dart / vault.Art;
        return dink.IsZero ? (MakerRefusal.NullAuction, default, default, false) : (MakerRefusal.None, dart, dink, partial);
    }

    private DogIlk GetIlk(string ilk)
    {
        if (ilk is null || !Ilks.TryGetValue(ilk, out DogIlk milk))
        {
            ThrowHelper.Argument(nameof(ilk), ilk, "must be an ilk this Dog knows (add it with WithIlk)");
            return default;
        }

        return milk;
    }
}

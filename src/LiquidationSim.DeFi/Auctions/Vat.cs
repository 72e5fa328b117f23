using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>The result of a Vat call that can be refused: the new Vat, or the input Vat with the refusal.</summary>
/// <param name="Vat">The Vat after (the input Vat when refused).</param>
/// <param name="Refusal">Why refused (<see cref="MakerRefusal.NotEnoughDai"/>, <see cref="MakerRefusal.NotEnoughGem"/>), or <see cref="MakerRefusal.None"/>.</param>
public sealed record VatResult(Vat Vat, MakerRefusal Refusal)
{
    /// <summary>True when refused and nothing changed.</summary>
    public bool IsRefused => Refusal != MakerRefusal.None;
}

/// <summary>
/// The balances of MakerDAO's <c>Vat</c> that liquidations move (makerdao/dss commit fa4f663, <c>src/vat.sol</c>):
/// free collateral <c>gem[ilk][usr]</c> (wad), internal DAI <c>dai[usr]</c> (rad), bad debt <c>sin[usr]</c> (rad), and
/// the totals <c>debt</c> (all DAI issued) and <c>vice</c> (all bad debt).
/// </summary>
/// <remarks>
/// The urns are not kept here: a vault is a <see cref="MakerVault"/> and the ilk's rate, spot and dust a
/// <see cref="VatIlk"/>, as before; <see cref="MakerSystem.Bark"/> does <c>grab</c>'s urn half on the vault and its
/// balance half here. The <c>wish</c>/<c>hope</c> permission (<c>Vat/not-allowed</c>) is not modelled: a payer is taken
/// to have hoped the Clipper. A failed subtraction (<c>_sub</c> has no revert message on chain) is a refusal with the
/// Vat unchanged. Zero balances are not stored. Immutable; thread safe. Invariants kept by every call:
/// <c>Σ dai = debt</c> and <c>Σ sin = vice</c> when the Vat starts that way (an empty Vat does).
/// </remarks>
public sealed record Vat
{
    private static readonly ImmutableSortedDictionary<string, UInt256> s_empty = ImmutableSortedDictionary.Create<string, UInt256>(StringComparer.Ordinal);

    /// <summary>Creates an empty Vat.</summary>
    public Vat()
    {
        Gems = ImmutableSortedDictionary.Create<string, ImmutableSortedDictionary<string, UInt256>>(StringComparer.Ordinal);
        Dai = s_empty;
        Sin = s_empty;
    }

    /// <summary>Free collateral by ilk, then address (wad); dss <c>gem</c>.</summary>
    public ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, UInt256>> Gems { get; private init; }

    /// <summary>Internal DAI by address (rad); dss <c>dai</c>.</summary>
    public ImmutableSortedDictionary<string, UInt256> Dai { get; private init; }

    /// <summary>Bad debt by address (rad); dss <c>sin</c>.</summary>
    public ImmutableSortedDictionary<string, UInt256> Sin { get; private init; }

    /// <summary>All DAI issued (rad); dss <c>debt</c>.</summary>
    public UInt256 Debt { get; private init; }

    /// <summary>All bad debt (rad); dss <c>vice</c>.</summary>
    public UInt256 Vice { get; private init; }

    /// <summary><c>gem[ilk][usr]</c>.</summary>
    /// <param name="ilk">The collateral type.</param>
    /// <param name="usr">The address.</param>
    /// <returns>The free collateral (wad), zero when none.</returns>
    public UInt256 GemOf(string ilk, string usr) =>
        Gems.TryGetValue(ilk, out ImmutableSortedDictionary<string, UInt256>? byUsr) && byUsr.TryGetValue(usr, out UInt256 wad) ? wad : UInt256.Zero;

    /// <summary><c>dai[usr]</c>.</summary>
    /// <param name="usr">The address.</param>
    /// <returns>The internal DAI (rad), zero when none.</returns>
    public UInt256 DaiOf(string usr) => Dai.TryGetValue(usr, out UInt256 rad) ? rad : UInt256.Zero;

    /// <summary><c>sin[usr]</c>.</summary>
    /// <param name="usr">The address.</param>
    /// <returns>The bad debt (rad), zero when none.</returns>
    public UInt256 SinOf(string usr) => Sin.TryGetValue(usr, out UInt256 rad) ? rad : UInt256.Zero;

    /// <summary><c>slip(ilk, usr, +wad)</c>: credits collateral to an address (what a GemJoin does on deposit).</summary>
    /// <param name="ilk">The collateral type, not empty.</param>
    /// <param name="usr">The address, not empty.</param>
    /// <param name="wad">The amount (wad).</param>
    /// <returns>The new Vat.</returns>
    /// <exception cref="ArgumentException">An empty name.</exception>
    /// <exception cref="OverflowException">The balance overflows uint256.</exception>
    public Vat Slip(string ilk, string usr, UInt256 wad)
    {
        RequireName(ilk, nameof(ilk));
        RequireName(usr, nameof(usr));
        return WithGem(ilk, usr, GemOf(ilk, usr) + wad);
    }

    /// <summary><c>flux</c>: moves free collateral between addresses.</summary>
    /// <param name="ilk">The collateral type, not empty.</param>
    /// <param name="src">From, not empty.</param>
    /// <param name="dst">To, not empty.</param>
    /// <param name="wad">The amount (wad).</param>
    /// <returns>The new Vat, or <see cref="MakerRefusal.NotEnoughGem"/> with this Vat when <paramref name="src"/> holds less.</returns>
    /// <exception cref="ArgumentException">An empty name.</exception>
    public VatResult Flux(string ilk, string src, string dst, UInt256 wad)
    {
        RequireName(ilk, nameof(ilk));
        RequireName(src, nameof(src));
        RequireName(dst, nameof(dst));
        UInt256 from = GemOf(ilk, src);
        if (from < wad)
        {
            return new VatResult(this, MakerRefusal.NotEnoughGem);
        }

        Vat after = WithGem(ilk, src, from - wad);
        return new VatResult(after.WithGem(ilk, dst, after.GemOf(ilk, dst) + wad), MakerRefusal.None);
    }

    /// <summary><c>move</c>: moves internal DAI between addresses.</summary>
    /// <param name="src">From, not empty.</param>
    /// <param name="dst">To, not empty.</param>
    /// <param name="rad">The amount (rad).</param>
    /// <returns>The new Vat, or <see cref="MakerRefusal.NotEnoughDai"/> with this Vat when <paramref name="src"/> holds less.</returns>
    /// <exception cref="ArgumentException">An empty name.</exception>
    public VatResult Move(string src, string dst, UInt256 rad)
    {
        RequireName(src, nameof(src));
        RequireName(dst, nameof(dst));
        UInt256 from = DaiOf(src);
        if (from < rad)
        {
            return new VatResult(this, MakerRefusal.NotEnoughDai);
        }

        Vat after = this with { Dai = Set(Dai, src, from - rad) };
        return new VatResult(after with { Dai = Set(after.Dai, dst, after.DaiOf(dst) + rad) }, MakerRefusal.None);
    }

    /// <summary><c>suck</c>: mints <paramref name="rad"/> DAI to <paramref name="v"/> against as much bad debt on <paramref name="u"/> (<c>debt</c> and <c>vice</c> both grow).</summary>
    /// <param name="u">Takes the bad debt (the Vow, when a Clipper pays an incentive), not empty.</param>
    /// <param name="v">Receives the DAI, not empty.</param>
    /// <param name="rad">The amount (rad).</param>
    /// <returns>The new Vat.</returns>
    /// <exception cref="ArgumentException">An empty name.</exception>
    /// <exception cref="OverflowException">A total overflows uint256.</exception>
    public Vat Suck(string u, string v, UInt256 rad)
    {
        RequireName(u, nameof(u));
        RequireName(v, nameof(v));
        Vat after = this with { Sin = Set(Sin, u, SinOf(u) + rad), Vice = Vice + rad, Debt = Debt + rad };
        return after with { Dai = Set(after.Dai, v, after.DaiOf(v) + rad) };
    }

    /// <summary><c>grab</c>'s balance half for a liquidation (<c>dink, dart ≤ 0</c>): the collateral to <paramref name="gemTo"/>, the debt <c>dtab</c> to <paramref name="sinTo"/>'s sin and to vice.</summary>
    internal Vat Grab(string ilk, string gemTo, string sinTo, UInt256 dink, UInt256 dtab) =>
        WithGem(ilk, gemTo, GemOf(ilk, gemTo) + dink) with { Sin = Set(Sin, sinTo, SinOf(sinTo) + dtab), Vice = Vice + dtab };

    /// <summary><c>heal</c> by <paramref name="u"/>: burns as much DAI as bad debt (the caller checked both balances).</summary>
    internal Vat Heal(string u, UInt256 rad) =>
        this with { Sin = Set(Sin, u, SinOf(u) - rad), Dai = Set(Dai, u, DaiOf(u) - rad), Vice = Vice - rad, Debt = Debt - rad };

    private Vat WithGem(string ilk, string usr, UInt256 wad)
    {
        ImmutableSortedDictionary<string, UInt256> byUsr = Gems.TryGetValue(ilk, out ImmutableSortedDictionary<string, UInt256>? existing) ? existing : s_empty;
        byUsr = Set(byUsr, usr, wad);
        return this with { Gems = byUsr.IsEmpty ? Gems.Remove(ilk) : Gems.SetItem(ilk, byUsr) };
    }

    private static ImmutableSortedDictionary<string, UInt256> Set(ImmutableSortedDictionary<string, UInt256> map, string key, UInt256 value) =>
        value.IsZero ? map.Remove(key) : map.SetItem(key, value);

    private static void RequireName(string? name, string paramName)
    {
        if (string.IsNullOrEmpty(name))
        {
            ThrowHelper.Argument(paramName, name, "must be a non-empty name");
        }
    }
}

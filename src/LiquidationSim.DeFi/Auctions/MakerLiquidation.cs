using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>The result of <see cref="MakerLiquidation.BarkAndKick"/>: all three states after, or all three unchanged with the refusal.</summary>
/// <param name="Dog">The Dog after.</param>
/// <param name="Clipper">The Clipper after.</param>
/// <param name="Vault">The vault after.</param>
/// <param name="Barked">The bark; null when refused.</param>
/// <param name="Kicked">The kick (its <see cref="Auctions.Kicked.Id"/> is the new auction); null when refused.</param>
/// <param name="Refusal">Why refused (by the Dog or the Clipper), or <see cref="MakerRefusal.None"/>.</param>
public sealed record BarkAndKickResult(Dog Dog, Clipper Clipper, MakerVault Vault, Barked? Barked, Kicked? Kicked, MakerRefusal Refusal)
{
    /// <summary>True when refused and nothing changed.</summary>
    public bool IsRefused => Refusal != MakerRefusal.None;
}

/// <summary>
/// Liquidation 2.0 calls that span the Dog and a Clipper, atomic as the on-chain transaction is. They move no
/// balances; <see cref="MakerSystem"/> makes the same calls with the Vat's and Vow's balances.
/// </summary>
public static class MakerLiquidation
{
    /// <summary>
    /// <c>Dog.bark</c> followed by the Clipper's <c>kick</c>, as one transaction: when the kick is refused (breaker at
    /// level ≥ 1, zero top price) the bark is undone too, as the revert would undo it on chain.
    /// </summary>
    /// <param name="dog">The Dog.</param>
    /// <param name="clipper">The ilk's Clipper.</param>
    /// <param name="vat">The Vat's ilk numbers.</param>
    /// <param name="vault">The vault.</param>
    /// <param name="keeper">Who barks.</param>
    /// <param name="now">The time (seconds).</param>
    /// <param name="feedPrice">The Clipper's feed price (ray).</param>
    /// <returns>The states after, with both events, or the inputs with the refusal.</returns>
    /// <exception cref="ArgumentException">As <see cref="Dog.Bark"/> and <see cref="Clipper.Kick(Barked, ulong, UInt256)"/>.</exception>
    public static BarkAndKickResult BarkAndKick(Dog dog, Clipper clipper, VatIlk vat, MakerVault vault, string keeper, ulong now, UInt256 feedPrice)
    {
        ArgumentNullException.ThrowIfNull(dog);
        ArgumentNullException.ThrowIfNull(clipper);
        BarkResult bark = dog.Bark(clipper.Config.Ilk, vat, vault, keeper);
        if (bark.IsRefused)
        {
            return new BarkAndKickResult(dog, clipper, vault, null, null, bark.Refusal);
        }

        KickResult kick = clipper.Kick(bark.Event!, now, feedPrice);
        return kick.IsRefused
            ? new BarkAndKickResult(dog, clipper, vault, null, null, kick.Refusal)
            : new BarkAndKickResult(bark.Dog, kick.Clipper, bark.Vault, bark.Event, kick.Event, MakerRefusal.None);
    }
}

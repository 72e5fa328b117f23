using LiquidationSim.DeFi.FixedPoint;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// A collateral type's published Liquidation 2.0 auction parameters, as data: load one, change a parameter, compare.
/// </summary>
/// <remarks>
/// Only the parameters the cited source gives are here; the ilk's <c>chop</c> and the Vat's <c>dust</c> (hence
/// <c>chost</c>) are supplied by the caller. Immutable; thread safe.
/// </remarks>
public sealed record MakerAuctionProfile
{
    /// <summary>The ilk, e.g. <c>ETH-B</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Where the numbers come from.</summary>
    public required string Source { get; init; }

    /// <summary>The source's date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Stair-step length (seconds).</summary>
    public required UInt256 Step { get; init; }

    /// <summary>Price multiplier per step (ray).</summary>
    public required UInt256 Cut { get; init; }

    /// <summary>Starting price multiplier (ray).</summary>
    public required UInt256 Buf { get; init; }

    /// <summary>The Dog's per-ilk limit <c>hole</c> (rad).</summary>
    public required UInt256 IlkHole { get; init; }

    /// <summary>Lowest <c>price/top</c> before a reset (ray).</summary>
    public required UInt256 Cusp { get; init; }

    /// <summary>Maximum auction age before a reset (seconds).</summary>
    public required ulong Tail { get; init; }

    /// <summary>Keeper incentive share of the tab (wad).</summary>
    public required UInt256 Chip { get; init; }

    /// <summary>Flat keeper incentive (rad).</summary>
    public required UInt256 Tip { get; init; }

    /// <summary>ClipperMom's breaker tolerance (ray): a governance module outside <c>clip.sol</c>, kept for reference only.</summary>
    public required UInt256 BreakerTolerance { get; init; }
    /// <summary>
    /// ETH-B as onboarded to Liquidations 2.0: stair-step exponential calc with cut 0.99 every 90 s, buf 1.3,
    /// hole 8 million DAI, cusp 0.4, tail 8,400 s, chip 0.1%, tip 0 DAI, breaker tolerance 0.5. Source: makerdao/community,
    /// <c>governance/polls/Add ETH-B to Liquidations 2.0 Framework - April 26, 2021.md</c> (reference §4.8).
    /// </summary>
    public static MakerAuctionProfile EthB { get; } = new()
    {
        Name = "ETH-B",
        Source = "makerdao/community governance/polls/Add ETH-B to Liquidations 2.0 Framework - April 26, 2021.md",
        Date = new DateOnly(2021, 4, 26),
        Step = 90,
        Cut = 99UL * UInt256.Pow10(25),
        Buf = 13UL * UInt256.Pow10(26),
        IlkHole = 8_000_000UL * MakerMath.Rad,
        Cusp = 4UL * UInt256.Pow10(26),
        Tail = 8_400,
        Chip = UInt256.Pow10(15),
        Tip = UInt256.Zero,
        BreakerTolerance = 5UL * UInt256.Pow10(26),
    };

    /// <summary>The profile's price curve.</summary>
    /// <returns>A <see cref="StairstepExponentialDecrease"/> with <see cref="Step"/> and <see cref="Cut"/>.</returns>
    public StairstepExponentialDecrease Calc() => new(Step, Cut);

    /// <summary>The Clipper parameters of this profile.</summary>
    /// <param name="chost">The caller's <c>chost</c> (rad), e.g. <see cref="ClipperConfig.ChostOf"/>(dust, chop).</param>
    /// <returns>The config.</returns>
    public ClipperConfig ToClipperConfig(UInt256 chost) => new(Name, Calc(), Buf, Tail, Cusp, Chip, Tip, chost);
}

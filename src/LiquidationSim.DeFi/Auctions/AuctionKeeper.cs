using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Auctions;

/// <summary>
/// A take strategy for a Clipper keeper: buy when the auction price is at or below the market price less a margin,
/// only as much as its DAI can pay for, and only when the take is profitable after gas.
/// </summary>
/// <remarks>
/// The rules, all in dss units: the keeper bids when <c>price ≤ rmul(market, RAY − Margin)</c>; it asks for
/// <c>amt = min(lot, (capital − GasCost) / price)</c> (wad; gas is paid from the same DAI, so it is set aside first);
/// a take is kept only when <c>slice·market − owe − GasCost &gt; 0</c> (rad) for the slice and owe the Clipper actually
/// settles (which may be smaller than <c>amt</c> when the tab or <c>chost</c> cuts the purchase). Immutable; thread safe.
/// </remarks>
/// <param name="Name">The keeper's address, not empty; it receives the collateral.</param>
/// <param name="Capital">DAI available to buy with (rad).</param>
/// <param name="Margin">Discount to market required before bidding (ray), at most 1 ray; e.g. 0.05 ray = 5%.</param>
/// <param name="GasCost">DAI paid per take (rad).</param>
public sealed record AuctionKeeper(string Name, UInt256 Capital, UInt256 Margin, UInt256 GasCost)
{
    /// <summary>The highest auction price (ray) at which this keeper bids: <c>rmul(market, RAY − Margin)</c>.</summary>
    /// <param name="market">The market price (ray).</param>
    /// <returns>The bid limit (ray).</returns>
    public UInt256 BidLimit(UInt256 market) => MakerMath.Rmul(market, MakerMath.Ray - Margin);

    /// <summary>
    /// How much collateral (wad) this keeper asks for at <paramref name="price"/>, or zero when it does not bid: the
    /// price is above <see cref="BidLimit"/>, its capital after gas buys nothing, or even the whole request could not
    /// make a profit (<c>amt·(market − price) ≤ GasCost</c>, an upper bound on the settled take's profit).
    /// </summary>
    /// <param name="price">The auction price (ray), not zero.</param>
    /// <param name="market">The market price (ray).</param>
    /// <param name="lot">Collateral for sale (wad).</param>
    /// <returns>The amount to pass to <see cref="Clipper.Take"/>, or zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="price"/> is zero.</exception>
    public UInt256 Request(UInt256 price, UInt256 market, UInt256 lot)
    {
        if (price.IsZero)
        {
            ThrowHelper.OutOfRange(nameof(price), price, "must be greater than zero");
        }

        if (price > BidLimit(market) || Capital <= GasCost)
        {
            return UInt256.Zero;
        }

        UInt256 amt = UInt256.Min(lot, (Capital - GasCost) / price);
        if (amt.IsZero || price >= market || amt * (market - price) <= GasCost)
        {
            return UInt256.Zero;
        }

        return amt;
    }

    /// <summary>Whether a settled take is worth keeping: <c>slice·market − owe − GasCost &gt; 0</c> (rad).</summary>
    /// <param name="slice">Collateral bought (wad).</param>
    /// <param name="owe">DAI paid (rad).</param>
    /// <param name="market">The market price (ray).</param>
    /// <returns>True when the profit valued at the market is positive.</returns>
    public bool IsProfitable(UInt256 slice, UInt256 owe, UInt256 market) => slice * market > owe + GasCost;

    /// <summary>Validates the keeper.</summary>
    internal void Validate(string paramName)
    {
        if (string.IsNullOrEmpty(Name))
        {
            ThrowHelper.Argument(paramName, Name, "must have keepers with non-empty names");
        }

        if (Margin > MakerMath.Ray)
        {
            ThrowHelper.OutOfRange(paramName, Margin, "must have keeper margins of at most 1 ray");
        }
    }

    /// <summary>
    /// The order keepers act in this step: a Fisher–Yates shuffle of <c>0 … count − 1</c> drawn from
    /// <paramref name="random"/> (<c>NextBelow(i + 1)</c> for i from the last index down), so the same generator state
    /// always gives the same order.
    /// </summary>
    /// <param name="count">The number of keepers, zero or more.</param>
    /// <param name="random">The path's generator (advanced by <c>count − 1</c> draws).</param>
    /// <returns>The keeper indices in acting order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static int[] Order(int count, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 0)
        {
            ThrowHelper.OutOfRange(nameof(count), count, "must not be negative");
        }

        int[] order = new int[count];
        Shuffle(order, random);
        return order;
    }

    internal static void Shuffle(int[] order, SeededRandom random)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)random.NextBelow((ulong)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}

/// <summary>A keeper's state at the end of an <see cref="AuctionSimulation"/> run.</summary>
/// <param name="Name">The keeper.</param>
/// <param name="Capital">DAI left (rad), including pool sale proceeds and the incentives in <see cref="AuctionKeeperState.Incentives"/>.</param>
/// <param name="Collateral">Collateral held (wad): bought and not sold into the pool.</param>
/// <param name="GasPaid">DAI paid for gas (rad).</param>
/// <param name="Takes">Takes made.</param>
/// <param name="Profit">DAI profit: sale proceeds (or, without a pool, bought collateral at the market price of each take) minus owe minus gas.</param>
public sealed record AuctionKeeperState(string Name, UInt256 Capital, UInt256 Collateral, UInt256 GasPaid, int Takes, decimal Profit)
{
    /// <summary>Kick and redo incentives paid to this keeper as the scenario's barker (rad); not part of <see cref="Profit"/>.</summary>
    public UInt256 Incentives { get; init; }
}

/// <summary>A keeper sold bought collateral into the pool (part of an <see cref="AuctionSimulation"/> log).</summary>
/// <param name="Keeper">The keeper.</param>
/// <param name="Amount">Collateral sold (wad).</param>
/// <param name="Proceeds">DAI received (wad), added to the keeper's capital.</param>
/// <param name="PoolPrice">The pool's spot price after the sale (ray).</param>
public sealed record KeeperSold(string Keeper, UInt256 Amount, UInt256 Proceeds, UInt256 PoolPrice) : IMakerAuctionEvent;

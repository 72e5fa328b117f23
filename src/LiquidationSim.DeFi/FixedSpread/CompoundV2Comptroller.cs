using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// A Compound v2 Comptroller with its listed markets: the risk parameters that decide whether and how much of an
/// account may be liquidated, and the cTokens' protocol seize share.
/// </summary>
/// <remarks>
/// <para>
/// Sources: compound-protocol commit a3214f6 (reference defi.md §2.1): <c>contracts/Comptroller.sol</c>
/// (<c>closeFactorMantissa</c>, <c>liquidationIncentiveMantissa</c>, <c>markets</c>) and
/// <c>contracts/CTokenInterfaces.sol</c> (<c>protocolSeizeShareMantissa</c>, a constant 2.8e16 in that version,
/// given here as <see cref="DefaultProtocolSeizeShareMantissa"/>). Every parameter is passed explicitly (protocol
/// rules are data); none is defaulted.
/// </para>
/// <para>
/// Refused (<see cref="ArgumentException"/> naming the parameter): a close factor of zero or above 1e18 (the
/// contract does not bound <c>_setCloseFactor</c>, but above 1.0 the repay would underflow the borrow), a protocol
/// seize share above 1e18 (the liquidator's share would underflow), two markets with the same name. The liquidation
/// incentive is not bounded, as <c>_setLiquidationIncentive</c> does not bound it. Markets keep the order given;
/// lookups are by name (ordinal). Immutable; thread safe.
/// </para>
/// </remarks>
public sealed record CompoundV2Comptroller
{
    private readonly UInt256 _closeFactorMantissa;
    private readonly UInt256 _protocolSeizeShareMantissa;
    private readonly ImmutableArray<CompoundV2Market> _markets = [];

    /// <summary>Creates a Comptroller.</summary>
    /// <param name="closeFactorMantissa"><c>closeFactorMantissa</c>: the largest fraction of one borrow a single liquidation may repay, scaled by 1e18; above zero, at most 1e18.</param>
    /// <param name="liquidationIncentiveMantissa"><c>liquidationIncentiveMantissa</c>: collateral seized per unit of debt repaid, including the 1.0 (1.08e18 = 8% bonus).</param>
    /// <param name="protocolSeizeShareMantissa"><c>protocolSeizeShareMantissa</c>: the fraction of seized cTokens kept as reserves (2.8e16 in compound-protocol); at most 1e18.</param>
    /// <param name="markets">The listed markets, names unique.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule in the remarks.</exception>
    public CompoundV2Comptroller(
        UInt256 closeFactorMantissa,
        UInt256 liquidationIncentiveMantissa,
        UInt256 protocolSeizeShareMantissa,
        IEnumerable<CompoundV2Market> markets)
    {
        CloseFactorMantissa = closeFactorMantissa;
        LiquidationIncentiveMantissa = liquidationIncentiveMantissa;
        ProtocolSeizeShareMantissa = protocolSeizeShareMantissa;
        Markets = [.. markets ?? throw new ArgumentNullException(nameof(markets))];
    }

    /// <summary><c>protocolSeizeShareMantissa</c> = 2.8e16 (2.8%), the constant in compound-protocol <c>CTokenInterfaces.sol</c> (commit a3214f6).</summary>
    public static UInt256 DefaultProtocolSeizeShareMantissa { get; } = UInt256.Pow10(15) * 28UL;

    /// <summary><c>closeFactorMantissa</c>, scaled by 1e18; above zero and at most 1e18.</summary>
    public UInt256 CloseFactorMantissa
    {
        get => _closeFactorMantissa;
        init => _closeFactorMantissa = CompoundChecks.AtMost(CompoundChecks.Positive(value, nameof(CloseFactorMantissa)), ExponentialNoError.ExpScale, nameof(CloseFactorMantissa), "must be at most 1e18 (100% of the borrow)");
    }

    /// <summary><c>liquidationIncentiveMantissa</c>, scaled by 1e18, including the 1.0.</summary>
    public UInt256 LiquidationIncentiveMantissa { get; init; }

    /// <summary><c>protocolSeizeShareMantissa</c>, scaled by 1e18; at most 1e18.</summary>
    public UInt256 ProtocolSeizeShareMantissa
    {
        get => _protocolSeizeShareMantissa;
        init => _protocolSeizeShareMantissa = CompoundChecks.AtMost(value, ExponentialNoError.ExpScale, nameof(ProtocolSeizeShareMantissa), "must be at most 1e18 (100% of the seized tokens)");
    }

    /// <summary>The listed markets, in the order given; names are unique.</summary>
    public ImmutableArray<CompoundV2Market> Markets
    {
        get => _markets;
        init
        {
            if (value.IsDefault)
            {
                ThrowHelper.Argument(nameof(Markets), null, "must not be a default array");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (CompoundV2Market market in value)
            {
                if (market is null)
                {
                    ThrowHelper.Argument(nameof(Markets), null, "must not contain null markets");
                }

                if (!seen.Add(market.Name))
                {
                    ThrowHelper.Argument(nameof(Markets), market.Name, "must not list two markets with the same name");
                }
            }

            _markets = value;
        }
    }

    /// <summary>The listed market called <paramref name="name"/>.</summary>
    /// <param name="name">A market name.</param>
    /// <returns>The market.</returns>
    /// <exception cref="ArgumentException">No listed market has that name (the Comptroller's <c>MARKET_NOT_LISTED</c>).</exception>
    public CompoundV2Market GetMarket(string name) => GetMarket(name, nameof(name));

    /// <summary>Whether a market called <paramref name="name"/> is listed.</summary>
    /// <param name="name">A market name.</param>
    /// <returns><see langword="true"/> when it is listed.</returns>
    public bool IsListed(string name) => IndexOf(name) >= 0;

    /// <summary>A copy with the market of the same name replaced by <paramref name="market"/>.</summary>
    /// <param name="market">The new state of a listed market.</param>
    /// <returns>The new Comptroller.</returns>
    /// <exception cref="ArgumentException">No listed market has <paramref name="market"/>'s name.</exception>
    public CompoundV2Comptroller WithMarket(CompoundV2Market market)
    {
        ArgumentNullException.ThrowIfNull(market);
        int index = IndexOf(market.Name);
        if (index < 0)
        {
            ThrowHelper.Argument(nameof(market), market.Name, "must name a listed market");
        }

        return this with { Markets = _markets.SetItem(index, market) };
    }

    internal CompoundV2Market GetMarket(string name, string paramName)
    {
        int index = IndexOf(name);
        if (index < 0)
        {
            ThrowHelper.Argument(paramName, name, "must name a listed market (MARKET_NOT_LISTED)");
        }

        return _markets[index];
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < _markets.Length; i++)
        {
            if (string.Equals(_markets[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

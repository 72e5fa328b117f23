using System.Collections.Frozen;
using System.Collections.Immutable;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.Lending;

/// <summary>
/// An Aave v3 pool as the health factor and liquidation see it: the version's <see cref="AaveRules"/>, the base
/// currency's decimals and the reserves with their prices and indices.
/// </summary>
/// <remarks>
/// <para>
/// The market also owns the version's token-balance rounding (reference/defi.md §1.1, TokenMath): up to v3.4 a
/// balance is <c>rayMul(scaled, index)</c> and a burn or mint scales with <c>rayDiv</c> (both half up); from v3.5
/// aToken balances use <c>rayMulFloor</c>, debt <c>rayMulCeil</c>, aToken burns <c>rayDivCeil</c> and mints
/// <c>rayDivFloor</c>, debt burns <c>rayDivFloor</c> and mints <c>rayDivCeil</c>.
/// </para>
/// <para>Immutable; safe to share between threads. A price change is a new market (<see cref="WithPrice"/>).</para>
/// </remarks>
public sealed record AaveMarket
{
    private readonly FrozenDictionary<string, int> _bySymbol;

    // The reserves' symbols in reserve order, side by side so the reference scan in IndexOf reads one array instead of
    // dereferencing every reserve. Symbols never change (WithPrice and WithReserve keep them), so copies share it.
    private readonly string[] _symbols;
    private readonly ImmutableArray<AaveReserve> _reserves;
    private readonly AaveReserveTerms[] _terms = [];

    /// <summary>Creates a market.</summary>
    /// <param name="rules">The version's rules.</param>
    /// <param name="baseCurrencyDecimals">Decimals of the base currency prices are quoted in (8 on USD markets), 0 to 36.</param>
    /// <param name="reserves">The reserves, no symbol twice.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> or <paramref name="reserves"/> is null, or a reserve is.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="baseCurrencyDecimals"/> is outside 0 to 36.</exception>
    /// <exception cref="ArgumentException"><paramref name="reserves"/> names a symbol twice.</exception>
    public AaveMarket(AaveRules rules, int baseCurrencyDecimals, IEnumerable<AaveReserve> reserves)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(reserves);
        if (baseCurrencyDecimals is < 0 or > AaveReserve.MaxDecimals)
        {
            ThrowHelper.OutOfRange(nameof(baseCurrencyDecimals), baseCurrencyDecimals, "must be 0 to 36");
        }

        ImmutableArray<AaveReserve> array = [.. reserves];
        var bySymbol = new Dictionary<string, int>(array.Length, StringComparer.Ordinal);
        for (int i = 0; i < array.Length; i++)
        {
            AaveReserve reserve = array[i] ?? throw new ArgumentNullException(nameof(reserves), "A reserve is null.");
            if (!bySymbol.TryAdd(reserve.Symbol, i))
            {
                ThrowHelper.Argument(nameof(reserves), reserve.Symbol, "must name each symbol once");
            }
        }

        Rules = rules;
        BaseCurrencyDecimals = baseCurrencyDecimals;
        Reserves = array;
        _bySymbol = bySymbol.ToFrozenDictionary(StringComparer.Ordinal);
        _symbols = [.. array.Select(r => r.Symbol)];
    }

    /// <summary>The version's rules.</summary>
    public AaveRules Rules { get; }

    /// <summary>Decimals of the base currency (8 on USD markets).</summary>
    public int BaseCurrencyDecimals { get; }

    /// <summary>The reserves, in the order given.</summary>
    public ImmutableArray<AaveReserve> Reserves
    {
        get => _reserves;
        private init
        {
            // Every way to set the reserves (the constructor, WithPrice, WithReserve) refreshes the scan terms, so a
            // market derived by a price change never carries its parent's.
            _reserves = value;
            _terms = [.. value.Select(r => new AaveReserveTerms(Rules, r))];
        }
    }

    /// <summary>Each reserve's terms for the health-factor scan, in reserve order.</summary>
    internal AaveReserveTerms[] Terms => _terms;

    /// <summary>The reserve of <paramref name="symbol"/>.</summary>
    /// <param name="symbol">A symbol of this market.</param>
    /// <returns>The reserve.</returns>
    /// <exception cref="ArgumentException">The market has no such reserve.</exception>
    public AaveReserve Reserve(string symbol) => Reserves[IndexOf(symbol, nameof(symbol))];

    /// <summary>Whether the market lists <paramref name="symbol"/>.</summary>
    /// <param name="symbol">A symbol.</param>
    /// <returns>True if listed.</returns>
    public bool Contains(string symbol) => symbol is not null && _bySymbol.ContainsKey(symbol);

    /// <summary>The same market with one reserve's oracle price changed.</summary>
    /// <param name="symbol">A symbol of this market.</param>
    /// <param name="price">The new price in base-currency units, above zero.</param>
    /// <returns>A new market; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The market has no such reserve.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="price"/> is zero.</exception>
    public AaveMarket WithPrice(string symbol, UInt256 price)
    {
        int index = IndexOf(symbol, nameof(symbol));
        AaveReserve reserve = Reserves[index].WithPrice(price);
        return this with { Reserves = Reserves.SetItem(index, reserve) };
    }

    /// <summary>The same market with one reserve replaced by another of the same symbol (new indices, parameters).</summary>
    /// <param name="reserve">The new reserve; its symbol must be listed.</param>
    /// <returns>A new market; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The market has no reserve of that symbol.</exception>
    public AaveMarket WithReserve(AaveReserve reserve)
    {
        ArgumentNullException.ThrowIfNull(reserve);
        int index = IndexOf(reserve.Symbol, nameof(reserve));
        return this with { Reserves = Reserves.SetItem(index, reserve) };
    }

    /// <summary>
    /// A position from plain token balances at the reserve's current indices, scaled as the version mints
    /// (<c>rayDiv</c>; v3.5+: aToken <c>rayDivFloor</c>, debt <c>rayDivCeil</c>). With indices at 1 ray the scaled
    /// balances equal the plain ones; otherwise reading them back may differ by one unit, as on chain.
    /// </summary>
    /// <param name="symbol">A symbol of this market.</param>
    /// <param name="collateral">The aToken balance, in the token's smallest units.</param>
    /// <param name="debt">The variable debt, in the token's smallest units.</param>
    /// <param name="collateralEnabled">Whether the supply counts as collateral.</param>
    /// <returns>The position.</returns>
    /// <exception cref="ArgumentException">The market has no such reserve.</exception>
    public AavePosition PositionFromBalances(string symbol, UInt256 collateral, UInt256 debt, bool collateralEnabled)
    {
        AaveReserve reserve = Reserves[IndexOf(symbol, nameof(symbol))];
        bool directional = Rules.DirectionalRounding;
        UInt256 scaledCollateral = directional ? WadRayMath.RayDivFloor(collateral, reserve.LiquidityIndex) : WadRayMath.RayDiv(collateral, reserve.LiquidityIndex);
        UInt256 scaledDebt = directional ? WadRayMath.RayDivCeil(debt, reserve.VariableBorrowIndex) : WadRayMath.RayDiv(debt, reserve.VariableBorrowIndex);
        // The reserve's own symbol instance (equal to the one given): lookups of the position then find it by reference.
        return new AavePosition(reserve.Symbol, scaledCollateral, scaledDebt, collateralEnabled);
    }

    /// <summary>The aToken balance of <paramref name="position"/>: scaled × liquidity index, in the version's rounding.</summary>
    /// <param name="position">A position in a listed reserve.</param>
    /// <returns>The balance in the token's smallest units.</returns>
    /// <exception cref="ArgumentException">The market has no such reserve.</exception>
    public UInt256 CollateralBalance(AavePosition position) =>
        CollateralBalance(Reserves[IndexOf(position.Symbol, nameof(position))], position.ScaledCollateral);

    /// <summary>The variable debt of <paramref name="position"/>: scaled × borrow index, in the version's rounding.</summary>
    /// <param name="position">A position in a listed reserve.</param>
    /// <returns>The debt in the token's smallest units.</returns>
    /// <exception cref="ArgumentException">The market has no such reserve.</exception>
    public UInt256 DebtBalance(AavePosition position) =>
        DebtBalance(Reserves[IndexOf(position.Symbol, nameof(position))], position.ScaledDebt);

    /// <summary>The reserves' symbols in reserve order (shared by every market derived with a price or reserve change).</summary>
    internal string[] Symbols => _symbols;

    internal int IndexOf(string symbol, string paramName)
    {
        // Accounts usually carry the reserve's own symbol instance: a reference scan of a small market is cheaper
        // than hashing the string.
        string[] symbols = _symbols;
        if (symbols.Length <= 16)
        {
            for (int i = 0; i < symbols.Length; i++)
            {
                if (ReferenceEquals(symbols[i], symbol))
                {
                    return i;
                }
            }
        }

        if (symbol is null || !_bySymbol.TryGetValue(symbol, out int index))
        {
            ThrowHelper.Argument(paramName, symbol, "must be a reserve of this market");
            return -1;
        }

        return index;
    }

    internal UInt256 CollateralBalance(AaveReserve reserve, UInt256 scaled)
    {
        if (scaled.IsZero)
        {
            return UInt256.Zero;
        }

        return Rules.DirectionalRounding ? AaveFastMath.RayMulFloor(scaled, reserve.LiquidityIndex) : AaveFastMath.RayMul(scaled, reserve.LiquidityIndex);
    }

    internal UInt256 DebtBalance(AaveReserve reserve, UInt256 scaled)
    {
        if (scaled.IsZero)
        {
            return UInt256.Zero;
        }

        return Rules.DirectionalRounding ? AaveFastMath.RayMulCeil(scaled, reserve.VariableBorrowIndex) : AaveFastMath.RayMul(scaled, reserve.VariableBorrowIndex);
    }

    /// <summary>Scaled aToken amount a burn or transfer of <paramref name="amount"/> removes.</summary>
    internal UInt256 CollateralBurnScaled(AaveReserve reserve, UInt256 amount) =>
        Rules.DirectionalRounding ? WadRayMath.RayDivCeil(amount, reserve.LiquidityIndex) : WadRayMath.RayDiv(amount, reserve.LiquidityIndex);

    /// <summary>Scaled debt a repayment of <paramref name="amount"/> burns.</summary>
    internal UInt256 DebtBurnScaled(AaveReserve reserve, UInt256 amount) =>
        Rules.DirectionalRounding ? WadRayMath.RayDivFloor(amount, reserve.VariableBorrowIndex) : WadRayMath.RayDiv(amount, reserve.VariableBorrowIndex);

    /// <summary>Collateral value in base currency, rounded down (every version).</summary>
    internal static UInt256 CollateralValue(UInt256 amount, UInt256 price, AaveReserve reserve) =>
        AaveFastMath.MulDivFloor(amount, price, reserve.Decimals, reserve.Unit);

    /// <summary>Debt value in base currency: floor up to v3.4, <c>mulDivCeil</c> from v3.5.</summary>
    internal UInt256 DebtValue(UInt256 amount, UInt256 price, AaveReserve reserve) =>
        Rules.DirectionalRounding
            ? AaveFastMath.MulDivCeil(amount, price, reserve.Decimals, reserve.Unit)
            : AaveFastMath.MulDivFloor(amount, price, reserve.Decimals, reserve.Unit);

    /// <summary>Whether the user's eMode category applies to <paramref name="reserve"/>.</summary>
    internal static bool InEMode(AaveReserve reserve, int userEMode) =>
        userEMode != 0 && reserve.EMode is { } category && category.Id == userEMode;

    /// <summary>The price used for <paramref name="reserve"/> for a user in <paramref name="userEMode"/>.</summary>
    internal UInt256 PriceFor(AaveReserve reserve, int userEMode) =>
        Rules.EModePriceSource && InEMode(reserve, userEMode) && reserve.EMode!.PriceSource is { } source ? source : reserve.Price;
}

using System.Collections.Immutable;
using System.Numerics;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Internal;

namespace LiquidationSim.DeFi.FixedSpread;

/// <summary>
/// Comet (Compound v3) liquidation as pure functions of a <see cref="CometMarket"/> and <see cref="CometAccount"/>s:
/// present and principal values, <c>isLiquidatable</c>, <c>absorb</c>, <c>getReserves</c>, <c>quoteCollateral</c>
/// and <c>buyCollateral</c>, in Comet's integer arithmetic.
/// </summary>
/// <remarks>
/// <para>
/// Source: compound-finance/comet commit d5a30b0 (reference defi.md §3.1), <c>Comet.sol</c> and <c>CometCore.sol</c>.
/// Primitives: <c>mulFactor(n, f) = n·f/1e18</c>, <c>mulPrice(n, p, scale) = n·p/scale</c>,
/// <c>divPrice(n, p, scale) = n·scale/p</c>, all floor; <c>signedMulPrice</c> truncates toward zero;
/// <c>presentValueSupply</c> and <c>principalValueSupply</c> floor, <c>principalValueBorrow</c> rounds up. Interest
/// accrual (<c>accrueInternal</c>) is not modelled: the market's indices are inputs, as after accrual in the same block.
/// </para>
/// <para>
/// Failures Comet reports with a custom error about the state (<c>NotLiquidatable</c>, <c>NotForSale</c>,
/// <c>TooMuchSlippage</c>, <c>InsufficientReserves</c>) come back typed with the state unchanged. Bad arguments (an
/// unknown asset, a duplicated account, totals that would underflow) throw <see cref="ArgumentException"/> naming the
/// parameter before anything is computed; arithmetic Comet would revert on throws <see cref="OverflowException"/> or
/// <see cref="DivideByZeroException"/>. The absorber's <c>LiquidatorPoints</c>, reward tracking and pause flags are
/// not modelled. Stateless; thread safe.
/// </para>
/// </remarks>
public static class CometLiquidation
{
    private static readonly UInt256 s_factorScale = ExponentialNoError.ExpScale;

    /// <summary>
    /// <c>presentValue(principal)</c>: <c>principal·baseSupplyIndex/1e15</c> for a supply,
    /// <c>−(|principal|·baseBorrowIndex/1e15)</c> for a borrow (both magnitudes floor).
    /// </summary>
    /// <param name="market">The market, for its indices.</param>
    /// <param name="principal">A principal (an <c>int104</c>).</param>
    /// <returns>The present value in base smallest units (negative for a borrow).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="principal"/> is outside <c>int104</c>.</exception>
    public static BigInteger PresentValue(CometMarket market, BigInteger principal)
    {
        ArgumentNullException.ThrowIfNull(market);
        CompoundChecks.Int104(principal, nameof(principal));
        return principal.Sign >= 0
            ? (BigInteger)PresentValueSupply(market, (UInt256)principal)
            : -(BigInteger)PresentValueBorrow(market, (UInt256)(-principal));
    }

    /// <summary>
    /// <c>principalValue(presentValue)</c>: <c>principalValueSupply</c> (floor) for a non-negative value,
    /// <c>−principalValueBorrow</c> (ceiling) for a negative one.
    /// </summary>
    /// <param name="market">The market, for its indices.</param>
    /// <param name="presentValue">A present value in base smallest units.</param>
    /// <returns>The principal, an <c>int104</c>.</returns>
    /// <exception cref="OverflowException">The principal does not fit in <c>int104</c> (Comet's <c>safe104</c> reverts).</exception>
    public static BigInteger PrincipalValue(CometMarket market, BigInteger presentValue)
    {
        ArgumentNullException.ThrowIfNull(market);
        BigInteger principal = presentValue.Sign >= 0
            ? (BigInteger)(CompoundChecks.ToUInt256(presentValue, "Comet.principalValueSupply") * CometMarket.BaseIndexScale / market.BaseSupplyIndex)
            : -(BigInteger)PrincipalValueBorrow(market, CompoundChecks.ToUInt256(-presentValue, "Comet.principalValueBorrow"));
        if (principal < -(BigInteger.One << 103) || principal >= (BigInteger.One << 103))
        {
            ThrowHelper.Overflow("Comet.safe104");
        }

        return principal;
    }

    /// <summary>
    /// <c>getReserves()</c> = <c>baseBalance − presentValueSupply(totalSupplyBase) + presentValueBorrow(totalBorrowBase)</c>,
    /// signed: negative when the protocol owes suppliers more than it holds and is owed.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <returns>Reserves in base smallest units.</returns>
    public static BigInteger GetReserves(CometMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        BigInteger reserves = (BigInteger)market.BaseBalance
            - (BigInteger)PresentValueSupply(market, market.TotalSupplyBase)
            + (BigInteger)PresentValueBorrow(market, market.TotalBorrowBase);
        return CompoundChecks.CheckedInt256(reserves, "Comet.getReserves");
    }

    /// <summary><c>getCollateralReserves(asset)</c> = the contract's balance of the asset − <c>totalSupplyAsset</c>.</summary>
    /// <param name="market">The market.</param>
    /// <param name="asset">A collateral asset.</param>
    /// <returns>Collateral the protocol owns (smallest units).</returns>
    /// <exception cref="ArgumentException">The asset is unknown.</exception>
    /// <exception cref="OverflowException">The balance is below the supplied total (reverts on chain).</exception>
    public static UInt256 GetCollateralReserves(CometMarket market, string asset)
    {
        ArgumentNullException.ThrowIfNull(market);
        market.GetAsset(asset, nameof(asset));
        CometCollateralTotals totals = market.GetCollateralTotals(asset);
        return totals.Balance - totals.TotalSupplyAsset;
    }

    /// <summary>
    /// <c>isLiquidatable(account)</c>: false for a non-negative principal; else starting from
    /// <c>signedMulPrice(presentValue(principal), basePrice, baseScale)</c> add, for each held asset in the market's
    /// order, <c>mulFactor(mulPrice(balance, price, scale), liquidateCollateralFactor)</c>, returning false as soon
    /// as the sum is non-negative; liquidatable iff it ends below zero (exactly zero is safe).
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="account">The account.</param>
    /// <returns>Whether <c>absorb</c> would accept the account.</returns>
    /// <exception cref="ArgumentException">The account holds an asset the market does not list.</exception>
    public static bool IsLiquidatable(CometMarket market, CometAccount account) =>
        Liquidity(market, account, liquidate: true, nameof(account)) < 0;

    /// <summary>
    /// <c>isBorrowCollateralized(account)</c>: as <see cref="IsLiquidatable"/> with the borrow collateral factors,
    /// true when the sum is non-negative.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="account">The account.</param>
    /// <returns>Whether the account may borrow what it has borrowed.</returns>
    /// <exception cref="ArgumentException">The account holds an asset the market does not list.</exception>
    public static bool IsBorrowCollateralized(CometMarket market, CometAccount account) =>
        Liquidity(market, account, liquidate: false, nameof(account)) >= 0;

    /// <summary>
    /// <c>absorb(absorber, accounts)</c>: for each account in order, <c>absorbInternal</c> seizes all its collateral
    /// into the protocol, credits <c>divPrice(Σ mulFactor(value, liquidationFactor), basePrice, baseScale)</c> of
    /// base against its debt, erases the debt and leaves <c>max(0, oldBalance + deltaBalance)</c> as a base balance;
    /// a deficit stays with the reserves, which may go negative. Total principals move by
    /// <c>repayAndSupplyAmount(oldPrincipal, newPrincipal)</c>.
    /// </summary>
    /// <param name="market">The market; its totals must include the accounts' balances.</param>
    /// <param name="accounts">The accounts to absorb, each once.</param>
    /// <returns>The new market and accounts with one <see cref="CometAbsorption"/> each, or <see cref="CometError.NotLiquidatable"/> with nothing changed.</returns>
    /// <exception cref="ArgumentException">An account appears twice or holds an unknown asset, or a total would underflow.</exception>
    public static CometAbsorbResult Absorb(CometMarket market, IEnumerable<CometAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(accounts);
        ImmutableArray<CometAccount> input = [.. accounts];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (CometAccount account in input)
        {
            if (account is null)
            {
                ThrowHelper.Argument(nameof(accounts), null, "must not contain null accounts");
            }

            if (!ids.Add(account.Id))
            {
                ThrowHelper.Argument(nameof(accounts), account.Id, "must list each account once");
            }

            CheckAssets(market, account, nameof(accounts));
        }

        BigInteger reservesBefore = GetReserves(market);
        CometMarket current = market;
        ImmutableArray<CometAccount>.Builder after = ImmutableArray.CreateBuilder<CometAccount>(input.Length);
        ImmutableArray<CometAbsorption>.Builder absorptions = ImmutableArray.CreateBuilder<CometAbsorption>(input.Length);
        foreach (CometAccount account in input)
        {
            if (!IsLiquidatable(current, account))
            {
                return new CometAbsorbResult
                {
                    Error = CometError.NotLiquidatable,
                    FailedAccountId = account.Id,
                    Market = market,
                    Accounts = input,
                    Absorptions = [],
                    ReservesBefore = reservesBefore,
                    ReservesAfter = reservesBefore,
                };
            }

            (current, CometAccount absorbed, CometAbsorption absorption) = AbsorbInternal(current, account);
            after.Add(absorbed);
            absorptions.Add(absorption);
        }

        return new CometAbsorbResult
        {
            Error = CometError.None,
            Market = current,
            Accounts = after.MoveToImmutable(),
            Absorptions = absorptions.MoveToImmutable(),
            ReservesBefore = reservesBefore,
            ReservesAfter = GetReserves(current),
        };
    }

    /// <summary>
    /// <c>quoteCollateral(asset, baseAmount)</c>: with
    /// <c>discountFactor = mulFactor(storeFrontPriceFactor, 1e18 − liquidationFactor)</c> and
    /// <c>assetPriceDiscounted = mulFactor(assetPrice, 1e18 − discountFactor)</c>, returns
    /// <c>basePrice·baseAmount·assetScale / assetPriceDiscounted / baseScale</c> (each division floor).
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="asset">The collateral asset to buy.</param>
    /// <param name="baseAmount">Base paid (smallest units).</param>
    /// <returns>Collateral received (smallest units).</returns>
    /// <exception cref="ArgumentException">The asset is unknown.</exception>
    /// <exception cref="OverflowException">A product does not fit in uint256 (reverts on chain).</exception>
    /// <exception cref="DivideByZeroException">The discounted price is zero (reverts on chain).</exception>
    public static UInt256 QuoteCollateral(CometMarket market, string asset, UInt256 baseAmount)
    {
        ArgumentNullException.ThrowIfNull(market);
        CometAssetConfig config = market.GetAsset(asset, nameof(asset));
        UInt256 discountFactor = MulFactor(market.StoreFrontPriceFactor, s_factorScale - config.LiquidationFactor);
        UInt256 assetPriceDiscounted = MulFactor(config.Price, s_factorScale - discountFactor);
        return market.BasePrice * baseAmount * config.Scale / assetPriceDiscounted / market.BaseScale;
    }

    /// <summary>
    /// <c>buyCollateral(asset, minAmount, baseAmount, recipient)</c>: refused with <c>NotForSale</c> when
    /// <c>getReserves()</c> (before the purchase) is non-negative and at least target reserves; otherwise quotes
    /// <paramref name="baseAmount"/>, refuses <c>TooMuchSlippage</c> below <paramref name="minAmount"/> and
    /// <c>InsufficientReserves</c> above the collateral reserves, and moves the base in and the collateral out.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="asset">The collateral asset to buy.</param>
    /// <param name="minAmount">The least collateral the buyer accepts.</param>
    /// <param name="baseAmount">Base paid in (the full amount arrives; no fee-on-transfer base token).</param>
    /// <returns>The new market and the amounts, or a typed failure with the market unchanged.</returns>
    /// <exception cref="ArgumentException">The asset is unknown.</exception>
    /// <exception cref="OverflowException">A product does not fit in uint256, the quote does not fit in uint128 (<c>safe128</c>), or a balance underflows (reverts on chain).</exception>
    public static CometBuyCollateralResult BuyCollateral(CometMarket market, string asset, UInt256 minAmount, UInt256 baseAmount)
    {
        ArgumentNullException.ThrowIfNull(market);
        market.GetAsset(asset, nameof(asset));
        BigInteger reserves = GetReserves(market);
        CometBuyCollateralResult Fail(CometError error, UInt256 quote) => new()
        {
            Error = error,
            Market = market,
            ReservesBefore = reserves,
            BaseAmount = UInt256.Zero,
            CollateralAmount = quote,
        };

        if (reserves.Sign >= 0 && reserves >= (BigInteger)market.TargetReserves)
        {
            return Fail(CometError.NotForSale, UInt256.Zero);
        }

        UInt256 collateralAmount = QuoteCollateral(market, asset, baseAmount);
        if (collateralAmount < minAmount)
        {
            return Fail(CometError.TooMuchSlippage, collateralAmount);
        }

        if (collateralAmount > GetCollateralReserves(market, asset))
        {
            return Fail(CometError.InsufficientReserves, collateralAmount);
        }

        if ((BigInteger)collateralAmount >= (BigInteger.One << 128))
        {
            ThrowHelper.Overflow("Comet.safe128");
        }

        CometCollateralTotals totals = market.GetCollateralTotals(asset);
        CometMarket next = market.WithCollateralTotals(totals with { Balance = totals.Balance - collateralAmount }) with
        {
            BaseBalance = market.BaseBalance + baseAmount,
        };
        return new CometBuyCollateralResult
        {
            Error = CometError.None,
            Market = next,
            ReservesBefore = reserves,
            BaseAmount = baseAmount,
            CollateralAmount = collateralAmount,
        };
    }

    internal static UInt256 MulFactor(UInt256 n, UInt256 factor) => n * factor / s_factorScale;

    internal static UInt256 MulPrice(UInt256 n, UInt256 price, UInt256 scale) => n * price / scale;

    internal static UInt256 DivPrice(UInt256 n, UInt256 price, UInt256 scale) => n * scale / price;

    private static UInt256 PresentValueSupply(CometMarket market, UInt256 principal) =>
        principal * market.BaseSupplyIndex / CometMarket.BaseIndexScale;

    private static UInt256 PresentValueBorrow(CometMarket market, UInt256 principal) =>
        principal * market.BaseBorrowIndex / CometMarket.BaseIndexScale;

    private static UInt256 PrincipalValueBorrow(CometMarket market, UInt256 presentValue) =>
        ((presentValue * CometMarket.BaseIndexScale) + market.BaseBorrowIndex - UInt256.One) / market.BaseBorrowIndex;

    private static BigInteger Liquidity(CometMarket market, CometAccount account, bool liquidate, string paramName)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(account);
        CheckAssets(market, account, paramName);
        if (account.Principal.Sign >= 0)
        {
            return BigInteger.Zero;
        }

        // signedMulPrice: int division truncates toward zero, as BigInteger division does.
        BigInteger liquidity = PresentValue(market, account.Principal) * (BigInteger)market.BasePrice / (BigInteger)market.BaseScale;
        foreach (CometAssetConfig asset in market.Assets)
        {
            UInt256 balance = account.CollateralBalanceOf(asset.Asset);
            if (balance.IsZero)
            {
                continue;
            }

            if (liquidity.Sign >= 0)
            {
                return liquidity;
            }

            UInt256 value = MulPrice(balance, asset.Price, asset.Scale);
            liquidity = CompoundChecks.CheckedInt256(liquidity + (BigInteger)MulFactor(value, liquidate ? asset.LiquidateCollateralFactor : asset.BorrowCollateralFactor), "Comet liquidity");
        }

        return liquidity;
    }

    private static (CometMarket Market, CometAccount Account, CometAbsorption Absorption) AbsorbInternal(CometMarket market, CometAccount account)
    {
        BigInteger oldPrincipal = account.Principal;
        BigInteger oldBalance = PresentValue(market, oldPrincipal);
        UInt256 collateralValue = UInt256.Zero;
        UInt256 deltaValue = UInt256.Zero;
        CometMarket next = market;
        ImmutableArray<CometSeizedCollateral>.Builder seized = ImmutableArray.CreateBuilder<CometSeizedCollateral>();
        foreach (CometAssetConfig asset in market.Assets)
        {
            UInt256 seizeAmount = account.CollateralBalanceOf(asset.Asset);
            if (seizeAmount.IsZero)
            {
                continue;
            }

            CometCollateralTotals totals = next.GetCollateralTotals(asset.Asset);
            if (totals.TotalSupplyAsset < seizeAmount)
            {
                ThrowHelper.Argument("market", totals.TotalSupplyAsset, $"must have CollateralTotals of {asset.Asset} covering account {account.Id}'s balance {seizeAmount} (totalSupplyAsset underflows)");
            }

            next = next.WithCollateralTotals(totals with { TotalSupplyAsset = totals.TotalSupplyAsset - seizeAmount });
            UInt256 value = MulPrice(seizeAmount, asset.Price, asset.Scale);
            UInt256 discounted = MulFactor(value, asset.LiquidationFactor);
            collateralValue += value;
            deltaValue += discounted;
            seized.Add(new CometSeizedCollateral(asset.Asset, seizeAmount, value, discounted));
        }

        UInt256 deltaBalance = DivPrice(deltaValue, market.BasePrice, market.BaseScale);
        BigInteger sum = CompoundChecks.CheckedInt256(oldBalance + (BigInteger)deltaBalance, "Comet.absorbInternal");
        BigInteger newBalance = sum.Sign < 0 ? BigInteger.Zero : sum;
        BigInteger newPrincipal = PrincipalValue(market, newBalance);
        (UInt256 repayAmount, UInt256 supplyAmount) = RepayAndSupplyAmount(oldPrincipal, newPrincipal);
        if (next.TotalBorrowBase < repayAmount)
        {
            ThrowHelper.Argument("market", next.TotalBorrowBase, $"must have TotalBorrowBase covering account {account.Id}'s borrow principal {repayAmount} (totalBorrowBase underflows)");
        }

        next = next with
        {
            TotalSupplyBase = next.TotalSupplyBase + supplyAmount,
            TotalBorrowBase = next.TotalBorrowBase - repayAmount,
        };
        CometAccount absorbed = account with { Principal = newPrincipal, Collateral = [] };
        UInt256 basePaidOut = (UInt256)(newBalance - oldBalance);
        var absorption = new CometAbsorption
        {
            AccountId = account.Id,
            Seized = seized.ToImmutable(),
            OldPrincipal = oldPrincipal,
            NewPrincipal = newPrincipal,
            OldBalance = oldBalance,
            NewBalance = newBalance,
            CollateralValue = collateralValue,
            DeltaValue = deltaValue,
            DeltaBalance = deltaBalance,
            DebtAbsorbed = (UInt256)(-oldBalance),
            Surplus = (UInt256)newBalance,
            Shortfall = sum.Sign < 0 ? (UInt256)(-sum) : UInt256.Zero,
            BasePaidOut = basePaidOut,
            ValueOfBasePaidOut = MulPrice(basePaidOut, market.BasePrice, market.BaseScale),
        };
        return (next, absorbed, absorption);
    }

    /// <summary><c>repayAndSupplyAmount(oldPrincipal, newPrincipal)</c>: how a principal change splits between repaying borrows and adding supply.</summary>
    private static (UInt256 Repay, UInt256 Supply) RepayAndSupplyAmount(BigInteger oldPrincipal, BigInteger newPrincipal)
    {
        if (newPrincipal < oldPrincipal)
        {
            return (UInt256.Zero, UInt256.Zero);
        }

        if (newPrincipal.Sign <= 0)
        {
            return ((UInt256)(newPrincipal - oldPrincipal), UInt256.Zero);
        }

        if (oldPrincipal.Sign >= 0)
        {
            return (UInt256.Zero, (UInt256)(newPrincipal - oldPrincipal));
        }

        return ((UInt256)(-oldPrincipal), (UInt256)newPrincipal);
    }

    private static void CheckAssets(CometMarket market, CometAccount account, string paramName)
    {
        foreach (CometCollateralBalance balance in account.Collateral)
        {
            market.GetAsset(balance.Asset, paramName);
        }
    }
}

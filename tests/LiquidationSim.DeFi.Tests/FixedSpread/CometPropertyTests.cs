using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Properties of Comet over random markets and accounts: absorb conserves value (collateral value × liquidation
/// factor = debt erased + surplus − shortfall, with reserves moving by the base paid out), never raises a debt and is
/// all-or-nothing; liquidatability is monotone in prices; principal rounding never favours the account; collateral
/// sales never pay out more than the protocol owns.
/// </summary>
public sealed class CometPropertyTests
{
    private const int Cases = 300;

    private static readonly Arbitrary<int[]> s_cases = Gen.ArrayOf(Gen.Choose(1, 1_000_000), 12).ToArbitrary();
    private static readonly BigInteger s_factorScale = BigInteger.Pow(10, 18);

    private static Property Run(Action<int[]> property) => Prop.ForAll(s_cases, property);

    private static CometAssetConfig Asset(string name, int decimals, int priceUsd, int seedA, int seedB)
    {
        ulong liquidateCf = (ulong)(seedA % 9000) + 1000;  // 0.1 .. 0.9999
        ulong borrowCf = liquidateCf / 2;
        ulong liquidationFactor = (ulong)(seedB % 10001);    // 0 .. 1.0
        UInt256 e14 = UInt256.Pow10(14);
        return new CometAssetConfig(name, decimals, (ulong)priceUsd * CometMarket.PriceScale, borrowCf * e14, liquidateCf * e14, liquidationFactor * e14, UInt256.Pow10(decimals) * 1_000_000UL);
    }

    private static (CometMarket Market, CometAccount Account) Scenario(int[] v, ulong wethPriceBump = 0, ulong basePriceBump = 0)
    {
        CometAssetConfig weth = Asset("WETH", 18, (v[6] % 5000) + 1, v[3], v[5]);
        weth = weth with { Price = weth.Price + (wethPriceBump * CometMarket.PriceScale) };
        CometAssetConfig wbtc = Asset("WBTC", 8, (v[7] % 100_000) + 1, v[4], v[0]);
        UInt256 wethBalance = (ulong)(v[8] % 1000) * UInt256.Pow10(16);
        UInt256 wbtcBalance = v[9] % 3 == 0 ? UInt256.Zero : (ulong)(v[9] % 1000) * 10_000UL;
        long debtPrincipal = (long)v[10] * ((v[11] % 1000) + 1) * 1000;
        UInt256 supplyIndex = CometMarket.BaseIndexScale + ((ulong)(v[1] % 1000) * UInt256.Pow10(12));
        var market = new CometMarket("USDC", 6, ((ulong)(v[0] % 150) + 50 + basePriceBump) * 1_000_000UL, (ulong)(v[2] % 101) * UInt256.Pow10(16), UInt256.Pow10(12) * (ulong)((v[11] % 10) + 1), [weth, wbtc])
        {
            BaseSupplyIndex = supplyIndex,
            BaseBorrowIndex = supplyIndex + ((ulong)(v[2] % 1000) * UInt256.Pow10(12)),
            TotalSupplyBase = UInt256.Pow10(14),
            TotalBorrowBase = UInt256.Pow10(12) + (ulong)debtPrincipal,
            BaseBalance = (ulong)v[3] * UInt256.Pow10(8),
            CollateralTotals =
            [
                new CometCollateralTotals("WETH", wethBalance + UInt256.Pow10(20), wethBalance + UInt256.Pow10(20)),
                new CometCollateralTotals("WBTC", wbtcBalance + UInt256.Pow10(10), wbtcBalance + UInt256.Pow10(10)),
            ],
        };
        var account = new CometAccount("user", -debtPrincipal, [new CometCollateralBalance("WBTC", wbtcBalance), new CometCollateralBalance("WETH", wethBalance)]);
        return (market, account);
    }

    [CiProperty(MaxTest = Cases)]
    public Property Absorb_conserves_value_and_never_raises_the_debt() => Run(v =>
    {
        (CometMarket market, CometAccount account) = Scenario(v);
        bool liquidatable = CometLiquidation.IsLiquidatable(market, account);
        CometAbsorbResult result = CometLiquidation.Absorb(market, [account]);
        if (!liquidatable)
        {
            result.Error.Should().Be(CometError.NotLiquidatable);
            result.Market.Should().BeSameAs(market);
            result.Accounts.Single().Should().BeSameAs(account);
            return;
        }

        result.Succeeded.Should().BeTrue();
        CometAbsorption a = result.Absorptions.Single();

        // Collateral value × liquidation factor, recomputed from the formulas on BigInteger.
        BigInteger deltaValue = BigInteger.Zero;
        foreach (CometAssetConfig asset in market.Assets)
        {
            BigInteger value = (BigInteger)account.CollateralBalanceOf(asset.Asset) * (BigInteger)asset.Price / (BigInteger)asset.Scale;
            deltaValue += value * (BigInteger)asset.LiquidationFactor / s_factorScale;
        }

        ((BigInteger)a.DeltaValue).Should().Be(deltaValue);
        ((BigInteger)a.DeltaBalance).Should().Be(deltaValue * (BigInteger)market.BaseScale / (BigInteger)market.BasePrice);
        (a.DeltaBalance + a.Shortfall).Should().Be(a.DebtAbsorbed + a.Surplus);
        (a.Shortfall.IsZero || a.Surplus.IsZero).Should().BeTrue();
        ((BigInteger)a.DebtAbsorbed).Should().Be(-CometLiquidation.PresentValue(market, account.Principal));
        ((BigInteger)a.BasePaidOut).Should().Be(a.NewBalance - a.OldBalance);

        // The debt is gone, never raised; the collateral has moved to the protocol.
        CometAccount after = result.Accounts.Single();
        after.Principal.Sign.Should().BeGreaterThanOrEqualTo(0);
        CometLiquidation.PresentValue(result.Market, after.Principal).Should().BeLessThanOrEqualTo(a.NewBalance);
        after.Collateral.Should().BeEmpty();
        foreach (CometAssetConfig asset in market.Assets)
        {
            UInt256 seized = account.CollateralBalanceOf(asset.Asset);
            result.Market.GetCollateralTotals(asset.Asset).TotalSupplyAsset.Should().Be(market.GetCollateralTotals(asset.Asset).TotalSupplyAsset - seized);
            CometLiquidation.GetCollateralReserves(result.Market, asset.Asset).Should().Be(CometLiquidation.GetCollateralReserves(market, asset.Asset) + seized);
        }

        // Reserves pay the base paid out, up to the index roundings of the two totals.
        BigInteger drift = result.ReservesAfter - result.ReservesBefore + (BigInteger)a.BasePaidOut;
        BigInteger.Abs(drift).Should().BeLessThanOrEqualTo(3);
    });

    [CiProperty(MaxTest = Cases)]
    public Property Liquidatability_is_monotone_in_prices() => Run(v =>
    {
        ulong bump = (ulong)(v[(v[1] % 12)] % 10_000) + 1;
        (CometMarket market, CometAccount account) = Scenario(v);
        bool liquidatable = CometLiquidation.IsLiquidatable(market, account);
        (CometMarket collateralUp, _) = Scenario(v, wethPriceBump: bump);
        (CometMarket debtUp, _) = Scenario(v, basePriceBump: bump % 1000);
        if (!liquidatable)
        {
            CometLiquidation.IsLiquidatable(collateralUp, account).Should().BeFalse("a higher collateral price cannot make an account liquidatable");
        }
        else
        {
            CometLiquidation.IsLiquidatable(debtUp, account).Should().BeTrue("a higher base price cannot rescue an account");
        }
    });

    [CiProperty(MaxTest = Cases)]
    public Property Principal_rounding_never_favours_the_account() => Run(v =>
    {
        (CometMarket market, _) = Scenario(v);
        BigInteger amount = (BigInteger)v[4] * v[5];
        CometLiquidation.PresentValue(market, CometLiquidation.PrincipalValue(market, amount)).Should().BeLessThanOrEqualTo(amount, "a supply never grows by rounding");
        CometLiquidation.PresentValue(market, CometLiquidation.PrincipalValue(market, -amount)).Should().BeLessThanOrEqualTo(-amount, "a debt never shrinks by rounding");
    });

    [CiProperty(MaxTest = Cases)]
    public Property Collateral_sales_never_pay_out_more_than_the_protocol_owns() => Run(v =>
    {
        (CometMarket market, CometAccount account) = Scenario(v);
        CometMarket state = CometLiquidation.IsLiquidatable(market, account) ? CometLiquidation.Absorb(market, [account]).Market : market;
        UInt256 baseAmount = (ulong)v[7] * (ulong)v[8];
        foreach (CometAssetConfig asset in state.Assets)
        {
            UInt256 owned = CometLiquidation.GetCollateralReserves(state, asset.Asset);
            BigInteger reserves = CometLiquidation.GetReserves(state);
            CometBuyCollateralResult result = CometLiquidation.BuyCollateral(state, asset.Asset, UInt256.Zero, baseAmount);
            if (result.Succeeded)
            {
                (reserves < (BigInteger)state.TargetReserves).Should().BeTrue();
                result.CollateralAmount.Should().BeLessThanOrEqualTo(owned);
                result.CollateralAmount.Should().Be(CometLiquidation.QuoteCollateral(state, asset.Asset, baseAmount));
                CometLiquidation.GetCollateralReserves(result.Market, asset.Asset).Should().Be(owned - result.CollateralAmount);
                CometLiquidation.GetReserves(result.Market).Should().Be(reserves + (BigInteger)baseAmount);
            }
            else
            {
                result.Market.Should().BeSameAs(state);
                result.Error.Should().BeOneOf(CometError.NotForSale, CometError.InsufficientReserves);
            }
        }
    });

    [Fact]
    public void The_scenarios_cover_every_outcome()
    {
        // Guards the properties above against vacuity: the generator's cases reach each branch.
        var random = new Random(7);
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 500; i++)
        {
            int[] v = Enumerable.Range(0, 12).Select(_ => random.Next(1, 1_000_001)).ToArray();
            (CometMarket market, CometAccount account) = Scenario(v);
            CometAbsorbResult absorbed = CometLiquidation.Absorb(market, [account]);
            outcomes.Add(absorbed.Error.ToString());
            if (absorbed.Succeeded)
            {
                outcomes.Add(absorbed.Absorptions[0].Shortfall.IsZero ? "surplus" : "shortfall");
                outcomes.Add("buy " + CometLiquidation.BuyCollateral(absorbed.Market, "WETH", UInt256.Zero, (ulong)v[7] * (ulong)v[8]).Error);
            }
        }

        outcomes.Should().Contain(["None", "NotLiquidatable", "surplus", "shortfall", "buy None", "buy InsufficientReserves"]);
    }
}

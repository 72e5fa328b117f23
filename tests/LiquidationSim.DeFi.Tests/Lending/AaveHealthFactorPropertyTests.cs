using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Tests.Support;

namespace LiquidationSim.DeFi.Tests.Lending;

/// <summary>
/// Monotonicity of the health factor in prices, over random markets, accounts and versions where each reserve is
/// held as collateral or as debt, not both (<see cref="AaveGen"/>).
/// </summary>
/// <remarks>
/// Raising a debt price never raises HF in any version. Raising a collateral price never lowers HF from v3.5
/// (<c>wadDiv(Σ value·LT, debt) / 1e4</c> grows with each value). Up to v3.4 the formula floors the average threshold
/// before multiplying, so a rise can lower HF (example in
/// <see cref="AaveAccountDataTests.Legacy_health_factor_can_fall_when_a_collateral_price_rises"/>); the property
/// bounds the fall by one basis point of the total collateral: <c>N' ≥ N − T'/1e4 − 1</c> for the numerator
/// <c>N = percentMul(T, avgLT)</c>, so <c>HF − HF' ≤ wadDiv(T'/1e4 + 2, debt) + 1</c>.
/// </remarks>
public sealed class AaveHealthFactorPropertyTests
{
    [CiProperty(MaxTest = 3_000)]
    public Property Health_factor_is_monotone_in_prices() =>
        Prop.ForAll(AaveGen.Cases(oneSided: true), c =>
        {
            string symbol = $"R{c.PriceReserve}";
            AaveAccountData before = AaveAccountData.Calculate(c.Market, c.Account);
            AaveAccountData after = AaveAccountData.Calculate(c.Market.WithPrice(symbol, c.HigherPrice), c.Account);
            int index = c.Account.IndexOf(symbol);
            bool isDebt = index >= 0 && !c.Account.Positions[index].ScaledDebt.IsZero;

            if (isDebt)
            {
                after.HealthFactor.Should().BeLessThanOrEqualTo(before.HealthFactor, "a debt price rose");
            }
            else if (c.Market.Rules.DirectionalRounding || after.HealthFactor >= before.HealthFactor)
            {
                after.HealthFactor.Should().BeGreaterThanOrEqualTo(before.HealthFactor, "a collateral price rose");
            }
            else
            {
                UInt256 bound = WadRayMath.WadDiv(after.TotalCollateralBase / 10_000UL + 2UL, after.TotalDebtBase) + UInt256.One;
                (before.HealthFactor - after.HealthFactor).Should().BeLessThanOrEqualTo(bound, "the legacy fall is at most one bp of collateral");
            }
        });

    [CiProperty(MaxTest = 5_000)]
    public Property Health_factor_fast_path_equals_the_general_fixed_point_math() =>
        Prop.ForAll(AaveGen.Cases(oneSided: false), c =>
        {
            // GenericLogic.calculateUserAccountData written with the general FixedPoint functions only (no AaveFastMath).
            AaveMarket market = c.Market;
            bool directional = market.Rules.DirectionalRounding;
            UInt256 collateral = UInt256.Zero, debt = UInt256.Zero, thresholdSum = UInt256.Zero;
            foreach (AavePosition p in c.Account.Positions)
            {
                AaveReserve r = market.Reserve(p.Symbol);
                UInt256 unit = UInt256.Pow10(r.Decimals);
                if (p.CollateralEnabled && r.LiquidationThreshold != 0 && !p.ScaledCollateral.IsZero)
                {
                    UInt256 balance = directional ? WadRayMath.RayMulFloor(p.ScaledCollateral, r.LiquidityIndex) : WadRayMath.RayMul(p.ScaledCollateral, r.LiquidityIndex);
                    UInt256 value = balance * r.Price / unit;
                    collateral += value;
                    thresholdSum += value * (ulong)r.LiquidationThreshold;
                }

                if (!p.ScaledDebt.IsZero)
                {
                    UInt256 owed = directional ? WadRayMath.RayMulCeil(p.ScaledDebt, r.VariableBorrowIndex) : WadRayMath.RayMul(p.ScaledDebt, r.VariableBorrowIndex);
                    debt += directional ? AaveMathUtils.MulDivCeil(owed, r.Price, unit) : owed * r.Price / unit;
                }
            }

            UInt256 expected = debt.IsZero
                ? UInt256.MaxValue
                : directional
                    ? WadRayMath.WadDiv(thresholdSum, debt) / 10_000UL
                    : WadRayMath.WadDiv(PercentageMath.PercentMul(collateral, collateral.IsZero ? UInt256.Zero : thresholdSum / collateral), debt);
            AaveAccountData.HealthFactorOf(market, c.Account).Should().Be(expected);
            AaveAccountData.Calculate(market, c.Account).HealthFactor.Should().Be(expected);
        });

    [CiProperty(MaxTest = 200)]
    public Property Incremental_recompute_through_the_asset_index_equals_a_full_recompute() =>
        Prop.ForAll(Gen.ArrayOf(AaveGen.Cases(oneSided: false).Generator, 20).ToArbitrary(), cases =>
        {
            AaveMarket market = cases[0].Market;
            AaveUserAccount[] accounts = [.. cases.Select(c => c.Account)];
            AaveAssetIndex index = AaveAssetIndex.Build(accounts);
            UInt256[] hf = [.. accounts.Select(a => AaveAccountData.Calculate(market, a).HealthFactor)];

            string symbol = $"R{cases[0].PriceReserve}";
            AaveMarket moved = market.WithPrice(symbol, cases[0].HigherPrice);
            foreach (int id in index.AccountsHolding(symbol))
            {
                hf[id] = AaveAccountData.HealthFactorOf(moved, accounts[id]);
            }

            hf.Should().Equal(accounts.Select(a => AaveAccountData.Calculate(moved, a).HealthFactor));
        });
}

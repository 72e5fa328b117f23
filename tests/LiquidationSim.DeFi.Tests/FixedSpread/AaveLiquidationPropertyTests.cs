using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Tests.Support;

namespace LiquidationSim.DeFi.Tests.FixedSpread;

/// <summary>
/// Properties of <see cref="AaveLiquidation.Call"/> over random markets, accounts and versions (<see cref="AaveGen"/>):
/// the seizure never exceeds the balance, the fee and the liquidator's part add up to the seizure, no debt ever
/// grows, the input is never changed, and bad input is refused before anything happens.
/// </summary>
public sealed class AaveLiquidationPropertyTests
{
    private const int Cases = 3_000;

    [CiProperty(MaxTest = Cases)]
    public Property Liquidation_conserves_collateral_and_never_raises_debt() =>
        Prop.ForAll(AaveGen.Cases(oneSided: false), c =>
        {
            AaveMarket market = c.Market;
            AavePosition[] before = [.. c.Account.Positions];
            AaveAccountData dataBefore = AaveAccountData.Calculate(market, c.Account);
            AaveLiquidationResult result = AaveLiquidation.Call(market, c.Account, $"R{c.Collateral}", $"R{c.Debt}", c.DebtToCover);

            c.Account.Positions.Should().Equal(before, "the input account is not changed");
            if (!result.IsExecuted)
            {
                result.Account.Should().BeSameAs(c.Account);
                (result.DebtRepaid + result.CollateralSeized + result.ProtocolFee).Should().Be(UInt256.Zero);
                if (!dataBefore.IsLiquidatable)
                {
                    result.Status.Should().Be(AaveLiquidationStatus.NotLiquidatable);
                }

                return;
            }

            dataBefore.IsLiquidatable.Should().BeTrue();
            AavePosition seized = before.Single(p => p.Symbol == $"R{c.Collateral}");
            AavePosition repaid = before.Single(p => p.Symbol == $"R{c.Debt}");
            (result.LiquidatorCollateral + result.ProtocolFee).Should().Be(result.CollateralSeized);
            result.CollateralSeized.Should().BeLessThanOrEqualTo(market.CollateralBalance(seized));
            result.DebtRepaid.Should().BeLessThanOrEqualTo(result.MaxLiquidatableDebt);
            result.DebtRepaid.Should().BeLessThanOrEqualTo(c.DebtToCover);
            result.MaxLiquidatableDebt.Should().BeLessThanOrEqualTo(market.DebtBalance(repaid));

            for (int i = 0; i < before.Length; i++)
            {
                AavePosition after = result.Account.Positions[i];
                after.Symbol.Should().Be(before[i].Symbol);
                after.ScaledDebt.Should().BeLessThanOrEqualTo(before[i].ScaledDebt, "a liquidation never raises a debt");
                after.ScaledCollateral.Should().BeLessThanOrEqualTo(before[i].ScaledCollateral);
            }

            AaveAccountData.Calculate(market, result.Account).TotalDebtBase.Should().BeLessThanOrEqualTo(dataBefore.TotalDebtBase);
            if (market.Rules.BadDebt == AaveBadDebtDetection.None)
            {
                result.Deficits.Should().BeEmpty();
            }
        });

    [CiProperty(MaxTest = 500)]
    public Property Bad_input_is_refused_with_nothing_changed() =>
        Prop.ForAll(AaveGen.Cases(oneSided: false), c =>
        {
            AavePosition[] before = [.. c.Account.Positions];
            UInt256[] prices = [.. c.Market.Reserves.Select(r => r.Price)];

            Action unknownCollateral = () => AaveLiquidation.Call(c.Market, c.Account, "R9", $"R{c.Debt}", c.DebtToCover);
            unknownCollateral.Should().Throw<ArgumentException>().Where(e => e.ParamName == "collateralAsset" && e.Message.Contains("\"R9\""));
            Action unknownDebt = () => AaveLiquidation.Call(c.Market, c.Account, $"R{c.Collateral}", "", c.DebtToCover);
            unknownDebt.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("debtAsset");
            Action zero = () => AaveLiquidation.Call(c.Market, c.Account, $"R{c.Collateral}", $"R{c.Debt}", UInt256.Zero);
            zero.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("debtToCover");
            Action zeroPrice = () => c.Market.WithPrice($"R{c.PriceReserve}", UInt256.Zero);
            zeroPrice.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("price");

            c.Account.Positions.Should().Equal(before);
            c.Market.Reserves.Select(r => r.Price).Should().Equal(prices);
        });
}

using LiquidationSim.Liquidation;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// The subaccount-level totals (issue 16): TNC and TMMR added up from the USDC balance and the positions as the chain
/// adds them — net notional truncated toward zero to a quote quantum (10⁻⁶ USDC), maintenance margin rounded up.
/// </summary>
public sealed class DydxSubaccountMarginTests
{
    [Fact]
    public void Totals_add_the_balance_and_every_position()
    {
        // 500 USDC; long 1 BTC at 10,000 (3 %: PNNV 10,000, PMMR 300); short 10 ETH at 500 (5 %: PNNV −5,000, PMMR 250).
        // TNC = 500 + 10,000 − 5,000 = 5,500; TMMR = 550.
        DydxSubaccountMargin m = DydxLiquidation.SubaccountMargin(500m, [new(1m, 10_000m, 0.03m), new(-10m, 500m, 0.05m)]);

        m.Should().Be(new DydxSubaccountMargin(5_500m, 550m));
        m.IsLiquidatable.Should().BeFalse();
    }

    [Fact]
    public void Each_position_is_rounded_as_the_chain_rounds_it()
    {
        // 0.333333 × 3.000001 = 0.999999333333: truncated to 0.999999; 5 % of it, 0.04999995, rounds up to 0.05.
        // A short of the same: −0.999999 (toward zero), its margin 0.05 again. A balance of 1.0000009 rounds down to 1.
        DydxSubaccountMargin m = DydxLiquidation.SubaccountMargin(1.0000009m, [new(0.333333m, 3.000001m, 0.05m), new(-0.333333m, 3.000001m, 0.05m)]);

        m.Should().Be(new DydxSubaccountMargin(1m, 0.1m));
    }

    [Fact]
    public void A_position_read_through_the_totals_gives_the_figures_of_the_long_form()
    {
        // −9,000 USDC and long 1 BTC at an oracle of 9,250 (3 %): TNC = −9,000 + 9,250 = 250 < TMMR 277.5: liquidatable.
        var btc = new DydxPerpetualPosition(1m, 9_250m, 0.03m);
        DydxSubaccountMargin m = DydxLiquidation.SubaccountMargin(-9_000m, [btc]);
        (m.TotalNetCollateral, m.TotalMaintenanceMargin, m.IsLiquidatable).Should().Be((250m, 277.5m, true));

        DydxPositionLiquidation viaTotals = DydxLiquidation.ForPosition(m, btc, DydxLiquidationConfig.Default);
        DydxPositionLiquidation longForm = DydxLiquidation.ForPosition(1m, 9_250m, 0.03m, 250m, 277.5m, DydxLiquidationConfig.Default);

        viaTotals.Should().Be(longForm);
        viaTotals.PositionNetNotional.Should().Be(9_250m);
        viaTotals.IsLiquidatable.Should().BeTrue();
    }

    [Fact]
    public void A_bad_position_is_refused_naming_its_place()
    {
        Action zero = () => DydxLiquidation.SubaccountMargin(0m, [new(1m, 1m, 0.03m), new(0m, 1m, 0.03m)]);
        Action price = () => DydxLiquidation.SubaccountMargin(0m, [new(1m, 0m, 0.03m)]);
        Action fraction = () => DydxLiquidation.SubaccountMargin(0m, [new(1m, 1m, 1.5m)]);

        zero.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "positions[1].Size");
        price.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "positions[0].OraclePrice");
        fraction.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "positions[0].MaintenanceMarginFraction" && e.Message.Contains("1.5", StringComparison.Ordinal));
    }
}

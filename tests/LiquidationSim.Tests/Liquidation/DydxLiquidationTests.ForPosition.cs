using LiquidationSim.Liquidation;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>The decimal per-position convenience (<see cref="DydxLiquidation.ForPosition(decimal, decimal, decimal, decimal, decimal, DydxLiquidationConfig)"/>): USDC, base units, USDC per base unit.</summary>
public sealed partial class DydxLiquidationTests
{
    /// <summary>
    /// liquidations_test.go, <c>TestGetFillablePrice</c> and <c>TestGetBankruptcyPriceInQuoteQuantums</c>, "one long
    /// position slightly below maintenance margin requirements", in decimal units: 0.1 BTC at $50,000 with 10%
    /// maintenance, TNC $499, TMMR $500. Fillable 499.99 quote quantums per base quantum = $49,999 per BTC; bankruptcy
    /// 4,501,000,000 quote quantums = $4,501 for the 0.1 BTC, $45,010 per BTC.
    /// </summary>
    [Fact]
    public void For_position_reproduces_the_chain_vectors_in_usdc()
    {
        DydxPositionLiquidation p = DydxLiquidation.ForPosition(0.1m, 50_000m, 0.1m, 499m, 500m, DydxLiquidationConfig.Default);

        p.PositionNetNotional.Should().Be(5_000m);
        p.PositionMaintenanceMargin.Should().Be(500m);
        p.IsLiquidatable.Should().BeTrue();
        p.FillablePrice.Should().Be(49_999m);
        p.BankruptcyQuote(0.1m).Should().Be(4_501m);
        p.BankruptcyPrice(0.1m).Should().Be(45_010m);

        DydxPositionLiquidation s = DydxLiquidation.ForPosition(-0.1m, 50_000m, 0.1m, 499m, 500m, DydxLiquidationConfig.Default);
        s.FillablePrice.Should().Be(50_001m, "the short mirror (TestGetFillablePrice 'one short slightly below')");
        s.BankruptcyQuote(0.1m).Should().Be(-5_499m);
        s.BankruptcyPrice(0.1m).Should().Be(54_990m);
    }

    /// <summary>
    /// liquidations_test.go, <c>TestGetBankruptcyPriceInQuoteQuantums</c>, "Rounds up bankruptcy price…": 1 BTC at
    /// $50,000, $13 short of the notional, closing 0.00021347 BTC: $0.002776 for the long (up from $0.00277511) and
    /// −$0.002775 for the short (up, toward +∞, from −$0.00277511).
    /// </summary>
    [Fact]
    public void For_position_reproduces_the_chain_rounding_vectors_in_usdc()
    {
        DydxLiquidation.ForPosition(1m, 50_000m, 0.1m, 49_987m, 5_000m, DydxLiquidationConfig.Default)
            .BankruptcyQuote(0.00021347m).Should().Be(0.002776m);
        DydxLiquidation.ForPosition(-1m, 50_000m, 0.1m, -49_987m, 5_000m, DydxLiquidationConfig.Default)
            .BankruptcyQuote(0.00021347m).Should().Be(-0.002775m);
    }

    /// <summary>
    /// liquidations_test.go, <c>TestGetLiquidationInsuranceFundDelta</c> in USDC: 0.1 BTC long with quote −$5,100 is TNC
    /// −$100, TMMR $500, bankruptcy $5,100. A fill at $56,100 receives $5,610: fee min(0.5% × $5,610, $510) = $28.05.
    /// At $50,490 ($5,049) the fund pays $51.
    /// </summary>
    [Fact]
    public void For_position_reproduces_the_chain_insurance_vectors_in_usdc()
    {
        DydxPositionLiquidation p = DydxLiquidation.ForPosition(0.1m, 50_000m, 0.1m, -100m, 500m, DydxLiquidationConfig.Default);

        p.BankruptcyQuote(0.1m).Should().Be(5_100m);
        p.InsuranceFundDelta(0.1m, 56_100m).Should().Be(28.05m);
        p.LiquidationFee(0.1m, 56_100m).Should().Be(28.05m);
        p.InsuranceFundDelta(0.1m, 50_490m).Should().Be(-51m);
        p.LiquidationFee(0.1m, 50_490m).Should().Be(0m);
    }

    /// <summary>
    /// Hand-derived rounding to quote quantums: 0.123456789 base units at 1.5 is 0.1851851835 USDC of notional,
    /// truncated toward zero to 0.185185 (−0.185185 for the short, not −0.185186); 10% of it, 0.0185185, rounds up to
    /// 0.018519. Totals given with more places round on the venue-safe side: TNC 499.0000009 down to 499.000000,
    /// TMMR 499.9999991 up to 500.000000.
    /// </summary>
    [Fact]
    public void For_position_rounds_to_quote_quantums_where_the_chain_does()
    {
        DydxPositionLiquidation l = DydxLiquidation.ForPosition(0.123456789m, 1.5m, 0.1m, 0m, 1m, DydxLiquidationConfig.Default);
        l.PositionNetNotional.Should().Be(0.185185m);
        l.PositionMaintenanceMargin.Should().Be(0.018519m);

        DydxPositionLiquidation s = DydxLiquidation.ForPosition(-0.123456789m, 1.5m, 0.1m, 0m, 1m, DydxLiquidationConfig.Default);
        s.PositionNetNotional.Should().Be(-0.185185m);
        s.PositionMaintenanceMargin.Should().Be(0.018519m);

        DydxPositionLiquidation t = DydxLiquidation.ForPosition(0.1m, 50_000m, 0.1m, 499.0000009m, 499.9999991m, DydxLiquidationConfig.Default);
        t.TotalNetCollateral.Should().Be(499m);
        t.TotalMaintenanceMargin.Should().Be(500m);
        t.FillablePrice.Should().Be(49_999m);
    }

    /// <summary>
    /// Hand-derived: a long whose collateral exceeds what the position can lose has a negative bankruptcy price
    /// (liquidations_test.go, <c>TestGetBankruptcyPriceInQuoteQuantums</c>, "cannot be liquidated at a loss": −$1 for
    /// 1 BTC, so −$1 per BTC); any fill then leaves a surplus.
    /// </summary>
    [Fact]
    public void For_position_bankruptcy_price_can_be_negative()
    {
        DydxPositionLiquidation p = DydxLiquidation.ForPosition(1m, 50_000m, 0.1m, 50_001m, 5_000m, DydxLiquidationConfig.Default);

        p.IsLiquidatable.Should().BeFalse();
        p.FillablePrice.Should().Be(50_000m, "ABR is 0 when TNC ≥ TMMR");
        p.BankruptcyQuote(1m).Should().Be(-1m);
        p.BankruptcyPrice(1m).Should().Be(-1m);
    }

    /// <summary>
    /// Hand-derived with the sample pre-genesis config (see <see cref="Sample_pregenesis_config_in_a_hand_worked_liquidation"/>):
    /// 0.1 BTC at $50,000, TNC $250: fillable $46,250; bankruptcy $47,500 per BTC; at most 0.02 BTC per liquidation
    /// ($1,000 of $5,000); a fill of 0.02 BTC counts $1,000 against the block's notional. Bankruptcy for 0.02 BTC:
    /// DNNV −$1,000, DMMR −$100, $1,000 − $250 × $100 ÷ $500 = $950, $47,500 per BTC. A fill at $46,250 receives $925:
    /// the fund pays $25.
    /// </summary>
    [Fact]
    public void For_position_with_the_sample_pregenesis_config()
    {
        DydxPositionLiquidation p = DydxLiquidation.ForPosition(0.1m, 50_000m, 0.1m, 250m, 500m, DydxLiquidationConfig.SamplePregenesis);

        p.FillablePrice.Should().Be(46_250m);
        p.BankruptcyPrice(0.1m).Should().Be(47_500m);
        p.MaxLiquidatableSize(0.0001m, DydxSubaccountLiquidationInfo.Empty).Should().Be(0.02m);
        p.FillNotional(0.02m).Should().Be(1_000m);
        p.BankruptcyQuote(0.02m).Should().Be(950m);
        p.InsuranceFundDelta(0.02m, 46_250m).Should().Be(-25m);

        DydxSubaccountLiquidationInfo after = p.RecordFill(DydxSubaccountLiquidationInfo.Empty, 0.02m, 46_250m);
        after.Should().Be(new DydxSubaccountLiquidationInfo(1_000_000_000, 25_000_000));
        p.IsWithinBlockLimits(after, 0.02m, 46_250m).Should().BeTrue();
    }

    /// <summary>
    /// Hand-derived: the block allowance in USDC terms. Sample pre-genesis allows $100,000 of notional per block; with
    /// $99,500 already liquidated, $500 remain = 0.01 BTC at $50,000 (the position limit of $1,000 is larger).
    /// </summary>
    [Fact]
    public void For_position_max_size_respects_the_block_allowance()
    {
        DydxPositionLiquidation p = DydxLiquidation.ForPosition(0.1m, 50_000m, 0.1m, 250m, 500m, DydxLiquidationConfig.SamplePregenesis);
        var liquidated = new DydxSubaccountLiquidationInfo(99_500_000_000, 0);

        p.MaxLiquidatableSize(0.0001m, liquidated).Should().Be(0.01m);
        p.IsWithinBlockLimits(liquidated, 0.01m, 50_000m).Should().BeTrue();
        p.IsWithinBlockLimits(liquidated, 0.0101m, 50_000m).Should().BeFalse();
    }
}

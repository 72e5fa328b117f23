using LiquidationSim.Instruments;
using LiquidationSim.Liquidation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>Bad input is refused with an ArgumentException naming the parameter and showing the value.</summary>
public sealed partial class DydxLiquidationTests
{
    private static readonly DydxLiquidationConfig _default = DydxLiquidationConfig.Default;

    [Theory]
    [InlineData(0L, -1L, 10L, "totalMaintenanceMargin", "0")]
    [InlineData(-5L, -1L, 10L, "totalMaintenanceMargin", "-5")]
    [InlineData(10L, 1L, 10L, "deltaMaintenanceMargin", "1")]
    [InlineData(10L, -11L, 10L, "deltaMaintenanceMargin", "-11")]
    public void Bankruptcy_refuses_bad_margins(long tmmr, long dmmr, long tnc, string param, string value) =>
        FluentActions.Invoking(() => DydxLiquidation.BankruptcyPriceQuote(-100, dmmr, tnc, tmmr)).ShouldRefuse(param, value);

    [Fact]
    public void Bankruptcy_refuses_a_result_beyond_int64() =>
        FluentActions.Invoking(() => DydxLiquidation.BankruptcyPriceQuote(long.MinValue, -1, -10, 3)).ShouldRefuse("deltaNetNotional", "9223372036854775812");

    [Theory]
    [InlineData(0L, 0L, 0L, 10L, "positionSize", "0")]
    [InlineData(10L, -5L, 1L, 10L, "positionNetNotional", "-5")]
    [InlineData(-10L, 5L, 1L, 10L, "positionNetNotional", "5")]
    [InlineData(10L, 5L, -1L, 10L, "positionMaintenanceMargin", "-1")]
    [InlineData(10L, 5L, 11L, 10L, "positionMaintenanceMargin", "11")]
    [InlineData(10L, 5L, 1L, 0L, "totalMaintenanceMargin", "0")]
    public void Fillable_price_refuses_inconsistent_position_figures(long ps, long pnnv, long pmmr, long tmmr, string param, string value) =>
        FluentActions.Invoking(() => DydxLiquidation.FillablePrice(ps, pnnv, pmmr, 0, tmmr, _default)).ShouldRefuse(param, value);

    /// <summary>
    /// Hand-derived: PNNV 1 with PMMR 100 and TNC 0 (ABR 1): 1 − 0.1 × 100 = −9 &lt; 0, a negative fillable price, on
    /// which the chain panics.
    /// </summary>
    [Fact]
    public void Fillable_price_refuses_a_spread_beyond_the_notional() =>
        FluentActions.Invoking(() => DydxLiquidation.FillablePrice(1, 1, 100, 0, 100, _default)).ShouldRefuse("positionMaintenanceMargin", "100");

    [Fact]
    public void Methods_refuse_a_missing_config()
    {
        FluentActions.Invoking(() => DydxLiquidation.FillablePrice(1, 1, 0, 0, 1, null!)).Should().Throw<ArgumentNullException>().WithParameterName("config");
        FluentActions.Invoking(() => DydxLiquidation.InsuranceFundDelta(1, 1, null!)).Should().Throw<ArgumentNullException>().WithParameterName("config");
        FluentActions.Invoking(() => DydxLiquidation.MaxLiquidatableSize(1, 1m, 1, default, null!)).Should().Throw<ArgumentNullException>().WithParameterName("config");
        FluentActions.Invoking(() => DydxLiquidation.ForPosition(1m, 1m, 0.1m, 0m, 1m, null!)).Should().Throw<ArgumentNullException>().WithParameterName("config");
    }

    [Theory]
    [InlineData(0L, "1", 5ul, "positionSize", "0")]
    [InlineData(10L, "0", 5ul, "oraclePrice", "0")]
    [InlineData(10L, "-2.5", 5ul, "oraclePrice", "-2.5")]
    [InlineData(10L, "500", 0ul, "stepBaseQuantums", "0")]
    public void Max_liquidatable_size_refuses_bad_input(long ps, string price, ulong step, string param, string value) =>
        FluentActions.Invoking(() => DydxLiquidation.MaxLiquidatableSize(ps, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), step, default, _default))
            .ShouldRefuse(param, value);

    [Fact]
    public void Block_limit_methods_refuse_counters_past_the_limit()
    {
        DydxLiquidationConfig config = _default with { MaxNotionalLiquidatedPerBlock = 100, MaxQuantumsInsuranceLostPerBlock = 100 };
        var pastNotional = new DydxSubaccountLiquidationInfo(101, 0);
        var pastInsurance = new DydxSubaccountLiquidationInfo(0, 101);
        const string notionalText = "DydxSubaccountLiquidationInfo { NotionalLiquidated = 101, QuantumsInsuranceLost = 0 }";

        FluentActions.Invoking(() => DydxLiquidation.MaxLiquidatableSize(10, 1m, 1, pastNotional, config)).ShouldRefuse("liquidatedThisBlock", notionalText);
        FluentActions.Invoking(() => DydxLiquidation.RemainingNotionalLiquidatable(pastNotional, config)).ShouldRefuse("liquidatedThisBlock", notionalText);
        FluentActions.Invoking(() => DydxLiquidation.IsWithinBlockLimits(1, 0, pastInsurance, config))
            .ShouldRefuse("liquidatedThisBlock", "DydxSubaccountLiquidationInfo { NotionalLiquidated = 0, QuantumsInsuranceLost = 101 }");
    }

    [Fact]
    public void Liquidation_info_refuses_to_overflow_its_counters()
    {
        FluentActions.Invoking(() => new DydxSubaccountLiquidationInfo(ulong.MaxValue, 0).Record(1, 0)).ShouldRefuse("notionalLiquidated", "1");
        FluentActions.Invoking(() => new DydxSubaccountLiquidationInfo(0, ulong.MaxValue).Record(0, -1)).ShouldRefuse("insuranceFundDelta", "-1");
        new DydxSubaccountLiquidationInfo(0, ulong.MaxValue).Record(0, 1).Should().Be(new DydxSubaccountLiquidationInfo(0, ulong.MaxValue), "fees do not count");
    }

    [Fact]
    public void Quote_quantums_per_base_quantum_refuses_bad_market_parameters()
    {
        FluentActions.Invoking(() => DydxLiquidation.QuoteQuantumsPerBaseQuantum(0, -5, -8)).ShouldRefuse("priceValue", "0");
        FluentActions.Invoking(() => DydxLiquidation.QuoteQuantumsPerBaseQuantum(1, -30, -8)).ShouldRefuse("priceExponent", "-30");
        FluentActions.Invoking(() => DydxLiquidation.QuoteQuantumsPerBaseQuantum(ulong.MaxValue, 20, 0)).ShouldRefuse("priceExponent", "20");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Config validation: the chain's Validate rules, in the constructor and in `with`.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Config_refuses_each_value_the_chain_refuses()
    {
        FluentActions.Invoking(() => _default with { MaxLiquidationFeePpm = 0 }).ShouldRefuse("MaxLiquidationFeePpm", "0");
        FluentActions.Invoking(() => _default with { MaxLiquidationFeePpm = 1_000_001 }).ShouldRefuse("MaxLiquidationFeePpm", "1000001");
        FluentActions.Invoking(() => _default with { BankruptcyAdjustmentPpm = 999_999 }).ShouldRefuse("BankruptcyAdjustmentPpm", "999999");
        FluentActions.Invoking(() => _default with { SpreadToMaintenanceMarginRatioPpm = 0 }).ShouldRefuse("SpreadToMaintenanceMarginRatioPpm", "0");
        FluentActions.Invoking(() => _default with { MaxPositionPortionLiquidatedPpm = 0 }).ShouldRefuse("MaxPositionPortionLiquidatedPpm", "0");
        FluentActions.Invoking(() => _default with { MaxPositionPortionLiquidatedPpm = 1_000_001 }).ShouldRefuse("MaxPositionPortionLiquidatedPpm", "1000001");
        FluentActions.Invoking(() => _default with { MaxNotionalLiquidatedPerBlock = 0 }).ShouldRefuse("MaxNotionalLiquidatedPerBlock", "0");
        FluentActions.Invoking(() => _default with { MaxQuantumsInsuranceLostPerBlock = 0 }).ShouldRefuse("MaxQuantumsInsuranceLostPerBlock", "0");
        FluentActions.Invoking(() => _default with { Source = new SourceReference(" ", new DateOnly(2026, 1, 1)) }).ShouldRefuse("Source.Citation", "\" \"");
    }

    [Fact]
    public void Config_constructor_validates_too()
    {
        SourceReference source = SourceReference.UserSupplied(new DateOnly(2026, 1, 1));

        FluentActions.Invoking(() => new DydxLiquidationConfig(0, 1_000_000, 1, 0, 1, 1, 1, source)).ShouldRefuse("MaxLiquidationFeePpm", "0");
        FluentActions.Invoking(() => new DydxLiquidationConfig(1, 0, 1, 0, 1, 1, 1, source)).ShouldRefuse("BankruptcyAdjustmentPpm", "0");
        FluentActions.Invoking(() => new DydxLiquidationConfig(1, 1_000_000, 1, 0, 1, 0, 1, source)).ShouldRefuse("MaxNotionalLiquidatedPerBlock", "0");
        new DydxLiquidationConfig(1, 1_000_000, 1, 0, 1, 1, 1, source).MinPositionNotionalLiquidated.Should().Be(0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The decimal convenience.
    // ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("0", "50000", "0.1", "499", "500", "positionSize", "0")]
    [InlineData("0.1", "0", "0.1", "499", "500", "oraclePrice", "0")]
    [InlineData("0.1", "50000", "-0.1", "499", "500", "maintenanceMarginFraction", "-0.1")]
    [InlineData("0.1", "50000", "1.1", "499", "500", "maintenanceMarginFraction", "1.1")]
    [InlineData("0.1", "50000", "0.1", "499", "0", "totalMaintenanceMargin", "0")]
    [InlineData("0.1", "50000", "0.1", "499", "-1", "totalMaintenanceMargin", "-1")]
    [InlineData("0.1", "50000", "0.1", "499", "499.99", "totalMaintenanceMargin", "499.99")]
    public void For_position_refuses_bad_input(string size, string price, string fraction, string tnc, string tmmr, string param, string value)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

        FluentActions.Invoking(() => DydxLiquidation.ForPosition(D(size), D(price), D(fraction), D(tnc), D(tmmr), _default)).ShouldRefuse(param, value);
    }

    /// <summary>
    /// Hand-derived: with the sample pre-genesis SMMR 1.5 and a 70% maintenance fraction at TNC 0 (ABR 1) the spread is
    /// 1.5 × 70% = 105% of the notional: a negative fillable price, refused (the chain panics).
    /// </summary>
    [Fact]
    public void For_position_refuses_a_spread_beyond_the_notional() =>
        FluentActions.Invoking(() => DydxLiquidation.ForPosition(1m, 100m, 0.7m, 0m, 70m, DydxLiquidationConfig.SamplePregenesis))
            .ShouldRefuse("maintenanceMarginFraction", "0.7");

    [Fact]
    public void For_position_methods_refuse_bad_sizes_and_prices()
    {
        DydxPositionLiquidation p = DydxLiquidation.ForPosition(-0.1m, 50_000m, 0.1m, 499m, 500m, _default);

        FluentActions.Invoking(() => p.BankruptcyQuote(0m)).ShouldRefuse("closeSize", "0");
        FluentActions.Invoking(() => p.BankruptcyPrice(-0.01m)).ShouldRefuse("closeSize", "-0.01");
        FluentActions.Invoking(() => p.InsuranceFundDelta(0.11m, 50_000m)).ShouldRefuse("closeSize", "0.11");
        FluentActions.Invoking(() => p.LiquidationFee(0.1m, 0m)).ShouldRefuse("fillPrice", "0");
        FluentActions.Invoking(() => p.FillNotional(0.2m)).ShouldRefuse("closeSize", "0.2");
        FluentActions.Invoking(() => p.MaxLiquidatableSize(0m, default)).ShouldRefuse("stepSize", "0");
        FluentActions.Invoking(() => p.RecordFill(default, 0.1m, -1m)).ShouldRefuse("fillPrice", "-1");
        FluentActions.Invoking(() => p.IsWithinBlockLimits(default, 0m, 1m)).ShouldRefuse("closeSize", "0");
    }
}

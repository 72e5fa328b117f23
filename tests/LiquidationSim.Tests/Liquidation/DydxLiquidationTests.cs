using LiquidationSim.Liquidation;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// dYdX v4 liquidation rules (reference cefi.md §5; dydxprotocol/v4-chain protocol/x/clob/keeper/liquidations.go).
/// Hand-derived cases carry their arithmetic in comments; the chain's own test vectors cite
/// <c>protocol/x/clob/keeper/liquidations_test.go</c>, the test function and the case name.
/// </summary>
/// <remarks>
/// The chain's test fixture, as those tests set it up: BTC at $50,000 with atomic resolution −8 is 500 quote quantums
/// per base quantum (0.1 BTC = 10,000,000 base quantums = 5,000,000,000 quote quantums); ETH at $3,000 with atomic
/// resolution −9 is 3 quote quantums per base quantum. Both perpetuals (<c>*_20PercentInitial_10PercentMaintenance</c>)
/// have 20% initial margin and a 50% maintenance fraction, so maintenance margin is
/// ⌈⌈|notional| × 0.2⌉ × 0.5⌉ = 10% of notional. One dollar is 1,000,000 quote quantums.
/// </remarks>
public sealed partial class DydxLiquidationTests
{
    private const long Btc = 500;
    private const long Eth = 3;
    private const long Dollar = 1_000_000;
    private const long OneTenthBtc = 10_000_000;
    private const long OneBtc = 100_000_000;
    private const long FourThousandthsBtc = 400_000;
    private const long OneTenthEth = 100_000_000;

    /// <summary><c>LiquidationsConfig_No_Limit</c> of the chain's test constants: minimum notional 1, whole position, no block limits.</summary>
    private static readonly DydxLiquidationConfig _noLimit = DydxLiquidationConfig.Default with
    {
        MinPositionNotionalLiquidated = 1,
        MaxNotionalLiquidatedPerBlock = ulong.MaxValue,
        MaxQuantumsInsuranceLostPerBlock = ulong.MaxValue,
    };

    // ---------------------------------------------------------------------------------------------------------
    // The chain's fixture: net notional and maintenance margin as x/perpetuals/lib computes them.
    // ---------------------------------------------------------------------------------------------------------

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static long NetNotional(long quantums, long price) => quantums * price;

    private static long MaintenanceMargin(long quantums, long price) =>
        CeilDiv(CeilDiv(Math.Abs(quantums) * price * 200_000, 1_000_000) * 500_000, 1_000_000);

    /// <summary>TNC and TMMR of a subaccount with a quote balance and positions (quantums, price per quantum).</summary>
    private static (long Tnc, long Tmmr) Totals(long quoteBalance, params (long Quantums, long Price)[] positions) =>
        (quoteBalance + positions.Sum(p => NetNotional(p.Quantums, p.Price)), positions.Sum(p => MaintenanceMargin(p.Quantums, p.Price)));

    /// <summary>The chain's bankruptcy price for <paramref name="delta"/> on the first position of the subaccount.</summary>
    private static long ChainBankruptcy(long quoteBalance, long delta, params (long Quantums, long Price)[] positions)
    {
        (long tnc, long tmmr) = Totals(quoteBalance, positions);
        (long q, long price) = positions[0];
        long dnnv = NetNotional(q + delta, price) - NetNotional(q, price);
        long dmmr = MaintenanceMargin(q + delta, price) - MaintenanceMargin(q, price);
        return DydxLiquidation.BankruptcyPriceQuote(dnnv, dmmr, tnc, tmmr);
    }

    private static decimal ChainFillablePrice(long quoteBalance, DydxLiquidationConfig config, params (long Quantums, long Price)[] positions)
    {
        (long tnc, long tmmr) = Totals(quoteBalance, positions);
        (long q, long price) = positions[0];
        return DydxLiquidation.FillablePrice(q, NetNotional(q, price), MaintenanceMargin(q, price), tnc, tmmr, config);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bankruptcy price: −DNNV − TNC × |DMMR| ÷ TMMR, rounded toward +∞.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Hand-derived, closing part of a long: DNNV −100, DMMR −1, TNC 10, TMMR 3.
    /// Exact: 100 − 10 × 1 ÷ 3 = 96.67; ⌊10 ÷ 3⌋ = 3 is subtracted, so 100 − 3 = 97, toward +∞ (97 &gt; 96.67).
    /// </summary>
    [Fact]
    public void Bankruptcy_rounds_toward_positive_infinity_with_positive_collateral() =>
        DydxLiquidation.BankruptcyPriceQuote(-100, -1, 10, 3).Should().Be(97);

    /// <summary>
    /// Hand-derived, negative TNC (underwater): DNNV −100, DMMR −1, TNC −10, TMMR 3.
    /// Exact: 100 − (−10 ÷ 3) = 103.33. The chain's Euclidean division gives ⌊−3.33⌋ = −4, so 100 + 4 = 104: the last
    /// unit goes up. Truncating the division toward zero (−3) would give 103, one quantum short of bankruptcy.
    /// </summary>
    [Fact]
    public void Bankruptcy_rounds_toward_positive_infinity_not_toward_zero_when_collateral_is_negative()
    {
        DydxLiquidation.BankruptcyPriceQuote(-100, -1, -10, 3).Should().Be(104);
        (100m - (-10m / 3m)).Should().BeApproximately(103.333m, 0.001m, "the exact value lies strictly between 103 and 104");
    }

    /// <summary>
    /// Hand-derived, closing part of a short: DNNV +100, DMMR −1, TNC 10, TMMR 3.
    /// Exact: −100 − 3.33 = −103.33; −100 − ⌊3.33⌋ = −103, toward +∞ (the short may pay at most 103, not 104).
    /// </summary>
    [Fact]
    public void Bankruptcy_of_a_short_is_negative_and_rounds_toward_positive_infinity() =>
        DydxLiquidation.BankruptcyPriceQuote(100, -1, 10, 3).Should().Be(-103);

    /// <summary>Hand-derived: when the division is exact nothing rounds. −(−5,000) − 499 × 500 ÷ 500 = 4,501.</summary>
    [Fact]
    public void Bankruptcy_is_exact_when_the_division_is() =>
        DydxLiquidation.BankruptcyPriceQuote(-5_000, -500, 499, 500).Should().Be(4_501);

    /// <summary>
    /// liquidations_test.go, <c>TestGetBankruptcyPriceInQuoteQuantums</c>: each case's quote balance (dollars), positions
    /// and delta, and the expected quote quantums. Case names abbreviated from the test map's keys.
    /// </summary>
    [Theory]
    [InlineData("fully closing one long slightly below MMR", -4_501, OneTenthBtc, -OneTenthBtc, 4_501_000_000)]
    [InlineData("fully closing one short slightly below MMR", 5_499, -OneTenthBtc, OneTenthBtc, -5_499_000_000)]
    [InlineData("fully closing one long at the bankruptcy price", -5_000, OneTenthBtc, -OneTenthBtc, 5_000_000_000)]
    [InlineData("partially closing one long at the bankruptcy price", -5_000, OneTenthBtc, -5_000_000, 2_500_000_000)]
    [InlineData("partially closing one short at the bankruptcy price", 5_000, -OneTenthBtc, 5_000_000, -2_500_000_000)]
    [InlineData("fully closing one short at the bankruptcy price", 5_000, -OneTenthBtc, OneTenthBtc, -5_000_000_000)]
    [InlineData("fully closing one long below the bankruptcy price", -5_100, OneTenthBtc, -OneTenthBtc, 5_100_000_000)]
    [InlineData("fully closing one short below the bankruptcy price", 4_900, -OneTenthBtc, OneTenthBtc, -4_900_000_000)]
    [InlineData("long that cannot be liquidated at a loss has a negative bankruptcy price", 1, OneBtc, -OneBtc, -1_000_000)]
    public void Bankruptcy_matches_the_chain_vectors_for_one_btc_position(string name, long quoteDollars, long position, long delta, long expected) =>
        ChainBankruptcy(quoteDollars * Dollar, delta, (position, Btc)).Should().Be(expected, name);

    /// <summary>
    /// liquidations_test.go, <c>TestGetBankruptcyPriceInQuoteQuantums</c>, the two "Rounds up bankruptcy price" cases:
    /// 1 BTC, $13 short of the notional, closing 21,347 base quantums. DNNV = ∓10,673,500, |DMMR| = 1,067,350,
    /// TNC = ±49,987,000,000, TMMR = 5,000,000,000: TNC × |DMMR| ÷ TMMR = ±10,670,724.89. Long: 10,673,500 − 10,670,724
    /// = 2,776 ("rounded up from 2,775.11"); short: −10,673,500 + 10,670,725 = −2,775 ("rounded down from 2,775.11" in
    /// magnitude, i.e. up toward +∞).
    /// </summary>
    [Fact]
    public void Bankruptcy_matches_the_chain_rounding_vectors()
    {
        ChainBankruptcy(-13 * Dollar, -21_347, (OneBtc, Btc)).Should().Be(2_776);
        ChainBankruptcy(13 * Dollar, 21_347, (-OneBtc, Btc)).Should().Be(-2_775);

        // The same inputs spelled out.
        DydxLiquidation.BankruptcyPriceQuote(-10_673_500, -1_067_350, 49_987_000_000, 5_000_000_000).Should().Be(2_776);
        DydxLiquidation.BankruptcyPriceQuote(10_673_500, -1_067_350, -49_987_000_000, 5_000_000_000).Should().Be(-2_775);
    }

    /// <summary>
    /// liquidations_test.go, <c>TestGetBankruptcyPriceInQuoteQuantums</c>, the multi-position cases: 0.004 BTC ($200)
    /// and 0.1 ETH ($300) with TNC $10 and TMMR $50; closing the ETH: ±$300 ∓ $10 × $30 ÷ $50 = $294 / −$306.
    /// </summary>
    [Fact]
    public void Bankruptcy_matches_the_chain_vectors_for_two_positions()
    {
        ChainBankruptcy(-490 * Dollar, -OneTenthEth, (OneTenthEth, Eth), (FourThousandthsBtc, Btc)).Should().Be(294_000_000);
        ChainBankruptcy(510 * Dollar, OneTenthEth, (-OneTenthEth, Eth), (-FourThousandthsBtc, Btc)).Should().Be(-306_000_000);
        ChainBankruptcy(110 * Dollar, OneTenthEth, (-OneTenthEth, Eth), (FourThousandthsBtc, Btc)).Should().Be(-306_000_000);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fillable price: (PNNV − ABR × SMMR × PMMR) ÷ PS, ABR = clamp(BA × (1 − TNC ÷ TMMR), 0, 1).
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Hand-derived: PS 1,000, PNNV 50,000 (50 per base quantum), PMMR 1,500, TNC 1,000, TMMR 1,500, default config.
    /// ABR = 1 × (1 − 1,000 ÷ 1,500) = 1/3; ABR × SMMR × PMMR = 1/3 × 0.1 × 1,500 = 50; (50,000 − 50) ÷ 1,000 = 49.95.
    /// The short mirror: (−50,000 + 50) ÷ −1,000 = 50.05.
    /// </summary>
    [Fact]
    public void Fillable_price_follows_the_formula()
    {
        DydxLiquidation.FillablePrice(1_000, 50_000, 1_500, 1_000, 1_500, DydxLiquidationConfig.Default).Should().Be(49.95m);
        DydxLiquidation.FillablePrice(-1_000, -50_000, 1_500, 1_000, 1_500, DydxLiquidationConfig.Default).Should().Be(50.05m);
    }

    /// <summary>
    /// Hand-derived: ABR clamps. TNC ≥ TMMR gives ABR 0 (the oracle price, 50); TNC ≤ 0 gives BA × (1 − TNC ÷ TMMR) ≥ 1,
    /// clamped to 1, the full spread 0.1 × 1,500 = 150: (50,000 − 150) ÷ 1,000 = 49.85.
    /// </summary>
    [Fact]
    public void Fillable_price_clamps_the_adjusted_bankruptcy_rating()
    {
        DydxLiquidation.FillablePrice(1_000, 50_000, 1_500, 1_500, 1_500, DydxLiquidationConfig.Default).Should().Be(50m);
        DydxLiquidation.FillablePrice(1_000, 50_000, 1_500, 9_999, 1_500, DydxLiquidationConfig.Default).Should().Be(50m);
        DydxLiquidation.FillablePrice(1_000, 50_000, 1_500, 0, 1_500, DydxLiquidationConfig.Default).Should().Be(49.85m);
        DydxLiquidation.FillablePrice(1_000, 50_000, 1_500, -7_000, 1_500, DydxLiquidationConfig.Default).Should().Be(49.85m);
    }

    /// <summary>
    /// Hand-derived rounding: PNNV 100 over PS 3 with ABR 0 is 33⅓, not a decimal. The chain keeps the fraction and
    /// rounds the order's subticks toward the oracle side: up for a long (a sell), down for a short (a buy); the decimal
    /// result rounds the same way at its last place (27 decimals here: 29 significant digits do not fit).
    /// </summary>
    [Fact]
    public void Fillable_price_that_is_not_a_decimal_rounds_up_for_a_long_and_down_for_a_short()
    {
        DydxLiquidation.FillablePrice(3, 100, 0, 10, 10, DydxLiquidationConfig.Default).Should().Be(33.333333333333333333333333334m);
        DydxLiquidation.FillablePrice(-3, -100, 0, 10, 10, DydxLiquidationConfig.Default).Should().Be(33.333333333333333333333333333m);
    }

    /// <summary>
    /// liquidations_test.go, <c>TestGetFillablePrice</c>: every successful case, as the chain's exact fraction
    /// (quote quantums per base quantum). 0.1 BTC long with quote −$4,501 (TNC $499, TMMR $500): ABR = 1/500, spread
    /// 0.1 × $500 ÷ 500 = $0.10, so $4,999.90 ÷ 0.1 BTC = 499.99 per base quantum (big.NewRat(49_999, 100)).
    /// </summary>
    [Theory]
    [InlineData("one long slightly below MMR", -4_501, OneTenthBtc, 1_000_000u, 100_000u, 49_999, 100)]
    [InlineData("one long, bankruptcyAdjustmentPpm 2,000,000", -4_501, OneTenthBtc, 2_000_000u, 100_000u, 49_998, 100)]
    [InlineData("one long, spreadToMaintenanceMarginRatioPpm 200,000", -4_501, OneTenthBtc, 1_000_000u, 200_000u, 49_998, 100)]
    [InlineData("one short slightly below MMR", 5_499, -OneTenthBtc, 1_000_000u, 100_000u, 50_001, 100)]
    [InlineData("one short, bankruptcyAdjustmentPpm 2,000,000", 5_499, -OneTenthBtc, 2_000_000u, 100_000u, 50_002, 100)]
    [InlineData("one short, SpreadToMaintenanceMarginRatioPpm 200,000", 5_499, -OneTenthBtc, 1_000_000u, 200_000u, 50_002, 100)]
    [InlineData("one long at the bankruptcy price", -5_000, OneTenthBtc, 1_000_000u, 100_000u, 495, 1)]
    [InlineData("one short at the bankruptcy price", 5_000, -OneTenthBtc, 1_000_000u, 100_000u, 505, 1)]
    [InlineData("one long below the bankruptcy price", -5_500, OneTenthBtc, 1_000_000u, 100_000u, 495, 1)]
    [InlineData("one short below the bankruptcy price", 4_500, -OneTenthBtc, 1_000_000u, 100_000u, 505, 1)]
    [InlineData("bankruptcyAdjustmentPpm is max uint32", -4_501, OneTenthBtc, uint.MaxValue, 100_000u, 495, 1)]
    [InlineData("SpreadTomaintenanceMarginRatioPpm is 1", -4_501, OneTenthBtc, 1_000_000u, 1u, 4_999_999_999, 10_000_000)]
    [InlineData("SpreadTomaintenanceMarginRatioPpm is one million", -4_501, OneTenthBtc, 1_000_000u, 1_000_000u, 49_990, 100)]
    public void Fillable_price_matches_the_chain_vectors(
        string name, long quoteDollars, long position, uint bankruptcyAdjustmentPpm, uint spreadRatioPpm, long numerator, long denominator)
    {
        DydxLiquidationConfig config = DydxLiquidationConfig.Default with
        {
            BankruptcyAdjustmentPpm = bankruptcyAdjustmentPpm,
            SpreadToMaintenanceMarginRatioPpm = spreadRatioPpm,
        };

        ChainFillablePrice(quoteDollars * Dollar, config, (position, Btc)).Should().Be((decimal)numerator / denominator, name);
    }

    /// <summary>
    /// liquidations_test.go, <c>TestGetFillablePrice</c>, "multiple long positions": 0.004 BTC and 0.1 ETH long with
    /// quote −$490; ABR = 1 − 10 ÷ 50 = 0.8, spread 0.8 × 0.1 × $30 = $2.40, ($300 − $2.40) ÷ 0.1 ETH = 2.976 per base
    /// quantum (big.NewRat(372, 125)).
    /// </summary>
    [Fact]
    public void Fillable_price_matches_the_chain_vector_with_two_positions() =>
        ChainFillablePrice(-490 * Dollar, DydxLiquidationConfig.Default, (OneTenthEth, Eth), (FourThousandthsBtc, Btc)).Should().Be(2.976m);

    /// <summary>
    /// The chain's vectors show the fillable price is not bounded by the bankruptcy price: liquidations_test.go,
    /// <c>TestGetFillablePrice</c> "one long position at the bankruptcy price" expects 495 per base quantum while
    /// <c>TestGetBankruptcyPriceInQuoteQuantums</c> gives 5,000,000,000 for the same 0.1 BTC, 500 per base quantum.
    /// TNC ÷ TMMR = 0 is below ABR × SMMR = 0.1, so a fill at the fillable price draws on the insurance fund.
    /// </summary>
    [Fact]
    public void Fillable_price_can_be_worse_than_the_bankruptcy_price()
    {
        decimal fillable = ChainFillablePrice(-5_000 * Dollar, DydxLiquidationConfig.Default, (OneTenthBtc, Btc));
        long bankruptcy = ChainBankruptcy(-5_000 * Dollar, -OneTenthBtc, (OneTenthBtc, Btc));

        fillable.Should().Be(495m);
        (bankruptcy / (decimal)OneTenthBtc).Should().Be(500m);
        long received = (long)(fillable * OneTenthBtc);
        DydxLiquidation.InsuranceFundDelta(received, bankruptcy, DydxLiquidationConfig.Default).Should().Be(-50_000_000);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Insurance fund delta and liquidation fee.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Hand-derived fee cap rounding: receiving 1,999 against a bankruptcy quote of 1,000 leaves a surplus of 999; the
    /// cap is ⌊1,999 × 5,000 ÷ 1,000,000⌋ = ⌊9.995⌋ = 9, so the fee is 9 (the cap rounds down, toward −∞).
    /// A short paying 1,999 (−1,999) against −3,000 has surplus 1,001 and the same cap on |−1,999|: fee 9.
    /// </summary>
    [Fact]
    public void Fee_is_the_smaller_of_the_surplus_and_the_cap_rounded_down()
    {
        DydxLiquidation.InsuranceFundDelta(1_999, 1_000, DydxLiquidationConfig.Default).Should().Be(9);
        DydxLiquidation.InsuranceFundDelta(-1_999, -3_000, DydxLiquidationConfig.Default).Should().Be(9);
        DydxLiquidation.LiquidationFee(1_999, 1_000, DydxLiquidationConfig.Default).Should().Be(9);
    }

    /// <summary>
    /// Hand-derived: a surplus below the cap goes to the fund whole (1,004 − 1,000 = 4 &lt; ⌊1,004 × 0.005⌋ = 5);
    /// no surplus, nothing moves; a fill below bankruptcy makes the fund pay the shortfall (900 − 1,000 = −100), and
    /// the subaccount then pays no fee.
    /// </summary>
    [Fact]
    public void Insurance_fund_takes_the_whole_small_surplus_and_pays_a_shortfall()
    {
        DydxLiquidation.InsuranceFundDelta(1_004, 1_000, DydxLiquidationConfig.Default).Should().Be(4);
        DydxLiquidation.InsuranceFundDelta(1_000, 1_000, DydxLiquidationConfig.Default).Should().Be(0);
        DydxLiquidation.InsuranceFundDelta(900, 1_000, DydxLiquidationConfig.Default).Should().Be(-100);
        DydxLiquidation.LiquidationFee(900, 1_000, DydxLiquidationConfig.Default).Should().Be(0);
    }

    /// <summary>
    /// liquidations_test.go, <c>TestGetLiquidationInsuranceFundDelta</c>: 0.1 BTC long with quote −$5,100 (bankruptcy
    /// 5,100,000,000) or short with quote $4,900 (bankruptcy −4,900,000,000), the fill's quote from its subticks
    /// (subticks × 10,000,000 × 10⁻⁸), and the fee cap of the case's config.
    /// </summary>
    [Theory]
    [InlineData("long above bankruptcy pays max fee", true, 5_610_000_000, 5_000u, 28_050_000)]
    [InlineData("long above bankruptcy pays max fee, MaxLiquidationFeePpm 25,000", true, 5_610_000_000, 25_000u, 140_250_000)]
    [InlineData("long above bankruptcy pays less than max fee, MaxLiquidationFeePpm one million", true, 5_610_000_000, 1_000_000u, 510_000_000)]
    [InlineData("short above bankruptcy pays max fee", false, -4_410_000_000, 5_000u, 22_050_000)]
    [InlineData("short above bankruptcy pays max fee, MaxLiquidationFeePpm 25,000", false, -4_410_000_000, 25_000u, 110_250_000)]
    [InlineData("short above bankruptcy pays less than max fee, MaxLiquidationFeePpm one million", false, -4_410_000_000, 1_000_000u, 490_000_000)]
    [InlineData("long above bankruptcy pays less than max fee", true, 5_105_100_000, 5_000u, 5_100_000)]
    [InlineData("short above bankruptcy pays less than max fee", false, -4_895_100_000, 5_000u, 4_900_000)]
    [InlineData("long at the bankruptcy price, delta 0", true, 5_100_000_000, 5_000u, 0)]
    [InlineData("short at the bankruptcy price, delta 0", false, -4_900_000_000, 5_000u, 0)]
    [InlineData("long below bankruptcy, fund covers the loss", true, 5_049_000_000, 5_000u, -51_000_000)]
    [InlineData("short below bankruptcy, fund covers the loss", false, -4_949_000_000, 5_000u, -49_000_000)]
    [InlineData("delta quote quantums is zero (1 subtick rounds to 0)", false, 0, 5_000u, 0)]
    public void Insurance_fund_delta_matches_the_chain_vectors(string name, bool isLong, long deltaQuoteQuantums, uint feePpm, long expected)
    {
        long bankruptcy = isLong
            ? ChainBankruptcy(-5_100 * Dollar, -OneTenthBtc, (OneTenthBtc, Btc))
            : ChainBankruptcy(4_900 * Dollar, OneTenthBtc, (-OneTenthBtc, Btc));
        bankruptcy.Should().Be(isLong ? 5_100_000_000 : -4_900_000_000, "the test's comment gives the bankruptcy price");
        DydxLiquidationConfig config = DydxLiquidationConfig.Default with { MaxLiquidationFeePpm = feePpm };

        DydxLiquidation.InsuranceFundDelta(deltaQuoteQuantums, bankruptcy, config).Should().Be(expected, name);
        DydxLiquidation.LiquidationFee(deltaQuoteQuantums, bankruptcy, config).Should().Be(Math.Max(0, expected), name);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Max liquidatable size: position limits, subaccount block limit, step rounding.
    // ---------------------------------------------------------------------------------------------------------

    private static DydxLiquidationConfig Limits(ulong minNotional, uint portionPpm, ulong maxNotional = ulong.MaxValue) =>
        _noLimit with
        {
            MinPositionNotionalLiquidated = minNotional,
            MaxPositionPortionLiquidatedPpm = portionPpm,
            MaxNotionalLiquidatedPerBlock = maxNotional,
        };

    /// <summary>
    /// liquidations_test.go, <c>TestGetPerpetualPositionToLiquidate</c> (which checks
    /// <c>GetLiquidatablePositionSizeDelta</c>): BTC at 500 quote quantums per base quantum, <c>ClobPair_Btc</c> step 5
    /// unless the case says otherwise. Hand check of "rounded down to the nearest step": 140 × 500 = 70,000 quote
    /// quantums, 10% = 7,000, ÷ 500 = 14 base quantums, down to a multiple of 5 = 10. "At least one step": 20 → 1,000
    /// quote quantums → 2 base quantums → 0 steps → clamped up to 5.
    /// </summary>
    [Theory]
    [InlineData("full position, one long", OneTenthBtc, 1ul, 1_000_000u, ulong.MaxValue, 5ul, OneTenthBtc)]
    [InlineData("full position when MinPositionNotionalLiquidated exceeds it", OneTenthBtc, 10_000_000_000ul, 1_000_000u, ulong.MaxValue, 5ul, OneTenthBtc)]
    [InlineData("half position, MaxPositionPortionLiquidatedPpm 500,000", OneTenthBtc, 1_000ul, 500_000u, ulong.MaxValue, 5ul, 5_000_000)]
    [InlineData("full position smaller than StepBaseQuantums (ClobPair_Btc3, step 10)", 5, 1ul, 100_000u, ulong.MaxValue, 10ul, 5)]
    [InlineData("rounded down to the nearest step", 140, 1ul, 100_000u, ulong.MaxValue, 5ul, 10)]
    [InlineData("at least one step", 20, 1ul, 100_000u, ulong.MaxValue, 5ul, 5)]
    [InlineData("full position smaller than the subaccount limit", OneTenthBtc, 1ul, 1_000_000u, 10_000_000_000ul, 5ul, OneTenthBtc)]
    [InlineData("max subaccount limit", OneTenthBtc, 1ul, 1_000_000u, 2_500_000_000ul, 5ul, 5_000_000)]
    [InlineData("capped by the subaccount block limit", OneTenthBtc, 1_000ul, 500_000u, 2_000_000_000ul, 5ul, 4_000_000)]
    [InlineData("capped by the position block limit", OneTenthBtc, 1_000ul, 400_000u, 2_500_000_000ul, 5ul, 4_000_000)]
    [InlineData("rounded to the nearest step size (step 3)", 21, 1_000ul, 500_000u, ulong.MaxValue, 3ul, 9)]
    [InlineData("full position, one short", -OneBtc, 1ul, 1_000_000u, ulong.MaxValue, 5ul, OneBtc)]
    [InlineData("full short when MinPositionNotionalLiquidated exceeds it", -OneTenthBtc, 10_000_000_000ul, 1_000_000u, ulong.MaxValue, 5ul, OneTenthBtc)]
    [InlineData("half short, MaxPositionPortionLiquidatedPpm 500,000", -OneTenthBtc, 1_000ul, 500_000u, ulong.MaxValue, 5ul, 5_000_000)]
    [InlineData("full short smaller than the subaccount limit", -OneTenthBtc, 1ul, 1_000_000u, 10_000_000_000ul, 5ul, OneTenthBtc)]
    [InlineData("max subaccount limit, short", -OneTenthBtc, 1ul, 1_000_000u, 2_500_000_000ul, 5ul, 5_000_000)]
    public void Max_liquidatable_size_matches_the_chain_vectors(
        string name, long position, ulong minNotional, uint portionPpm, ulong maxNotional, ulong step, long expected) =>
        DydxLiquidation.MaxLiquidatableSize(position, Btc, step, DydxSubaccountLiquidationInfo.Empty, Limits(minNotional, portionPpm, maxNotional))
            .Should().Be(expected, name);

    /// <summary>
    /// liquidations_test.go, <c>TestGetPerpetualPositionToLiquidate</c>, the "max uint64" cases: 6,148,914,691,236,517,000
    /// ETH base quantums at 3 per quantum is 18,446,744,073,709,551,000 quote quantums, beyond Int64 but within the
    /// no-limit block cap (UInt64.MaxValue), so the whole position is returned.
    /// </summary>
    [Fact]
    public void Max_liquidatable_size_handles_a_notional_beyond_int64()
    {
        const long huge = 6_148_914_691_236_517_000;
        DydxLiquidation.MaxLiquidatableSize(huge, Eth, 1_000, DydxSubaccountLiquidationInfo.Empty, _noLimit).Should().Be(huge);
        DydxLiquidation.MaxLiquidatableSize(-huge, Eth, 1_000, DydxSubaccountLiquidationInfo.Empty, _noLimit).Should().Be(huge);
    }

    /// <summary>
    /// liquidations_test.go, <c>TestGetMaxAndMinPositionNotionalLiquidatable</c>, through the size they produce
    /// (<c>BtcUsd_100PercentMarginRequirement</c>, also $50,000): "max notional liquidatable" 1 BTC with portion 50% is
    /// 25,000,000,000 quote quantums = 50,000,000 base quantums; "min and max can be overridden": 10,000 base quantums
    /// ($5) with a $10 minimum gives min = max = $5, the whole position.
    /// </summary>
    [Fact]
    public void Max_liquidatable_size_uses_the_position_limits_as_the_chain_tests_them()
    {
        DydxLiquidation.MaxLiquidatableSize(OneBtc, Btc, 5, DydxSubaccountLiquidationInfo.Empty, Limits(100, 500_000)).Should().Be(50_000_000);
        DydxLiquidation.MaxLiquidatableSize(10_000, Btc, 5, DydxSubaccountLiquidationInfo.Empty, Limits(10_000_000, 1_000_000)).Should().Be(10_000);
    }

    /// <summary>
    /// Hand-derived, the subaccount limit after earlier fills this block: limit $2,500, $1,000 already liquidated leaves
    /// $1,500 = 1,500,000,000 ÷ 500 = 3,000,000 base quantums. With the allowance used up the chain still returns one
    /// step (5) and relies on the per-fill check to stop the fill.
    /// </summary>
    [Fact]
    public void Max_liquidatable_size_subtracts_what_was_liquidated_this_block()
    {
        DydxLiquidationConfig config = Limits(1, 1_000_000, 2_500_000_000);

        DydxLiquidation.MaxLiquidatableSize(OneTenthBtc, Btc, 5, new DydxSubaccountLiquidationInfo(1_000_000_000, 0), config).Should().Be(3_000_000);
        DydxLiquidation.MaxLiquidatableSize(OneTenthBtc, Btc, 5, new DydxSubaccountLiquidationInfo(2_500_000_000, 0), config).Should().Be(5);
        DydxLiquidation.IsWithinBlockLimits(5 * Btc, 0, new DydxSubaccountLiquidationInfo(2_500_000_000, 0), config).Should().BeFalse();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Per-subaccount block limits.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// liquidations_test.go, <c>TestGetMaxLiquidatableNotionalAndInsuranceLost</c>, "Can get max notional liquidatable and
    /// insurance lost": limits 150 and 150, a previous fill of notional 100 with insurance fund delta −100 leaves 50 of
    /// each. The "invalid" cases (limit 50 below the 100 already recorded) panic on the chain and are refused here.
    /// </summary>
    [Fact]
    public void Block_limits_match_the_chain_vectors()
    {
        DydxLiquidationConfig config = _noLimit with { MaxNotionalLiquidatedPerBlock = 150, MaxQuantumsInsuranceLostPerBlock = 150 };
        DydxSubaccountLiquidationInfo info = DydxSubaccountLiquidationInfo.Empty.Record(100, -100);

        info.Should().Be(new DydxSubaccountLiquidationInfo(100, 100));
        DydxLiquidation.RemainingNotionalLiquidatable(info, config).Should().Be(50);
        DydxLiquidation.RemainingInsuranceLost(info, config).Should().Be(50);

        FluentActions.Invoking(() => DydxLiquidation.RemainingNotionalLiquidatable(info, config with { MaxNotionalLiquidatedPerBlock = 50 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("liquidatedThisBlock");
        FluentActions.Invoking(() => DydxLiquidation.RemainingInsuranceLost(info, config with { MaxQuantumsInsuranceLostPerBlock = 50 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("liquidatedThisBlock");
    }

    /// <summary>
    /// Hand-derived, <c>UpdateSubaccountLiquidationInfo</c> and the per-fill check: notional counts as a magnitude;
    /// positive insurance deltas (fees) do not count as insurance lost; a fill exactly at the remaining allowance
    /// passes, one quantum more does not.
    /// </summary>
    [Fact]
    public void Block_counters_and_the_per_fill_check_follow_the_chain()
    {
        DydxLiquidationConfig config = _noLimit with { MaxNotionalLiquidatedPerBlock = 1_000, MaxQuantumsInsuranceLostPerBlock = 100 };
        DydxSubaccountLiquidationInfo info = DydxSubaccountLiquidationInfo.Empty.Record(-300, 25).Record(200, -40);

        info.Should().Be(new DydxSubaccountLiquidationInfo(500, 40));
        DydxLiquidation.IsWithinBlockLimits(500, -60, info, config).Should().BeTrue();
        DydxLiquidation.IsWithinBlockLimits(-501, 0, info, config).Should().BeFalse();
        DydxLiquidation.IsWithinBlockLimits(10, -61, info, config).Should().BeFalse();
        DydxLiquidation.IsWithinBlockLimits(10, 1_000_000, info, config).Should().BeTrue("fees paid into the fund are not limited");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Configs.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Default_config_is_the_chain_code_default()
    {
        DydxLiquidationConfig c = DydxLiquidationConfig.Default;

        c.MaxLiquidationFeePpm.Should().Be(5_000);
        c.BankruptcyAdjustmentPpm.Should().Be(1_000_000);
        c.SpreadToMaintenanceMarginRatioPpm.Should().Be(100_000);
        c.MinPositionNotionalLiquidated.Should().Be(1_000);
        c.MaxPositionPortionLiquidatedPpm.Should().Be(1_000_000);
        c.MaxNotionalLiquidatedPerBlock.Should().Be(100_000_000_000_000);
        c.MaxQuantumsInsuranceLostPerBlock.Should().Be(100_000_000_000_000);
        c.Source.Citation.Should().Contain("dydxprotocol/v4-chain").And.Contain("LiquidationsConfig_Default");
        c.Source.AsOf.Should().Be(new DateOnly(2026, 3, 4));
    }

    [Fact]
    public void Sample_pregenesis_config_is_the_chain_sample_genesis()
    {
        DydxLiquidationConfig c = DydxLiquidationConfig.SamplePregenesis;

        c.MaxLiquidationFeePpm.Should().Be(15_000);
        c.BankruptcyAdjustmentPpm.Should().Be(1_000_000);
        c.SpreadToMaintenanceMarginRatioPpm.Should().Be(1_500_000);
        c.MinPositionNotionalLiquidated.Should().Be(1_000_000_000);
        c.MaxPositionPortionLiquidatedPpm.Should().Be(100_000);
        c.MaxNotionalLiquidatedPerBlock.Should().Be(100_000_000_000);
        c.MaxQuantumsInsuranceLostPerBlock.Should().Be(1_000_000_000_000);
        c.Source.Citation.Should().Contain("sample_pregenesis.json");
    }

    /// <summary>
    /// Hand-derived with the sample pre-genesis config: 0.1 BTC long at $50,000 ($5,000 notional, 10% maintenance =
    /// $500), TNC $250. ABR = 1 − 250 ÷ 500 = 0.5; spread 0.5 × 1.5 × $500 = $375; fillable ($5,000 − $375) ÷ 0.1 =
    /// $46,250. Bankruptcy for the whole position: $5,000 − $250 × $500 ÷ $500 = $4,750, i.e. $47,500 per BTC; a fill at
    /// the fillable price receives $4,625, $125 short, which the fund pays (TNC ÷ TMMR = 0.5 &lt; ABR × SMMR = 0.75).
    /// Size: position limit max(min($1,000, $5,000), 10% × $5,000) = $1,000 → 0.02 BTC = 2,000,000 base quantums.
    /// Fee on a fill at $48,000: surplus $4,800 − $4,750 = $50, cap 1.5% × $4,800 = $72, so $50.
    /// </summary>
    [Fact]
    public void Sample_pregenesis_config_in_a_hand_worked_liquidation()
    {
        DydxLiquidationConfig c = DydxLiquidationConfig.SamplePregenesis;
        (long nc, long mmr) = (NetNotional(OneTenthBtc, Btc), MaintenanceMargin(OneTenthBtc, Btc));
        (nc, mmr).Should().Be((5_000_000_000L, 500_000_000L));

        DydxLiquidation.FillablePrice(OneTenthBtc, nc, mmr, 250_000_000, mmr, c).Should().Be(462.5m);
        long bankruptcy = DydxLiquidation.BankruptcyPriceQuote(-nc, -mmr, 250_000_000, mmr);
        bankruptcy.Should().Be(4_750_000_000);
        DydxLiquidation.InsuranceFundDelta(4_625_000_000, bankruptcy, c).Should().Be(-125_000_000);
        DydxLiquidation.MaxLiquidatableSize(OneTenthBtc, Btc, 5, DydxSubaccountLiquidationInfo.Empty, c).Should().Be(2_000_000);
        DydxLiquidation.InsuranceFundDelta(4_800_000_000, bankruptcy, c).Should().Be(50_000_000);
    }

    /// <summary>The default config on the same hand-worked position: spread 0.5 × 0.1 × $500 = $25, fillable $49,750; whole position (portion 100%).</summary>
    [Fact]
    public void Default_config_in_the_same_hand_worked_liquidation()
    {
        DydxLiquidationConfig c = DydxLiquidationConfig.Default;

        DydxLiquidation.FillablePrice(OneTenthBtc, 5_000_000_000, 500_000_000, 250_000_000, 500_000_000, c).Should().Be(497.5m);
        DydxLiquidation.MaxLiquidatableSize(OneTenthBtc, Btc, 5, DydxSubaccountLiquidationInfo.Empty, c).Should().Be(OneTenthBtc);
        DydxLiquidation.InsuranceFundDelta(4_800_000_000, 4_750_000_000, c).Should().Be(24_000_000, "cap 0.5% × $4,800 = $24 < $50 surplus");
    }

    [Fact]
    public void Config_with_changes_one_parameter_and_keeps_the_rest()
    {
        DydxLiquidationConfig changed = DydxLiquidationConfig.Default with { MaxLiquidationFeePpm = 25_000 };

        changed.MaxLiquidationFeePpm.Should().Be(25_000);
        changed.Should().Be(DydxLiquidationConfig.Default with { MaxLiquidationFeePpm = 25_000 });
        (changed with { MaxLiquidationFeePpm = 5_000 }).Should().Be(DydxLiquidationConfig.Default);
    }

    /// <summary>The chain accepts the extremes of each range (liquidations_config.go, <c>Validate</c>; BA max uint32 is a <c>TestGetFillablePrice</c> case).</summary>
    [Fact]
    public void Config_accepts_the_edges_the_chain_accepts()
    {
        DydxLiquidationConfig edges = DydxLiquidationConfig.Default with
        {
            MaxLiquidationFeePpm = 1_000_000,
            BankruptcyAdjustmentPpm = uint.MaxValue,
            SpreadToMaintenanceMarginRatioPpm = uint.MaxValue,
            MinPositionNotionalLiquidated = 0,
            MaxPositionPortionLiquidatedPpm = 1,
            MaxNotionalLiquidatedPerBlock = 1,
            MaxQuantumsInsuranceLostPerBlock = 1,
        };

        edges.BankruptcyAdjustmentPpm.Should().Be(uint.MaxValue);
        (edges with { MaxLiquidationFeePpm = 1, MaxPositionPortionLiquidatedPpm = 1_000_000 }).MaxLiquidationFeePpm.Should().Be(1);
    }

    [Fact]
    public void Quote_quantums_per_base_quantum_from_market_parameters()
    {
        DydxLiquidation.QuoteQuantumsPerBaseQuantum(5_000_000_000, -5, -8).Should().Be(500m, "the chain tests' BTC: $50,000, atomic resolution −8");
        DydxLiquidation.QuoteQuantumsPerBaseQuantum(5_000_000_000, -5, -10).Should().Be(5m);
        DydxLiquidation.QuoteQuantumsPerBaseQuantum(3_000_000_000, -6, -9).Should().Be(3m, "ETH: $3,000, atomic resolution −9");
        DydxLiquidation.QuoteQuantumsPerBaseQuantum(123, -10, -9).Should().Be(0.0000000000123m);
    }
}

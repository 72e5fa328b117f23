using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;

namespace LiquidationSim.DeFi.Tests.Lending;

/// <summary>
/// <see cref="AaveAccountBook"/> and the 128-bit health-factor scan behind <see cref="AaveAccountData.HealthFactorOf"/>:
/// both must give exactly the general path's health factor (<see cref="AaveAccountData.Calculate"/>), including eMode
/// thresholds and price sources, every version's rounding, operands past 128 bits (where the scan hands over to the
/// general path) and products past 256 bits (where both throw, as the contract reverts).
/// </summary>
public sealed class AaveAccountBookTests
{
    private static readonly int[] s_decimals = [0, 6, 8, 18, 27, 30, 36];
    private static readonly int[] s_thresholds = [0, 5000, 8250];

    private static Gen<UInt256> Magnitude(int maxDigits) =>
        from mantissa in Gen.Choose(1, 999_999)
        from exponent in Gen.Choose(0, Math.Max(0, maxDigits - 6))
        select (UInt256)(ulong)mantissa * UInt256.Pow10(exponent);

    /// <summary>Mostly ordinary amounts; sometimes past 2^128 (the scan gives up) or near 2^256 (the products overflow).</summary>
    private static Gen<UInt256> Amount(int decimals) => Gen.Frequency(
        (8, Magnitude(decimals + 6)),
        (1, Magnitude(45)),
        (1, Magnitude(75)));

    private static Gen<AaveReserve> Reserve(int i, AaveEModeCategory category) =>
        from decimals in Gen.Elements(s_decimals)
        from price in Gen.Frequency((9, Magnitude(13)), (1, Magnitude(42)))
        from threshold in Gen.Elements(s_thresholds)
        from inEMode in Gen.Elements(true, false)
        from liquidity in Gen.Frequency((9, Gen.Choose(0, 500_000).Select(x => WadRayMath.Ray + ((UInt256)(ulong)x * UInt256.Pow10(21)))), (1, Gen.Constant(UInt256.Pow10(40))))
        from borrow in Gen.Frequency((9, Gen.Choose(0, 500_000).Select(x => WadRayMath.Ray + ((UInt256)(ulong)x * UInt256.Pow10(21)))), (1, Gen.Constant(UInt256.Pow10(40))))
        select new AaveReserve($"R{i}", decimals, price, threshold * 9 / 10, threshold, threshold == 0 ? 0 : 10_500, 1000, inEMode ? category : null)
            .WithIndices(liquidity, borrow);

    private static Gen<AaveUserAccount> Account(AaveReserve[] reserves) =>
        from eMode in Gen.Elements(0, 1)
        from held in Gen.SubListOf(reserves)
        from positions in Gen.CollectToArray(held.Select(r =>
            from side in Gen.Choose(1, 3)
            from collateral in Amount(r.Decimals)
            from debt in Amount(r.Decimals)
            from enabled in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
            select new AavePosition(r.Symbol, side == 2 ? UInt256.Zero : collateral, side == 1 ? UInt256.Zero : debt, enabled)))
        select new AaveUserAccount(eMode, positions);

    private static readonly Arbitrary<(AaveMarket Market, AaveUserAccount[] Accounts)> s_books =
        (from version in Gen.Elements(Enum.GetValues<AaveVersion>())
         from priceSource in Gen.Frequency((1, Gen.Constant<UInt256?>(null)), (1, Magnitude(9).Select(p => (UInt256?)p)))
         let category = new AaveEModeCategory(1, "correlated", 9300, 9500, 10_100, priceSource)
         from reserves in Gen.CollectToArray(Enumerable.Range(0, 5).Select(i => Reserve(i, category)))
         from accounts in Gen.ArrayOf(Account(reserves), 6)
         select (new AaveMarket(AaveRules.For(version), 8, reserves), accounts))
        .ToArbitrary();

    [CiProperty(MaxTest = 3_000)]
    public Property Scan_and_book_equal_the_general_path_for_every_account() =>
        Prop.ForAll(s_books, book =>
        {
            (AaveMarket market, AaveUserAccount[] accounts) = book;
            AaveAccountBook built = AaveAccountBook.Build(market, accounts);
            var expected = accounts.Select(a => Outcome(() => AaveAccountData.Calculate(market, a).HealthFactor)).ToArray();
            for (int i = 0; i < accounts.Length; i++)
            {
                Outcome(() => AaveAccountData.HealthFactorOf(market, accounts[i])).Should().Be(expected[i], "HealthFactorOf of account {0}", i);
                int id = i;
                Outcome(() => built.HealthFactor(market, id)).Should().Be(expected[i], "the book's account {0}", i);
            }

            if (expected.All(e => e.Thrown is null))
            {
                var all = new UInt256[accounts.Length];
                built.HealthFactors(market, all);
                all.Should().Equal(expected.Select(e => e.Value));

                // Only the accounts named are written; the rest keep what was there.
                int[] some = [.. Enumerable.Range(0, accounts.Length).Where(i => i % 2 == 1)];
                var partial = Enumerable.Repeat(UInt256.One, accounts.Length).ToArray();
                built.UpdateHealthFactors(market, some, partial);
                partial.Should().Equal(Enumerable.Range(0, accounts.Length).Select(i => i % 2 == 1 ? expected[i].Value : UInt256.One));
            }
        });

    [Fact]
    public void Hand_derived_health_factor_of_a_four_asset_account()
    {
        // Indices at 1 ray, so balances are the scaled ones. Collateral 2 R0 at 500 USD + 5000 R1 at 1 USD = 6000 USD
        // (8-decimal base: 6000e8); debt 0.03 R2 at 60,000 USD + 3200 R3 at 1 USD = 5000 USD. Every threshold is 80%:
        // avg LT 8000, percentMul(6000e8, 8000) = 4800e8, wadDiv(4800e8, 5000e8) = 0.96e18, below 1e18: liquidatable.
        AaveMarket market = Market(AaveVersion.V3_3);
        AaveUserAccount account = AaveDecimal.Account(market, 0,
            new AaveTokenPosition("R0", 2m, 0m, true),
            new AaveTokenPosition("R1", 5000m, 0m, true),
            new AaveTokenPosition("R2", 0m, 0.03m, false),
            new AaveTokenPosition("R3", 0m, 3200m, false));
        UInt256 expected = 960_000_000_000_000_000UL;

        AaveAccountData.HealthFactorOf(market, account).Should().Be(expected);
        AaveAccountBook.Build(market, [account]).HealthFactor(market, 0).Should().Be(expected);
    }

    [Fact]
    public void A_book_serves_markets_derived_by_a_price_change_and_markets_listing_the_same_reserves()
    {
        AaveMarket market = Market(AaveVersion.V3_3);
        AaveUserAccount account = AaveDecimal.Account(market, 0,
            new AaveTokenPosition("R0", 2m, 0m, true),
            new AaveTokenPosition("R3", 0m, 500m, false));
        AaveAccountBook book = AaveAccountBook.Build(market, [account]);

        // R0 from 500 to 400 USD: collateral 800 USD, LT 80% → 640 / 500 = 1.28.
        AaveMarket moved = market.WithPrice("R0", AaveDecimal.Price(400m, 8));
        book.HealthFactor(moved, 0).Should().Be(1_280_000_000_000_000_000UL);

        AaveMarket rebuilt = new(market.Rules, 8, moved.Reserves);
        book.HealthFactor(rebuilt, 0).Should().Be(1_280_000_000_000_000_000UL);
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_the_parameter_and_nothing_is_written()
    {
        AaveMarket market = Market(AaveVersion.V3_3);
        AaveUserAccount account = AaveDecimal.Account(market, 0, new AaveTokenPosition("R0", 1m, 0m, true), new AaveTokenPosition("R1", 0m, 100m, false));
        AaveAccountBook book = AaveAccountBook.Build(market, [account, account]);
        var slots = new[] { UInt256.One, UInt256.One };

        FluentActions.Invoking(() => book.HealthFactors(market, new UInt256[3])).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "healthFactors" && e.Message.Contains('3'));
        FluentActions.Invoking(() => book.UpdateHealthFactors(market, [1, 2], slots)).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == "accounts" && e.Message.Contains('2'));
        slots.Should().Equal(UInt256.One, UInt256.One);
        FluentActions.Invoking(() => book.HealthFactor(market, -1)).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "account");
        FluentActions.Invoking(() => book[2]).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "account");

        AaveMarket other = new(market.Rules, 8, market.Reserves.Reverse());
        FluentActions.Invoking(() => book.HealthFactor(other, 0)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "market" && e.Message.Contains("R3, R2, R1, R0"));

        AaveUserAccount stranger = new(0, [new AavePosition("XYZ", UInt256.One, UInt256.Zero, true)]);
        FluentActions.Invoking(() => AaveAccountBook.Build(market, [account, stranger])).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "accounts" && e.Message.Contains("XYZ"));
        FluentActions.Invoking(() => AaveAccountBook.Build(market, [account, null!])).Should().Throw<ArgumentNullException>()
            .Where(e => e.ParamName == "accounts");
        book[1].Should().BeSameAs(account);
        book.Count.Should().Be(2);
    }

    /// <summary>Four reserves at 1 ray: R0 (18 decimals, 500 USD), R1 (6, 1 USD), R2 (8, 60,000 USD), R3 (18, 1 USD), all LT 80%.</summary>
    private static AaveMarket Market(AaveVersion version)
    {
        (string Symbol, int Decimals, decimal Price)[] specs = [("R0", 18, 500m), ("R1", 6, 1m), ("R2", 8, 60_000m), ("R3", 18, 1m)];
        return new AaveMarket(AaveRules.For(version), 8,
            specs.Select(s => new AaveReserve(s.Symbol, s.Decimals, AaveDecimal.Price(s.Price, 8), 7500, 8000, 10500, 1000)));
    }

    private static (UInt256 Value, Type? Thrown) Outcome(Func<UInt256> compute)
    {
        try
        {
            return (compute(), null);
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            return (default, e.GetType());
        }
    }
}

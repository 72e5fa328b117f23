using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Simulation;

/// <summary>
/// The mark price stays within each venue's own bound around the index (docs/scenario-schema.md, "Mark bounds"),
/// whatever the ladder's depth and however far the price falls (issue 15).
/// </summary>
/// <remarks>
/// Every scenario here keeps the default market coupling (no impact coupling, full arbitrage), so the venue price the
/// book is quoted around and the last price at the mark are the spot. The bounds are then, from each venue's rule:
/// dYdX marks at the oracle (0); BitMEX's fair price is index × (1 + rate × time to funding ÷ interval), so within
/// |rate| × index; Binance's and Bybit's median of (funding-adjusted index, index + basis average, last) lies between
/// its first and third terms, so within max(|rate| × index, |spot − index|); Hyperliquid's median of (oracle + basis
/// EMA, median of bid, ask and last, external perps taken as the oracle) lies between the oracle and the book's
/// median, which is the spot, so within |spot − index|.
/// </remarks>
public sealed class MarkBoundsTests
{
    /// <summary>Rounding slack: derived prices keep the tick's decimals plus four (tick 0.01: 10^−6).</summary>
    private const decimal Slack = 0.000001m;

    private static readonly string[] s_profiles = ["binance", "bybit", "bitmex", "hyperliquid", "dydx-v4", "okx"];

    /// <summary>One random scenario: a profile, a ladder, a crash, index noise and funding.</summary>
    public sealed record MarkCase(string Profile, int Levels, decimal Spacing, decimal SizePerLevel, decimal RecoveryRate, decimal Crash, int CrashSteps, int Sources, decimal Noise, decimal? FixedRate, int Seed)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Profile}: {Levels} levels at {Spacing}, size {SizePerLevel}, recovery {RecoveryRate}, crash {Crash} over {CrashSteps} steps, {Sources} sources at noise {Noise}, rate {FixedRate?.ToString(CultureInfo.InvariantCulture) ?? "none"}, seed {Seed}");
    }

    private static readonly Gen<MarkCase> s_case =
        from profile in Gen.Elements(s_profiles)
        from levels in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(1, 2_000))
        from spacingExponent in Gen.Choose(0, 4)
        from spacingMantissa in Gen.Choose(1, 9)
        from size in Gen.Choose(1, 10_000)
        from recovery in Gen.Choose(0, 10)
        from crash in Gen.OneOf(Gen.Choose(1, 999), Gen.Choose(990, 999))
        from crashSteps in Gen.Choose(1, 8)
        from sources in Gen.Choose(0, 3)
        from noise in Gen.Choose(0, 50)
        from rate in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(-300, 300).Select(r => (int?)r))
        from seed in Gen.Choose(1, 1_000_000)
        select new MarkCase(
            profile,
            levels,
            Math.Min(0.5m, spacingMantissa * Pow10(-(spacingExponent + 1))), // 10^−5 … 0.5
            size * 0.01m,
            recovery / 10m,
            crash / 1000m, // up to 99.9 %
            crashSteps,
            sources,
            noise / 1000m,
            rate is int r ? r / 10_000m : null,
            seed);

    [CiProperty(MaxTest = 60)]
    public Property The_mark_stays_within_the_venues_bound_around_the_index()
    {
        return Prop.ForAll(s_case.ToArbitrary(), c =>
        {
            ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioJson.Parse(Scenario(c)));
            foreach (SimulationStep step in sim.Steps())
            {
                MarketSnapshot m = step.Markets[0];
                decimal bound = Bound(c, m) + Slack;
                Math.Abs(m.MarkPrice - m.IndexPrice).Should().BeLessThanOrEqualTo(
                    bound, "step {0} of {1}: mark {2}, index {3}, spot {4}", step.Index, c, m.MarkPrice, m.IndexPrice, m.SpotPrice);
            }
        });
    }

    [Fact]
    public void The_generator_reaches_deep_ladders_and_deep_crashes_on_every_profile()
    {
        MarkCase[] sample = Gen.Sample(s_case, 500);
        sample.Select(c => c.Profile).Distinct().Should().BeEquivalentTo(s_profiles);
        sample.Should().Contain(c => c.Levels > 1_000 && c.Crash >= 0.99m);
        sample.Should().Contain(c => c.Levels * c.Spacing >= 1m, "ladders wider than the price itself");
        sample.Should().Contain(c => c.Crash == 0.999m);
    }

    /// <summary>
    /// Issue 15: ETH 3,000 → 30 over three hours, 200 levels at 0.05 %. The ladder was 300 wide in price and the
    /// centre was floored at 300.01, so the mark stayed there. Hand derivation: with full arbitrage the venue quotes
    /// at the spot; after the fall spot = index = 3,000 × 0.01 = 30, and every term of both venues' medians is 30.
    /// </summary>
    [Theory]
    [InlineData("bybit")]
    [InlineData("hyperliquid")]
    public void After_a_99_percent_fall_the_mark_is_the_index(string profile)
    {
        var c = new MarkCase(profile, 200, 0.0005m, 150m, 0.1m, 0.99m, 0, 0, 0m, null, 7);
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioJson.Parse(Scenario(c, "03:00:00", "03:10:00", "00:01:00")));
        SimulationStep last = sim.Steps(TestContext.Current.CancellationToken).Last();
        MarketSnapshot m = last.Markets[0];

        m.IndexPrice.Should().Be(30m);
        m.MarkPrice.Should().BeApproximately(30m, 0.01m);
    }

    /// <summary>
    /// Issue 15: the README's ETH scenario with 2,000 levels at 0.1 % — a ladder twice as wide as the price. The centre
    /// was floored where its deepest bid fit, about 2 × the index at step 1, and every short was liquidated. Bound:
    /// with no funding, Bybit's median lies between the index and the last price, the spot; the index is the spot, so
    /// the mark is the index and the run liquidates exactly what a run marked at the index does.
    /// </summary>
    [Fact]
    public void A_ladder_wider_than_the_price_does_not_lift_the_mark()
    {
        string json = $$"""
            {
              "schemaVersion": 1, "name": "ETH wick on Bybit, deep ladder", "seed": 7,
              "start": "2026-03-01T00:00:00+00:00", "duration": "00:05:00", "step": "00:00:10",
              "venue": { "profile": "bybit" },
              "instruments": [ { "symbol": "ETHUSDT", "kind": "linear", "tiers": "binance-ethusdt", "tickSize": 0.01, "lotSize": 0.01, "contractSize": 1 } ],
              "priceProcess": { "type": "gbm", "drift": 0, "volatility": 0.9 },
              "startPrices": { "ETHUSDT": 3000 },
              "liquidity": { "ETHUSDT": { "recoveryRate": 0.1, "ladder": { "levels": 2000, "spacing": 0.001, "sizePerLevel": 150 } } },
              "insuranceFund": 2000000,
              "population": { "symbol": "ETHUSDT", "count": 300, "longShare": 0.65, "leverage": { "min": 3, "max": 50 },
                              "notional": { "min": 200, "max": 100000 }, "entrySpread": 0.02, "isolatedShare": 0.5 }
            }
            """;
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioJson.Parse(json));
        var liquidations = new List<int>();
        foreach (SimulationStep step in sim.Steps(TestContext.Current.CancellationToken))
        {
            MarketSnapshot m = step.Markets[0];
            m.MarkPrice.Should().BeApproximately(m.IndexPrice, Slack, "step {0}", step.Index);
            liquidations.Add(step.Liquidations);
        }

        // The same run marked at the index itself liquidates the same accounts at the same steps.
        ScenarioSimulation atIndex = ScenarioSimulation.Create(ScenarioJson.Parse(json.Replace(
            "\"insuranceFund\"", "\"market\": { \"markPrice\": \"index\" }, \"insuranceFund\"", StringComparison.Ordinal)));
        atIndex.Steps(TestContext.Current.CancellationToken).Select(s => s.Liquidations).Should().Equal(liquidations);
    }

    private static decimal Bound(MarkCase c, MarketSnapshot m)
    {
        decimal funding = Math.Abs(c.FixedRate ?? 0m) * m.IndexPrice;
        decimal venue = Math.Abs(m.SpotPrice - m.IndexPrice);
        return c.Profile switch
        {
            "dydx-v4" or "okx" => 0m,
            "bitmex" => funding,
            "binance" or "bybit" => Math.Max(funding, venue),
            "hyperliquid" => venue,
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
    }

    /// <summary>The scenario of a case: ETHUSDT at 3,000 falling by the crash over its steps, then flat, ten one-minute steps.</summary>
    private static string Scenario(MarkCase c) =>
        Scenario(c, FormattableString.Invariant($"00:{c.CrashSteps:00}:00"), "00:10:00", "00:01:00");

    private static string Scenario(MarkCase c, string crashEnd, string duration, string step)
    {
        string sources = c.Sources == 0
            ? ""
            : FormattableString.Invariant($$""", "market": { "indexSources": [ {{string.Join(", ", Enumerable.Range(1, c.Sources).Select(i => FormattableString.Invariant($$"""{ "name": "s{{i}}", "weight": {{i}}, "noise": {{c.Noise}} }""")))}} ] }""");
        string funding = c.FixedRate is decimal r ? FormattableString.Invariant($$""", "funding": { "interval": "08:00:00", "fixedRate": {{r}} }""") : "";
        decimal end = 3000m * (1m - c.Crash);
        return FormattableString.Invariant($$"""
            {
              "schemaVersion": 1, "name": "mark bounds", "seed": {{c.Seed}},
              "start": "2026-03-01T00:00:00+00:00", "duration": "{{duration}}", "step": "{{step}}",
              "venue": { "profile": "{{c.Profile}}" },
              "instruments": [ { "symbol": "ETHUSDT", "kind": "linear", "tiers": "binance-ethusdt", "tickSize": 0.01, "lotSize": 0.01, "contractSize": 1 } ],
              "priceProcess": { "type": "scripted", "points": [ { "offset": "00:00:00", "price": 3000 }, { "offset": "{{crashEnd}}", "price": {{end}} } ] },
              "startPrices": { "ETHUSDT": 3000 },
              "liquidity": { "ETHUSDT": { "recoveryRate": {{c.RecoveryRate}}, "ladder": { "levels": {{c.Levels}}, "spacing": {{c.Spacing}}, "sizePerLevel": {{c.SizePerLevel}} } } },
              "insuranceFund": 1000000,
              "population": { "symbol": "ETHUSDT", "count": 40, "longShare": 0.6, "leverage": { "min": 2, "max": 50 },
                              "notional": { "min": 1000, "max": 200000 }, "entrySpread": 0.02, "isolatedShare": 0.5 }{{sources}}{{funding}}
            }
            """);
    }

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < -exponent; i++)
        {
            result /= 10m;
        }

        return result;
    }
}

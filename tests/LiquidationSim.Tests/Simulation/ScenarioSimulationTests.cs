using System.Text.Json.Nodes;
using LiquidationSim.Accounts;
using LiquidationSim.Kernel;
using LiquidationSim.Liquidation;
using LiquidationSim.Simulation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Simulation;

/// <summary>The scenario runner: cascades, trader protection, replay, determinism, streaming, Monte Carlo.</summary>
public partial class ScenarioSimulationTests
{
    /// <summary>
    /// One BTCUSDT instrument on the Binance profile, a flat scripted path at 50,000, mark = index = spot, a ladder of
    /// 20 levels 0.05 % apart (best bid 49,975), one isolated 10x long of 0.2 BTC at 50,000 (margin 1,000, LP
    /// 45,180.72 — Binance example B1 with bracket 1 at 0.4 %), and ten one-minute steps.
    /// </summary>
    internal static JsonObject Minimal() => JsonNode.Parse("""
        {
          "schemaVersion": 1,
          "name": "minimal",
          "seed": 1,
          "start": "2026-01-01T00:00:00+00:00",
          "duration": "00:10:00",
          "step": "00:01:00",
          "venue": { "profile": "binance" },
          "instruments": [ { "symbol": "BTCUSDT", "kind": "linear", "tiers": "binance-btcusdt", "tickSize": 0.1, "lotSize": 0.001, "contractSize": 1 } ],
          "priceProcess": { "type": "scripted", "points": [ { "offset": "00:00:00", "price": 50000 } ] },
          "startPrices": { "BTCUSDT": 50000 },
          "liquidity": { "BTCUSDT": { "recoveryRate": 0.5, "ladder": { "levels": 20, "spacing": 0.0005, "sizePerLevel": 1 } } },
          "insuranceFund": 1000000,
          "market": { "markPrice": "index" },
          "accounts": [
            { "id": 1, "balance": 1000, "marginMode": "isolated", "positions": [ { "symbol": "BTCUSDT", "size": 0.2, "entryPrice": 50000, "leverage": 10 } ] }
          ]
        }
        """)!.AsObject();

    internal static ScenarioDocument Load(JsonObject node) => ScenarioJson.Parse(node.ToJsonString());

    private static ScenarioSimulation Run(JsonObject node, SimulationOptions? options = null)
    {
        ScenarioSimulation sim = ScenarioSimulation.Create(Load(node), options);
        _ = sim.Run();
        return sim;
    }

    // ---- a shock too small to reach any liquidation price ---------------------------------------------------

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(0.99, false)]
    [InlineData(1.5, true)]
    public void A_shock_smaller_than_the_nearest_distance_liquidates_nothing(double shareOfNearest, bool liquidates)
    {
        // Invariant: with mark = spot, a one-step drop of s reaches a long's liquidation price only if s is at least
        // its distance (mark − LP) ÷ mark. The nearest distance is read from the engine's own alert-zone query.
        JsonObject node = Population(count: 500);
        decimal nearest = ScenarioSimulation.Create(Load(node)).Engine.NearestToLiquidation("BTCUSDT")
            .First(d => d.Side == PositionSide.Long).PercentDistance;
        nearest.Should().BeGreaterThan(0m);

        node["shocks"] = new JsonArray(new JsonObject { ["offset"] = "00:05:00", ["change"] = -(nearest * (decimal)shareOfNearest) });
        SimulationSummary summary = ScenarioSimulation.Create(Load(node)).Run(cancellationToken: TestContext.Current.CancellationToken);

        if (liquidates)
        {
            summary.Liquidations.Should().BeGreaterThan(0);
        }
        else
        {
            summary.Liquidations.Should().Be(0);
            summary.LiquidatedNotional.Should().Be(0m);
        }
    }

    // ---- a stop on the last price that the mark beats, and the same stop on the mark ----------------------

    [Theory]
    [InlineData("last", 1, 0)]
    [InlineData("mark", 0, 1)]
    public void A_mark_driven_liquidation_beats_a_stop_on_last_but_not_a_stop_on_mark(string trigger, int liquidations, int orders)
    {
        // The only index source wicks −12 % at minute 3: index = mark = 44,000, below the long's LP of 45,180.72.
        // The venue's own price (the book and the last price) follows the unshocked spot, 50,000. A stop 5 % below the
        // entry (47,500) keyed to last never sees the wick, so the mark-driven liquidation happens; the same stop keyed
        // to mark fires first (it is crossed before the LP on the way down) and closes the position on the book.
        JsonObject node = Minimal();
        node["market"] = JsonNode.Parse("""{ "markPrice": "index", "indexSources": [ { "name": "ext", "weight": 1, "noise": 0 } ] }""");
        node["shocks"] = JsonNode.Parse("""[ { "offset": "00:03:00", "change": -0.12, "source": "ext" } ]""");
        node["accounts"]![0]!["behaviours"] = JsonNode.Parse($$"""[ { "type": "stop-loss", "trigger": "{{trigger}}", "distance": 0.05 } ]""");

        ScenarioSimulation sim = Run(node);
        SimulationSummary summary = sim.Summary();

        summary.Liquidations.Should().Be(liquidations);
        summary.TraderOrders.Should().Be(orders);
        if (trigger == "mark")
        {
            // Sold 0.2 at the best bid 50,000 × (1 − 0.0005) = 49,975: realised 0.2 × (49,975 − 50,000) = −5, and the
            // isolated margin of 1,000 returns to the empty wallet: 995.
            Account account = sim.Engine.GetAccount(new AccountId(1));
            account.Positions.Should().BeEmpty();
            account.WalletBalance.Should().Be(995m);
        }
    }

    // ---- every position of an account is armed, however many it holds -----------------------------------

    [Fact]
    public void A_stop_is_armed_on_every_position_of_an_account_with_more_than_sixteen()
    {
        // Regression: trader behaviours armed only an account's first 16 positions, silently. Seventeen instruments, one
        // isolated 10x long of 0.2 in each from a 17,000 wallet: the first sixteen entered at 40,000 (stop 5 % below at
        // 38,000), the seventeenth at 50,000 (stop at 47,500, LP 45,180.72). A scripted fall to 47,000 at minute 5 crosses
        // only the seventeenth position's stop (a stop-loss behaviour fires once per account), and no LP: its stop must
        // fire and close it on the book; the others stay open.
        JsonObject node = Minimal();
        var instruments = new JsonArray();
        var startPrices = new JsonObject();
        var liquidity = new JsonObject();
        var positions = new JsonArray();
        for (int i = 0; i < 17; i++)
        {
            string symbol = i == 0 ? "BTCUSDT" : $"S{i:00}USDT";
            instruments.Add(JsonNode.Parse($$"""{ "symbol": "{{symbol}}", "kind": "linear", "tiers": "binance-btcusdt", "tickSize": 0.1, "lotSize": 0.001, "contractSize": 1 }"""));
            startPrices[symbol] = 50000;
            liquidity[symbol] = JsonNode.Parse("""{ "recoveryRate": 0.5, "ladder": { "levels": 20, "spacing": 0.0005, "sizePerLevel": 1 } }""");
            int entry = i == 16 ? 50000 : 40000;
            positions.Add(JsonNode.Parse($$"""{ "symbol": "{{symbol}}", "size": 0.2, "entryPrice": {{entry}}, "leverage": 10 }"""));
        }

        node["instruments"] = instruments;
        node["startPrices"] = startPrices;
        node["liquidity"] = liquidity;
        node["priceProcess"] = JsonNode.Parse("""{ "type": "scripted", "points": [ { "offset": "00:00:00", "price": 50000 }, { "offset": "00:05:00", "price": 47000 } ] }""");
        node["accounts"] = JsonNode.Parse("""[ { "id": 1, "balance": 17000, "marginMode": "isolated", "behaviours": [ { "type": "stop-loss", "trigger": "mark", "distance": 0.05 } ] } ]""");
        node["accounts"]![0]!["positions"] = positions;

        ScenarioSimulation sim = Run(node);

        sim.Summary().Liquidations.Should().Be(0);
        sim.Summary().TraderOrders.Should().Be(1);
        sim.Engine.GetAccount(new AccountId(1)).Positions.Select(p => p.Symbol).Should().HaveCount(16).And.NotContain("S16USDT");
    }

    // ---- historical replay --------------------------------------------------------------------------------

    [Theory]
    [InlineData(20, new[] { 0, 0, 1, 0 })]
    [InlineData(18, new[] { 0, 0, 1, 0 })]
    [InlineData(16, new[] { 0, 0, 0, 0 })]
    public void Historical_replay_marks_at_bar_opens_and_walks_each_ended_bars_low(int leverage, int[] liquidations)
    {
        // TestData/HistoricalBtcUsdtHourly.csv, bars stamped at their open (O / H / L / C):
        //   00:00 97,250.10 / 97,480.00 / 96,900.55 / 97,012.30    01:00 97,012.30 / 97,100.00 / 95,010.00 / 95,200.45
        //   02:00 95,200.45 / 95,200.45 / 91,875.05 / 92,100.00    03:00 92,100.00 / 93,560.70 / 92,050.00 / 93,400.10
        //   04:00 93,400.10 / … (last bar)
        // No look-ahead: the mark at 01:00, 02:00, 03:00, 04:00 is the open of the bar starting then, and the bar that
        // ended during the step is walked through its extremes first (a falling 02:00 bar: high, then low 91,875.05).
        // An isolated long of 0.1 at 97,012.30, Binance bracket 1 (0.4 %): LP = (E − M ÷ 0.1) ÷ 0.996 with
        // M = 0.1 × 97,012.30 ÷ leverage rounded up to 1e-8:
        //   20x: M = 485.0615       LP = 92,531.81…  (below it: the 02:00 bar's low and the 03:00 open 92,100)
        //   18x: M = 538.95722223   LP = 91,990.69…  (only the 02:00 bar's low 91,875.05 reaches it: no open does)
        //   16x: M = 606.32687500   LP = 91,314.29…  (nothing reaches it)
        JsonObject node = Minimal();
        node["start"] = "2026-11-21T00:00:00+00:00";
        node["duration"] = "04:00:00";
        node["step"] = "01:00:00";
        node["priceProcess"] = new JsonObject { ["type"] = "historical", ["csvPath"] = "HistoricalBtcUsdtHourly.csv" };
        node["startPrices"] = new JsonObject { ["BTCUSDT"] = 97250.10m };
        node["accounts"] = JsonNode.Parse($$"""
            [ { "id": 1, "balance": 1000, "marginMode": "isolated", "positions": [ { "symbol": "BTCUSDT", "size": 0.1, "entryPrice": 97012.30, "leverage": {{leverage}} } ] } ]
            """);
        var options = new SimulationOptions { BaseDirectory = Path.Combine(AppContext.BaseDirectory, "Simulation", "TestData") };

        ScenarioSimulation sim = ScenarioSimulation.Create(Load(node), options);
        SimulationStep[] steps = [.. sim.Steps(TestContext.Current.CancellationToken)];

        steps.Select(s => s.Markets[0].MarkPrice).Should().Equal(97012.30m, 95200.45m, 92100.00m, 93400.10m);
        steps.Select(s => s.Liquidations).Should().Equal(liquidations);
    }

    [Fact]
    public void A_historical_CSV_with_unsorted_and_bad_rows_is_refused_with_every_problem_before_anything_runs()
    {
        string dir = Directory.CreateTempSubdirectory("liqsim-").FullName;
        File.WriteAllText(Path.Combine(dir, "bad.csv"), "timestamp,price\n2026-01-01T00:02:00Z,100\n2026-01-01T00:01:00Z,101\n2026-01-01T00:03:00Z,abc\n");
        JsonObject node = Minimal();
        node["priceProcess"] = new JsonObject { ["type"] = "historical", ["csvPath"] = "bad.csv" };

        Action act = () => ScenarioSimulation.Create(Load(node), new SimulationOptions { BaseDirectory = dir });

        ScenarioValidationException e = act.Should().Throw<ScenarioValidationException>().Which;
        e.Problems.Should().HaveCountGreaterThanOrEqualTo(2);
        e.Problems.Should().OnlyContain(p => p.Path == "$.priceProcess.csvPath");
        // Line 3 goes back in time; line 4 has a price that is not a number.
        e.Problems.Select(p => p.Message).Should().Contain(m => m.Contains("bad.csv:3", StringComparison.Ordinal))
            .And.Contain(m => m.Contains("bad.csv:4", StringComparison.Ordinal));
    }

    // ---- replay and value conservation over a whole run ----------------------------------------------------

    [Fact]
    public void Replaying_the_event_log_reproduces_the_final_state()
    {
        JsonObject node = Population(count: 300);
        node["shocks"] = JsonNode.Parse("""[ { "offset": "00:05:00", "change": -0.2 } ]""");
        ScenarioSimulation sim = Run(node, new SimulationOptions { RetainEventLog = true });
        sim.Summary().Liquidations.Should().BeGreaterThan(0, "the test needs a cascade to replay");

        LiquidationEngine replayed = LiquidationEngine.Replay(sim.Engine, sim.Engine.Events);

        EngineSnapshotState.Of(replayed, ["BTCUSDT"]).Should().Be(EngineSnapshotState.Of(sim.Engine, ["BTCUSDT"]));
        replayed.TotalValue.Should().Be(sim.Engine.TotalValue);
    }

    [Fact]
    public void The_streamed_step_events_are_exactly_the_engine_log()
    {
        JsonObject node = Population(count: 200);
        node["shocks"] = JsonNode.Parse("""[ { "offset": "00:04:00", "change": -0.15 } ]""");
        ScenarioSimulation sim = ScenarioSimulation.Create(Load(node), new SimulationOptions { RetainEventLog = true, IncludeEvents = true });

        List<LiquidationEvent> streamed = [.. sim.Steps(TestContext.Current.CancellationToken).SelectMany(s => s.Events)];

        streamed.Should().Equal(sim.Engine.Events);
        streamed.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    // ---- determinism ----------------------------------------------------------------------------------------

    [Fact]
    public void The_same_scenario_gives_the_same_timeline_every_time()
    {
        JsonObject node = Population(count: 300);
        node["priceProcess"] = JsonNode.Parse("""{ "type": "gbm", "drift": 0, "volatility": 1.5 }""");
        node["shocks"] = JsonNode.Parse("""[ { "offset": "00:05:00", "change": -0.1 } ]""");

        SimulationStep[] first = [.. ScenarioSimulation.Create(Load(node)).Steps(TestContext.Current.CancellationToken)];
        SimulationStep[] second = [.. ScenarioSimulation.Create(Load(node)).Steps(TestContext.Current.CancellationToken)];

        second.Select(Row).Should().Equal(first.Select(Row));
    }

    [Fact]
    public void A_single_run_is_path_zero_and_other_paths_differ()
    {
        JsonObject node = Population(count: 100);
        node["priceProcess"] = JsonNode.Parse("""{ "type": "gbm", "drift": 0, "volatility": 1.5 }""");
        ScenarioDocument scenario = Load(node);

        string single = string.Join("|", ScenarioSimulation.Create(scenario).Steps(TestContext.Current.CancellationToken).Select(Row));
        string path0 = string.Join("|", ScenarioSimulation.Create(scenario, 0, null, TestContext.Current.CancellationToken).Steps(TestContext.Current.CancellationToken).Select(Row));
        string path1 = string.Join("|", ScenarioSimulation.Create(scenario, 1, null, TestContext.Current.CancellationToken).Steps(TestContext.Current.CancellationToken).Select(Row));

        path0.Should().Be(single);
        path1.Should().NotBe(single);
    }

    // ---- streaming, progress, cancellation ------------------------------------------------------------------

    [Fact]
    public async Task Steps_stream_asynchronously_with_progress_and_stop_on_cancellation()
    {
        ScenarioSimulation sim = ScenarioSimulation.Create(Load(Minimal()));
        var reports = new List<SimulationProgress>();
        using var cts = new CancellationTokenSource();
        var seen = new List<long>();

        Func<Task> act = async () =>
        {
            await foreach (SimulationStep step in sim.StepsAsync(new SyncProgress<SimulationProgress>(reports.Add), cts.Token))
            {
                seen.Add(step.Index);
                if (step.Index == 4)
                {
                    await cts.CancelAsync();
                }
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        seen.Should().Equal(1, 2, 3, 4);
        reports.Should().Equal(Enumerable.Range(1, 4).Select(i => new SimulationProgress(i, 10)));
        sim.Current.Index.Should().Be(4);
    }

    [Fact]
    public void An_observer_sees_every_step_then_completion()
    {
        var observer = new RecordingObserver();
        SimulationSummary summary = ScenarioSimulation.Create(Load(Minimal())).Run(observer, null, TestContext.Current.CancellationToken);

        observer.Steps.Should().Equal(Enumerable.Range(1, 10).Select(i => (long)i));
        observer.Completed.Should().BeTrue();
        summary.Steps.Should().Be(10);
    }

    [Fact]
    public void Stepping_past_the_end_is_refused()
    {
        ScenarioSimulation sim = ScenarioSimulation.Create(Load(Minimal()));
        _ = sim.Run(cancellationToken: TestContext.Current.CancellationToken);
        Action act = () => sim.Step();
        act.Should().Throw<InvalidOperationException>();
    }

    /// <summary>
    /// A generated population on the minimal market: leverage 2–20, notional 1,000–50,000, entries ±1 % around
    /// 50,000, 60 % long, 30 % isolated, a ten-minute flat path.
    /// </summary>
    internal static JsonObject Population(int count)
    {
        JsonObject node = Minimal();
        node.Remove("accounts");
        node["population"] = JsonNode.Parse($$"""
            {
              "symbol": "BTCUSDT", "count": {{count}}, "longShare": 0.6,
              "leverage": { "min": 2, "max": 20 }, "notional": { "min": 1000, "max": 50000 },
              "entrySpread": 0.01, "isolatedShare": 0.3
            }
            """);
        node["liquidity"] = JsonNode.Parse("""{ "BTCUSDT": { "recoveryRate": 0.2, "ladder": { "levels": 100, "spacing": 0.0005, "sizePerLevel": 2 } } }""");
        return node;
    }

    internal static string Row(SimulationStep s) =>
        FormattableString.Invariant(
            $"{s.Index} {s.Time:O} {string.Join(";", s.Markets)} {s.Liquidations} {s.LiquidatedNotional} {s.AdlCount} {s.AdlNotional} {s.TraderOrders} {s.InsuranceFund} {s.BadDebt}");

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class RecordingObserver : IObserver<SimulationStep>
    {
        public List<long> Steps { get; } = [];

        public bool Completed { get; private set; }

        public void OnCompleted() => Completed = true;

        public void OnError(Exception error) => throw error;

        public void OnNext(SimulationStep value) => Steps.Add(value.Index);
    }
}

/// <summary>Bad input to the runner: refused with the parameter named, nothing run.</summary>
public class ScenarioSimulationBadInputTests
{
    [Fact]
    public void A_null_scenario_is_refused()
    {
        Action act = () => ScenarioSimulation.Create(null!);
        act.Should().Throw<ArgumentNullException>().WithParameterName("scenario");
    }

    [Fact]
    public void A_negative_path_index_is_refused()
    {
        Action act = () => ScenarioSimulation.Create(ScenarioSimulationTests.Load(ScenarioSimulationTests.Minimal()), -1);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("pathIndex");
    }

    [Theory]
    [InlineData(0L, 0L, 1, "PathCount")]
    [InlineData(-1L, 1L, 1, "FirstPath")]
    [InlineData(long.MaxValue, 2L, 1, "FirstPath")]
    [InlineData(0L, 1L, 0, "DegreeOfParallelism")]
    public void Monte_Carlo_arguments_are_checked(long first, long count, int dop, string parameter)
    {
        Action act = () => ScenarioSimulation.RunMonteCarlo(
            ScenarioSimulationTests.Load(ScenarioSimulationTests.Minimal()),
            new MonteCarloOptions { FirstPath = first, PathCount = count, DegreeOfParallelism = dop });
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(parameter);
    }

    [Fact]
    public void An_alert_zone_needs_a_known_symbol_and_a_non_negative_distance()
    {
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(ScenarioSimulationTests.Minimal()));
        Action negative = () => sim.AlertZone("BTCUSDT", -0.01m);
        Action unknown = () => sim.AlertZone("ETHUSDT", 0.05m);
        negative.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("withinFraction");
        unknown.Should().Throw<ArgumentException>().WithParameterName("symbol");
    }

    [Fact]
    public void The_alert_zone_lists_the_long_within_its_distance()
    {
        // The 10x long of the minimal scenario: LP 45,180.72 at a mark of 50,000 is (50,000 − 45,180.72) ÷ 50,000
        // = 9.64 % away — inside a 10 % zone, outside a 9 % one.
        ScenarioSimulation sim = ScenarioSimulation.Create(ScenarioSimulationTests.Load(ScenarioSimulationTests.Minimal()));

        sim.AlertZone("BTCUSDT", 0.10m).Should().ContainSingle().Which.PercentDistance.Should().BeApproximately(0.0964m, 0.0001m);
        sim.AlertZone("BTCUSDT", 0.09m).Should().BeEmpty();
    }

    [Fact]
    public void An_explicit_account_that_cannot_fund_its_isolated_margin_is_a_scenario_problem()
    {
        System.Text.Json.Nodes.JsonObject node = ScenarioSimulationTests.Minimal();
        node["accounts"]![0]!["balance"] = 999;

        Action act = () => ScenarioSimulation.Create(ScenarioSimulationTests.Load(node));

        act.Should().Throw<ScenarioValidationException>().Which.Problems.Should().ContainSingle()
            .Which.Path.Should().Be("$.accounts[0].balance");
    }
}

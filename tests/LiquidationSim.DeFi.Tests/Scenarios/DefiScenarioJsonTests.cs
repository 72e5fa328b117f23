using System.Globalization;
using System.Text.Json.Nodes;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Lending;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.DeFi.StabilityPool;
using LiquidationSim.Kernel;

namespace LiquidationSim.DeFi.Tests.Scenarios;

/// <summary>The DeFi scenario loader: the embedded default against the fixed scenario it replaced, and every rule with its JSON path.</summary>
public class DefiScenarioJsonTests
{
    [Fact]
    public void The_embedded_default_builds_the_lending_scenario_liqsim_defi_used_to_hard_code()
    {
        DefiScenario loaded = DefiScenarioJson.LoadDefault();
        LendingStressScenario expected = PreviousDefaults.Lending(2026);

        loaded.Seed.Should().Be(2026UL);
        loaded.Lending.Should().NotBeNull();
        loaded.Lending!.Version.Should().Be(AaveVersion.V3_3);
        LendingStressScenario s = loaded.Lending.Scenario;
        s.Market.Rules.Should().Be(expected.Market.Rules);
        s.Market.BaseCurrencyDecimals.Should().Be(8);
        s.Market.Reserves.Should().Equal(expected.Market.Reserves);
        s.Accounts.Should().BeEquivalentTo(expected.Accounts, o => o.WithStrictOrdering());
        (s.CollateralAsset, s.DebtAsset).Should().Be(("WETH", "USDC"));
        s.CollateralPrice.Should().BeOfType<ScriptedPath>().Which.Points.Should().Equal(((ScriptedPath)expected.CollateralPrice).Points);
        (s.Duration, s.Step).Should().Be((TimeSpan.FromHours(24), TimeSpan.FromMinutes(10)));
        s.Pool.Should().Be(expected.Pool);
        (s.OracleCoupling, s.Arbitrage, s.GasCost, s.Seed).Should().Be((0.3m, 0.3m, expected.GasCost, 2026UL));

        // And so the same run: the totals of the whole 144-step path agree.
        LendingStressSimulation.Create(s).Run(TestContext.Current.CancellationToken).Should().Be(LendingStressSimulation.Create(expected).Run(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void The_embedded_default_builds_the_auction_scenario_liqsim_defi_used_to_hard_code()
    {
        DefiScenario loaded = DefiScenarioJson.LoadDefault();
        AuctionSimulationScenario expected = PreviousDefaults.Auction(2026);

        loaded.Auction.Should().NotBeNull();
        loaded.Auction!.Profile.Should().Be(MakerAuctionProfile.EthB);
        AuctionSimulationScenario s = loaded.Auction.Scenario;
        s.Dog.Hole.Should().Be(expected.Dog.Hole);
        s.Dog.Ilks.Should().Equal(expected.Dog.Ilks);
        s.Clipper.Config.Should().Be(expected.Clipper.Config);
        s.Vat.Should().Be(expected.Vat);
        s.Mat.Should().Be(expected.Mat);
        s.Vaults.Should().Equal(expected.Vaults);
        s.PriceProcess.Should().BeOfType<ScriptedPath>().Which.Points.Should().Equal(((ScriptedPath)expected.PriceProcess).Points);
        (s.StartPrice, s.StepSeconds, s.Steps, s.Barker).Should().Be((2_000m, 1UL, 21_600, "barker"));
        s.Keepers.Should().Equal(expected.Keepers);
        s.Pool.Should().Be(expected.Pool);
    }

    [Fact]
    public void Maker_units_are_scaled_exactly_chop_wad_mat_and_margins_ray_amounts_rad()
    {
        // Hand derivation: chop 1.13 = 113·10^16 wad; liquidation ratio 1.3 = 13·10^26 ray; keeper margin 0.02 = 2·10^25
        // ray; 2,000,000 DAI = 2·10^51 rad; gas 20 DAI = 2·10^46 rad; dust 5,000 DAI = 5·10^48 rad.
        AuctionSimulationScenario s = DefiScenarioJson.LoadDefault().Auction!.Scenario;
        s.Dog.Ilks["ETH-B"].Chop.Should().Be(UInt256.Parse("1130000000000000000"));
        s.Mat.Should().Be(UInt256.Parse("1300000000000000000000000000"));
        s.Keepers[0].Margin.Should().Be(UInt256.Parse("20000000000000000000000000"));
        s.Keepers[0].Capital.Should().Be(UInt256.Parse("2" + new string('0', 51)));
        s.Keepers[0].GasCost.Should().Be(UInt256.Parse("2" + new string('0', 46)));
        s.Vat.Dust.Should().Be(UInt256.Parse("5" + new string('0', 48)));
    }

    [Fact]
    public void A_seed_override_redraws_the_populations_from_the_new_seed()
    {
        DefiScenario loaded = DefiScenarioJson.LoadDefault(seed: 7);
        loaded.Seed.Should().Be(7UL);
        loaded.Lending!.Scenario.Accounts.Should().BeEquivalentTo(PreviousDefaults.Lending(7).Accounts, o => o.WithStrictOrdering());
        loaded.Lending.Scenario.Seed.Should().Be(7UL);
        loaded.Auction!.Scenario.Vaults.Should().Equal(PreviousDefaults.Auction(7).Vaults);
        loaded.Fingerprint.Should().NotBe(DefiScenarioJson.LoadDefault().Fingerprint, "a shard of another seed must not merge");
    }

    [Fact]
    public void The_fingerprint_ignores_layout_but_not_content()
    {
        JsonNode root = JsonNode.Parse(DefiScenarioJson.DefaultJson)!;
        string compact = root.ToJsonString();
        DefiScenarioJson.Parse(compact).Fingerprint.Should().Be(DefiScenarioJson.LoadDefault().Fingerprint);
        root["lending"]!["gasCost"] = 11;
        DefiScenarioJson.Parse(root.ToJsonString()).Fingerprint.Should().NotBe(DefiScenarioJson.LoadDefault().Fingerprint);
    }

    [Fact]
    public void A_file_with_only_a_lending_run_and_a_gbm_path_loads()
    {
        JsonNode root = JsonNode.Parse(DefiScenarioJson.DefaultJson)!;
        root.AsObject().Remove("auction");
        root["lending"]!["priceProcess"] = JsonNode.Parse("""{ "type": "gbm", "drift": -0.5, "volatility": 0.8 }""");
        DefiScenario s = DefiScenarioJson.Parse(root.ToJsonString());
        s.Auction.Should().BeNull();
        GeometricBrownianMotion gbm = s.Lending!.Scenario.CollateralPrice.Should().BeOfType<GeometricBrownianMotion>().Subject;
        (gbm.Drift, gbm.Volatility).Should().Be((-0.5m, 0.8m));
    }

    [Fact]
    public void Optional_fields_take_their_documented_defaults()
    {
        JsonNode root = JsonNode.Parse(DefiScenarioJson.DefaultJson)!;
        JsonObject lending = root["lending"]!.AsObject();
        lending.Remove("oracleCoupling");
        lending.Remove("arbitrage");
        lending.Remove("gasCost");
        lending.Remove("description");
        lending["market"]!.AsObject().Remove("baseCurrencyDecimals");
        JsonObject auction = root["auction"]!.AsObject();
        auction.Remove("pool");
        auction.Remove("keepers");
        auction.Remove("dust");
        DefiScenario s = DefiScenarioJson.Parse(root.ToJsonString());
        (s.Lending!.Scenario.OracleCoupling, s.Lending.Scenario.Arbitrage, s.Lending.Scenario.GasCost).Should().Be((0m, 1m, UInt256.Zero));
        s.Lending.Scenario.Market.BaseCurrencyDecimals.Should().Be(8);
        s.Lending.Description.Should().BeEmpty();
        s.Auction!.Scenario.Pool.Should().BeNull();
        s.Auction.Scenario.Keepers.Should().BeEmpty();
        s.Auction.Scenario.Vat.Dust.Should().Be(UInt256.Zero);
    }

    public static TheoryData<string, string, string, string> Rules => new()
    {
        // JSON path of the value to set, its new JSON value ("<remove>" deletes it), the problem's path, a word of its message.
        { "$.schemaVersion", "2", "$.schemaVersion", "must be 1" },
        { "$.name", "<remove>", "$.name", "is required" },
        { "$.seed", "-1", "$.seed", "whole number" },
        { "$.seed", "1.5", "$.seed", "whole number" },
        { "$.extra", "1", "$.extra", "unknown field" },
        { "$.lending.market.version", "\"v4.0\"", "$.lending.market.version", "v3.3" },
        { "$.lending.market.baseCurrencyDecimals", "19", "$.lending.market.baseCurrencyDecimals", "0 to 18" },
        { "$.lending.market.reserves", "[]", "$.lending.market.reserves", "at least one" },
        { "$.lending.market.reserves[0].decimals", "37", "$.lending.market.reserves[0].decimals", "0 to 36" },
        { "$.lending.market.reserves[0].price", "0", "$.lending.market.reserves[0].price", "greater than 0" },
        { "$.lending.market.reserves[0].ltv", "10001", "$.lending.market.reserves[0].ltv", "0 to 10000" },
        { "$.lending.market.reserves[0].liquidationThreshold", "-1", "$.lending.market.reserves[0].liquidationThreshold", "0 to 10000" },
        { "$.lending.market.reserves[0].liquidationProtocolFee", "10001", "$.lending.market.reserves[0].liquidationProtocolFee", "0 to 10000" },
        { "$.lending.market.reserves[0].colour", "\"red\"", "$.lending.market.reserves[0].colour", "unknown field" },
        { "$.lending.collateralAsset", "\"WBTC\"", "$.lending.collateralAsset", "not a reserve" },
        { "$.lending.debtAsset", "\"WETH\"", "$.lending.debtAsset", "must differ" },
        { "$.lending.population.count", "0", "$.lending.population.count", "1 to 1000000" },
        { "$.lending.population.collateralMin", "0", "$.lending.population.collateralMin", "greater than 0" },
        { "$.lending.population.collateralMax", "0.1", "$.lending.population.collateralMax", "not be below collateralMin" },
        { "$.lending.population.healthMin", "1", "$.lending.population.healthMin", "above 1" },
        { "$.lending.population.healthMax", "1.01", "$.lending.population.healthMax", "not be below healthMin" },
        { "$.lending.priceProcess.type", "\"heston\"", "$.lending.priceProcess.type", "scripted" },
        { "$.lending.priceProcess.points", "[]", "$.lending.priceProcess.points", "at least one" },
        { "$.lending.priceProcess.points[0].offset", "\"00:01:00\"", "$.lending.priceProcess.points[0].offset", "00:00:00" },
        { "$.lending.priceProcess.points[1].offset", "\"00:00:00\"", "$.lending.priceProcess.points[1].offset", "after the previous" },
        { "$.lending.priceProcess.points[1].price", "0", "$.lending.priceProcess.points[1].price", "greater than 0" },
        { "$.lending.duration", "\"1.00:00:01\"", "$.lending.duration", "whole multiple" },
        { "$.lending.duration", "\"PT24H\"", "$.lending.duration", "time span" },
        { "$.lending.step", "\"0\"", "$.lending.step", "positive" },
        { "$.lending.pool.base", "0", "$.lending.pool.base", "greater than 0" },
        { "$.lending.pool.feeBps", "10000", "$.lending.pool.feeBps", "0 to 9999" },
        { "$.lending.pool", "<remove>", "$.lending.pool", "is required" },
        { "$.lending.oracleCoupling", "1.5", "$.lending.oracleCoupling", "0 to 1" },
        { "$.lending.arbitrage", "-0.1", "$.lending.arbitrage", "0 to 1" },
        { "$.lending.gasCost", "-1", "$.lending.gasCost", "0 to 1e18" },
        { "$.lending.description", "[1]", "$.lending.description", "array of strings" },
        { "$.auction.profile", "\"ETH-Z\"", "$.auction.profile", "ETH-B" },
        { "$.auction.hole", "0", "$.auction.hole", "greater than 0" },
        { "$.auction.chop", "0.9", "$.auction.chop", "1 to 10" },
        { "$.auction.rate", "0.5", "$.auction.rate", "1 to 1000" },
        { "$.auction.liquidationRatio", "0.5", "$.auction.liquidationRatio", "1 to 1000" },
        { "$.auction.vaults.count", "-1", "$.auction.vaults.count", "0 to 1000000" },
        { "$.auction.vaults.inkMax", "5", "$.auction.vaults.inkMax", "not be below inkMin" },
        { "$.auction.vaults.collateralisationMax", "1.2", "$.auction.vaults.collateralisationMax", "not be below collateralisationMin" },
        { "$.auction.startPrice", "0", "$.auction.startPrice", "greater than 0" },
        { "$.auction.stepSeconds", "0", "$.auction.stepSeconds", "1 to 86400" },
        { "$.auction.steps", "0", "$.auction.steps", "1 to 10000000" },
        { "$.auction.keepers[1].name", "\"keeper0\"", "$.auction.keepers[1].name", "earlier keeper" },
        { "$.auction.keepers[0].margin", "1", "$.auction.keepers[0].margin", "below 1" },
        { "$.auction.keepers[0].capital", "-5", "$.auction.keepers[0].capital", "0 to 1e18" },
        { "$.auction.pool.quote", "0", "$.auction.pool.quote", "greater than 0" },
        { "$.auction.barker", "\"\"", "$.auction.barker", "non-empty string" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_is_reported_with_the_JSON_path_of_the_value(string target, string value, string path, string message)
    {
        string json = Mutate(DefiScenarioJson.DefaultJson, (target, value));

        Action load = () => DefiScenarioJson.Parse(json);

        ScenarioValidationException e = load.Should().Throw<ScenarioValidationException>().Which;
        e.Problems.Should().ContainSingle().Which.Should().Match<ScenarioProblem>(p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        string json = Mutate(DefiScenarioJson.DefaultJson,
            ("$.lending.oracleCoupling", "2"),
            ("$.lending.population.count", "0"),
            ("$.auction.steps", "0"),
            ("$.auction.keepers[3].margin", "-0.1"));

        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;

        e.Problems.Select(p => p.Path).Should().BeEquivalentTo(
            "$.lending.oracleCoupling", "$.lending.population.count", "$.auction.steps", "$.auction.keepers[3].margin");
    }

    [Fact]
    public void A_symbol_given_twice_is_reported_and_the_asset_that_lost_its_reserve_too()
    {
        string json = Mutate(DefiScenarioJson.DefaultJson, ("$.lending.market.reserves[1].symbol", "\"WETH\""));

        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;

        e.Problems.Select(p => p.Path).Should().Equal("$.lending.market.reserves[1].symbol", "$.lending.debtAsset");
        e.Problems[0].Message.Should().Contain("earlier reserve");
    }

    [Fact]
    public void A_rule_only_the_protocol_type_knows_is_reported_at_the_reserve_that_breaks_it()
    {
        // Aave's validateReserveConfiguration: a collateral's bonus must be above 100 % (liquidationBonus > 10000).
        string json = Mutate(DefiScenarioJson.DefaultJson, ("$.lending.market.reserves[0].liquidationBonus", "9000"));

        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;

        e.Problems.Should().ContainSingle().Which.Path.Should().Be("$.lending.market.reserves[0]");
    }

    [Theory]
    [InlineData("{", "$", "not valid JSON")]
    [InlineData("[]", "$", "must be an object")]
    [InlineData("""{"schemaVersion": 1, "name": "x", "seed": 1}""", "$", "at least one run")]
    [InlineData("""{"schemaVersion": 1, "schemaVersion": 1, "name": "x", "seed": 1}""", "$.schemaVersion", "duplicate")]
    public void Documents_that_are_not_scenarios_are_reported_at_the_root(string json, string path, string message)
    {
        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;
        e.Problems.Should().Contain(p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal), e.Message);
    }

    private const string LiquityJson = """
        {
          "schemaVersion": 1, "name": "Liquity", "seed": 5,
          "liquity": {
            "population": { "count": 200, "collateralMin": 5, "collateralMax": 50, "icrMin": 1.2, "icrMax": 2.5 },
            "deposits": [ { "depositor": "d1", "amount": 300000 }, { "depositor": "d2", "amount": 200000 } ],
            "initialPrice": 2000,
            "priceProcess": { "type": "scripted", "points": [ { "offset": "00:00:00", "price": 2000 }, { "offset": "01:00:00", "price": 1300 } ] },
            "duration": "01:00:00",
            "step": "00:01:00",
            "trovesPerCall": 25
          }
        }
        """;

    [Fact]
    public void A_liquity_run_builds_the_troves_and_deposits_it_describes()
    {
        DefiScenario s = DefiScenarioJson.Parse(LiquityJson);

        (s.Lending, s.Auction).Should().Be((null, null));
        LiquityStressScenario q = s.Liquity!.Scenario;
        q.Troves.Should().Equal(LiquityPopulation.Generate(LiquityParameters.V1, 200, 5m, 50m, 1.2m, 2.5m, 2_000m, 5));
        // 300,000 LUSD = 3·10^23 wei.
        q.Deposits.Should().Equal(new LiquityDepositSpec("d1", UInt256.Parse("300000000000000000000000")), new LiquityDepositSpec("d2", UInt256.Parse("200000000000000000000000")));
        (q.InitialPrice, q.Duration, q.Step, q.TrovesPerCall, q.Seed).Should().Be((2_000m, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), 25, 5UL));
        q.Parameters.Should().Be(LiquityParameters.V1);
    }

    [Theory]
    [InlineData("$.liquity.population.count", "1", "$.liquity.population.count", "2 to 100000")]
    [InlineData("$.liquity.population.icrMax", "1.1", "$.liquity.population.icrMax", "not be below icrMin")]
    [InlineData("$.liquity.deposits[1].depositor", "\"d1\"", "$.liquity.deposits[1].depositor", "earlier deposit")]
    [InlineData("$.liquity.deposits[0].amount", "0", "$.liquity.deposits[0].amount", "greater than 0")]
    [InlineData("$.liquity.initialPrice", "2000.123456789", "$.liquity.initialPrice", "8 decimals")]
    [InlineData("$.liquity.trovesPerCall", "0", "$.liquity.trovesPerCall", "1 to 10000")]
    [InlineData("$.liquity.step", "\"00:07:00\"", "$.liquity.duration", "whole multiple")]
    public void Each_liquity_rule_is_reported_with_its_JSON_path(string target, string value, string path, string message)
    {
        string json = Mutate(LiquityJson, (target, value));

        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;

        e.Problems.Should().ContainSingle().Which.Should().Match<ScenarioProblem>(p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_trove_the_contract_would_refuse_to_open_is_reported_at_the_liquity_run()
    {
        // Liquity v1 BorrowerOperations refuses a trove below MCR (110 %) in Normal Mode: ICRs from 1.0 draw such troves.
        string json = Mutate(LiquityJson, ("$.liquity.population.icrMin", "1.0"), ("$.liquity.population.icrMax", "1.05"));

        ScenarioValidationException e = ((Action)(() => DefiScenarioJson.Parse(json))).Should().Throw<ScenarioValidationException>().Which;

        e.Problems.Should().ContainSingle().Which.Path.Should().Be("$.liquity");
    }

    /// <summary>Sets (or with "&lt;remove&gt;" deletes) each value at a simple JSON path ($.a.b[2].c).</summary>
    private static string Mutate(string json, params (string Path, string Value)[] changes)
    {
        JsonNode root = JsonNode.Parse(json)!;
        foreach ((string path, string value) in changes)
        {
            string[] parts = path[2..].Replace("[", ".[", StringComparison.Ordinal).Split('.');
            JsonNode parent = root;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                parent = Step(parent, parts[i]);
            }

            string last = parts[^1];
            JsonNode? node = value == "<remove>" ? null : JsonNode.Parse(value);
            if (last.StartsWith('['))
            {
                parent.AsArray()[int.Parse(last[1..^1], CultureInfo.InvariantCulture)] = node;
            }
            else if (node is null)
            {
                parent.AsObject().Remove(last);
            }
            else
            {
                parent[last] = node;
            }
        }

        return root.ToJsonString();
    }

    private static JsonNode Step(JsonNode node, string part) =>
        part.StartsWith('[') ? node.AsArray()[int.Parse(part[1..^1], CultureInfo.InvariantCulture)]! : node[part]!;

    /// <summary>
    /// The scenarios <c>liqsim defi</c> built in code before scenario files (DefiCommand.LendingScenario and
    /// AuctionScenario at commit d9c132e), kept here as the reference the embedded default must reproduce.
    /// </summary>
    private static class PreviousDefaults
    {
        public static LendingStressScenario Lending(ulong seed)
        {
            var market = new AaveMarket(AaveRules.For(AaveVersion.V3_3), 8,
            [
                new AaveReserve("WETH", 18, AaveDecimal.Price(2_000m, 8), ltv: 8000, liquidationThreshold: 8250, liquidationBonus: 10500, liquidationProtocolFee: 1000),
                new AaveReserve("USDC", 6, AaveDecimal.Price(1m, 8), ltv: 7500, liquidationThreshold: 7800, liquidationBonus: 10450, liquidationProtocolFee: 1000),
            ]);
            return new LendingStressScenario
            {
                Market = market,
                CollateralAsset = "WETH",
                DebtAsset = "USDC",
                Accounts = LendingPopulation.Generate(market, "WETH", "USDC", 2_000, 0.5m, 50m, 1.05m, 2.5m, seed),
                CollateralPrice = new ScriptedPath([new PricePoint(TimeSpan.Zero, 2_000m), new PricePoint(TimeSpan.FromHours(24), 1_300m)]),
                Duration = TimeSpan.FromHours(24),
                Step = TimeSpan.FromMinutes(10),
                Pool = new ConstantProductPool(UInt256.FromDecimal(5_000m, 18), UInt256.FromDecimal(10_000_000m, 6), 30),
                OracleCoupling = 0.3m,
                Arbitrage = 0.3m,
                GasCost = UInt256.FromDecimal(10m, 6),
                Seed = seed,
            };
        }

        public static AuctionSimulationScenario Auction(ulong seed)
        {
            UInt256 rad = MakerMath.Rad;
            UInt256 chop = 113UL * MakerMath.Wad / 100UL;
            UInt256 dust = 5_000UL * rad;
            return new AuctionSimulationScenario
            {
                Dog = new Dog(100_000_000UL * rad).WithIlk("ETH-B", chop, MakerAuctionProfile.EthB.IlkHole),
                Clipper = new Clipper(MakerAuctionProfile.EthB.ToClipperConfig(ClipperConfig.ChostOf(dust, chop))),
                Vat = new VatIlk(MakerMath.Ray, UInt256.Zero, dust),
                Mat = 13UL * MakerMath.Ray / 10UL,
                Vaults = AuctionSimulation.GenerateVaults(2_000, 10m, 50m, 1.3m, 2m, 2_000m, MakerMath.Ray, new SeededRandom(seed)),
                PriceProcess = new ScriptedPath(
                [
                    new PricePoint(TimeSpan.Zero, 2_000m),
                    new PricePoint(TimeSpan.FromHours(0.5), 2_000m),
                    new PricePoint(TimeSpan.FromHours(2), 1_100m),
                    new PricePoint(TimeSpan.FromHours(6), 1_250m),
                ]),
                StartPrice = 2_000m,
                StepSeconds = 1,
                Steps = 21_600,
                Keepers = [.. Enumerable.Range(0, 5).Select(k => new AuctionKeeper(
                    string.Create(CultureInfo.InvariantCulture, $"keeper{k}"),
                    2_000_000UL * rad,
                    (ulong)(2 * (k + 1)) * MakerMath.Ray / 100UL,
                    20UL * rad))],
                Pool = new ConstantProductPool(50_000UL * MakerMath.Wad, 100_000_000UL * MakerMath.Wad, 30),
            };
        }
    }
}

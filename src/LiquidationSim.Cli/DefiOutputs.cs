using System.Reflection;
using System.Text;
using System.Text.Json;
using LiquidationSim.DeFi.Scenarios;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.FixedSpread;
using LiquidationSim.DeFi.Simulation;
using LiquidationSim.DeFi.StabilityPool;

namespace LiquidationSim.Cli;

/// <summary>
/// <c>liqsim defi --out</c>'s <c>summary.json</c>: the scenario, its seed and fingerprint, and each run's totals.
/// Protocol integers (rad, wad) are written as exact decimal strings of their integer units, decimals as JSON numbers.
/// </summary>
internal sealed class DefiSummaryWriter(DefiScenario scenario)
{
    private LendingStressResult? _lending;
    private long _lendingSteps;
    private LendingStressResult? _morpho;
    private long _morphoSteps;
    private CometStressResult? _comet;
    private LendingStressResult? _compoundV2;
    private long _compoundV2Steps;
    private long _cometSteps;
    private AuctionRunResult? _auction;
    private int _auctionSteps;
    private LiquityStressResult? _liquity;
    private long _liquitySteps;

    /// <summary>Records the Liquity run's totals.</summary>
    public void Liquity(LiquityStressResult result, long steps)
    {
        _liquity = result;
        _liquitySteps = steps;
    }

    /// <summary>Records the Compound v2 run's totals.</summary>
    public void CompoundV2(LendingStressResult result, long steps)
    {
        _compoundV2 = result;
        _compoundV2Steps = steps;
    }

    /// <summary>Records the Comet run's totals.</summary>
    public void Comet(CometStressResult result, long steps)
    {
        _comet = result;
        _cometSteps = steps;
    }

    /// <summary>Records the Morpho Blue run's totals.</summary>
    public void Morpho(LendingStressResult result, long steps)
    {
        _morpho = result;
        _morphoSteps = steps;
    }

    /// <summary>Records the lending run's totals.</summary>
    public void Lending(LendingStressResult result, long steps)
    {
        _lending = result;
        _lendingSteps = steps;
    }

    /// <summary>Records the auction run's outcome.</summary>
    public void Auction(AuctionRunResult outcome, int steps)
    {
        _auction = outcome;
        _auctionSteps = steps;
    }

    /// <summary>The summary document, indented, ending with a newline.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("scenario", scenario.Name);
            w.WriteNumber("seed", scenario.Seed);
            w.WriteString("scenarioSha256", scenario.Fingerprint);
            if (_lending is { } l)
            {
                w.WriteStartObject("lending");
                w.WriteString("debtAsset", scenario.Lending!.Scenario.DebtAsset);
                w.WriteNumber("steps", _lendingSteps);
                w.WriteNumber("liquidations", l.Liquidations);
                w.WriteNumber("debtRepaid", l.DebtRepaid);
                w.WriteNumber("liquidatorProfit", l.LiquidatorProfit);
                w.WriteNumber("badDebt", l.BadDebt);
                w.WriteEndObject();
            }

            if (_morpho is { } mo)
            {
                w.WriteStartObject("morpho");
                w.WriteString("debtAsset", scenario.Morpho!.Scenario.Market.Parameters.LoanToken);
                w.WriteNumber("steps", _morphoSteps);
                w.WriteNumber("liquidations", mo.Liquidations);
                w.WriteNumber("debtRepaid", mo.DebtRepaid);
                w.WriteNumber("liquidatorProfit", mo.LiquidatorProfit);
                w.WriteNumber("badDebt", mo.BadDebt);
                w.WriteEndObject();
            }

            if (_compoundV2 is { } v2)
            {
                w.WriteStartObject("compoundV2");
                w.WriteString("debtAsset", scenario.CompoundV2!.Scenario.BorrowMarket);
                w.WriteNumber("steps", _compoundV2Steps);
                w.WriteNumber("liquidations", v2.Liquidations);
                w.WriteNumber("debtRepaid", v2.DebtRepaid);
                w.WriteNumber("liquidatorProfit", v2.LiquidatorProfit);
                w.WriteNumber("badDebt", v2.BadDebt);
                w.WriteEndObject();
            }

            if (_comet is { } c)
            {
                CometMarket market = scenario.Comet!.Scenario.Market;
                w.WriteStartObject("comet");
                w.WriteString("baseToken", market.BaseToken);
                w.WriteString("collateralToken", market.Assets[0].Asset);
                w.WriteNumber("steps", _cometSteps);
                w.WriteNumber("absorptions", c.Absorptions);
                w.WriteNumber("debtAbsorbed", c.DebtAbsorbed);
                w.WriteNumber("collateralSeized", c.CollateralSeized);
                w.WriteNumber("shortfall", c.Shortfall);
                w.WriteNumber("collateralSold", c.CollateralSold);
                w.WriteNumber("baseFromSales", c.BaseFromSales);
                w.WriteNumber("finalReserves", c.FinalReserves);
                w.WriteNumber("minReserves", c.MinReserves);
                w.WriteEndObject();
            }

            if (_auction is { } o)
            {
                w.WriteStartObject("auction");
                w.WriteString("ilk", scenario.Auction!.Profile.Name);
                w.WriteNumber("steps", _auctionSteps);
                w.WriteNumber("auctions", o.Auctions);
                w.WriteNumber("takes", o.Takes);
                w.WriteString("tabTotalRad", o.TabTotal.ToString());
                w.WriteString("daiRaisedRad", o.DaiRaised.ToString());
                w.WriteString("tabWrittenOffRad", o.TabWrittenOff.ToString());
                w.WriteString("tabRemainingRad", o.TabRemaining.ToString());
                w.WriteString("lotTotalWad", o.LotTotal.ToString());
                w.WriteString("collateralSoldWad", o.CollateralSold.ToString());
                w.WriteString("collateralReturnedWad", o.CollateralReturned.ToString());
                w.WriteString("lotRemainingWad", o.LotRemaining.ToString());
                w.WriteString("incentivesRad", o.Incentives.ToString());
                w.WriteNumber("recoveryRate", o.RecoveryRate);
                w.WriteNumber("badDebt", o.BadDebt);
                w.WriteNumber("keeperProfit", o.KeeperProfit);
                w.WriteNumber("averageTakeToMarket", o.AverageTakeToMarket);
                w.WriteNumber("meanDurationSeconds", o.MeanDurationSeconds);
                w.WriteEndObject();
            }

            if (_liquity is { } q)
            {
                w.WriteStartObject("liquity");
                w.WriteNumber("steps", _liquitySteps);
                w.WriteNumber("liquidations", q.Liquidations);
                w.WriteNumber("debtOffset", q.DebtOffset);
                w.WriteNumber("debtRedistributed", q.DebtRedistributed);
                w.WriteNumber("depositorProfit", q.DepositorProfit);
                w.WriteNumber("gasCompensation", q.GasCompensation);
                w.WriteNumber("collateralSurplus", q.CollateralSurplus);
                w.WriteNumber("stepsInRecoveryMode", q.StepsInRecoveryMode);
                w.WriteNumber("finalTcr", q.FinalTcr);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}

/// <summary>
/// <c>liqsim defi --out</c>'s <c>events.jsonl</c>: one JSON object a line. Lending liquidations carry
/// <c>"run": "lending"</c> (Morpho Blue's: <c>"run": "morpho"</c>, Compound v2's: <c>"run": "compoundV2"</c>) and the fields of <see cref="LendingLiquidationEvent"/>; Comet's
/// absorptions and collateral sales carry <c>"run": "comet"</c> and <c>"type": "Absorbed"</c> or <c>"CollateralBought"</c>; the auction log carries
/// <c>"run": "auction"</c>, the sequence number, the time in seconds, the event's type (<c>Barked</c>, <c>Kicked</c>,
/// <c>Taken</c>, …) and its fields, protocol integers as exact decimal strings.
/// </summary>
internal static class DefiEventJson
{
    /// <summary>Appends one lending liquidation of the run named <paramref name="run"/> (<c>lending</c>, <c>morpho</c> or <c>compoundV2</c>).</summary>
    public static void AppendLending(StringBuilder lines, string run, LendingLiquidationEvent e) => Append(lines, w =>
    {
        w.WriteString("run", run);
        w.WriteNumber("step", e.Step);
        w.WriteNumber("account", e.Account);
        w.WriteNumber("healthFactorBefore", e.HealthFactorBefore);
        w.WriteNumber("debtRepaid", e.DebtRepaid);
        w.WriteNumber("collateralSeized", e.CollateralSeized);
        w.WriteNumber("protocolFee", e.ProtocolFee);
        w.WriteNumber("proceeds", e.Proceeds);
        w.WriteNumber("profit", e.Profit);
        w.WriteNumber("deficit", e.Deficit);
    });

    /// <summary>Appends one account absorbed by a Comet run: Comet's units as exact integer strings (base and collateral smallest units, values in dollars × 1e8).</summary>
    public static void AppendCometAbsorption(StringBuilder lines, CometStressAbsorption e) => Append(lines, w =>
    {
        CometAbsorption a = e.Absorption;
        w.WriteString("run", "comet");
        w.WriteString("type", "Absorbed");
        w.WriteNumber("step", e.Step);
        w.WriteNumber("account", e.Account);
        w.WriteString("accountId", a.AccountId);
        w.WriteString("oldPrincipal", a.OldPrincipal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("newPrincipal", a.NewPrincipal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("debtAbsorbed", a.DebtAbsorbed.ToString());
        w.WriteString("collateralSeized", a.Seized.IsEmpty ? "0" : a.Seized[0].Amount.ToString());
        w.WriteString("collateralValue", a.CollateralValue.ToString());
        w.WriteString("deltaBalance", a.DeltaBalance.ToString());
        w.WriteString("surplus", a.Surplus.ToString());
        w.WriteString("shortfall", a.Shortfall.ToString());
    });

    /// <summary>Appends one <c>buyCollateral</c> of a Comet run (smallest units as exact integer strings).</summary>
    public static void AppendCometSale(StringBuilder lines, CometStressSale e) => Append(lines, w =>
    {
        w.WriteString("run", "comet");
        w.WriteString("type", "CollateralBought");
        w.WriteNumber("step", e.Step);
        w.WriteString("baseAmount", e.BaseAmount.ToString());
        w.WriteString("collateralAmount", e.CollateralAmount.ToString());
        w.WriteString("reservesBefore", e.ReservesBefore.ToString(System.Globalization.CultureInfo.InvariantCulture));
    });

    /// <summary>Appends one auction log entry.</summary>
    public static void AppendAuction(StringBuilder lines, MakerLoggedEvent e) => Append(lines, w =>
    {
        w.WriteString("run", "auction");
        w.WriteNumber("sequence", e.Sequence);
        w.WriteNumber("time", e.Time);
        w.WriteString("type", e.Event.GetType().Name);
        WriteProperties(w, e.Event);
    });

    /// <summary>Appends one trove liquidation of a Liquity run.</summary>
    public static void AppendLiquity(StringBuilder lines, long step, TroveLiquidation t) => Append(lines, w =>
    {
        w.WriteString("run", "liquity");
        w.WriteNumber("step", step);
        WriteProperties(w, t);
    });

    /// <summary>The event records are plain data (strings, integers, UInt256, booleans, enums): writes each public property.</summary>
    private static void WriteProperties(Utf8JsonWriter w, object record)
    {
        foreach (PropertyInfo p in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            string name = JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            switch (p.GetValue(record))
            {
                case null:
                    w.WriteNull(name);
                    break;
                case string s:
                    w.WriteString(name, s);
                    break;
                case bool b:
                    w.WriteBoolean(name, b);
                    break;
                case UInt256 u:
                    w.WriteString(name, u.ToString());
                    break;
                case ulong u:
                    w.WriteNumber(name, u);
                    break;
                case long n:
                    w.WriteNumber(name, n);
                    break;
                case int n:
                    w.WriteNumber(name, n);
                    break;
                case decimal d:
                    w.WriteNumber(name, d);
                    break;
                case object other:
                    w.WriteString(name, Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static void Append(StringBuilder lines, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        lines.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
    }
}

using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Tests.Support;

/// <summary>A position to solve: instrument, side, size (whole lots) and entry price.</summary>
internal sealed record PositionCase(Instrument Instrument, PositionSide Side, decimal Size, decimal Entry)
{
    public bool IsLinear => Instrument.Kind == ContractKind.Linear;

    public decimal EntryNotional => Instrument.Notional(Size, Entry);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Side} {Size} x {Instrument} [{Instrument.RiskTiers.Name}] @ {Entry}");
}

/// <summary>
/// A liquidation-price problem: an isolated position with <see cref="Margin"/>, or (when <see cref="Context"/> is
/// set) a one-way cross position backed by the wallet and the account's other positions.
/// </summary>
internal sealed record SolveCase(PositionCase Position, MarginModel Model, decimal Margin, CrossMarginContext? Context)
{
    /// <summary>What backs the position before its own PnL: the isolated margin, or wallet + other positions' UPnL.</summary>
    public decimal BalanceCollateral => Context is CrossMarginContext c ? c.WalletBalance + c.OtherUnrealizedPnl : Margin;

    /// <summary>Maintenance margin of the account's other positions (zero in isolated mode).</summary>
    public decimal OtherMaintenance => Context is CrossMarginContext c ? c.OtherMaintenanceMargin : 0m;

    public LiquidationEstimate Solve() => Solve(Position.Instrument);

    public LiquidationEstimate Solve(Instrument instrument) => Context is CrossMarginContext ctx
        ? LiquidationPriceSolver.Cross(instrument, Position.Side, Position.Size, Position.Entry, ctx, Model)
        : LiquidationPriceSolver.Isolated(instrument, Position.Side, Position.Size, Position.Entry, Margin, Model);

    /// <summary>The same problem with <paramref name="extra"/> more collateral (isolated margin, or cross wallet).</summary>
    public SolveCase WithMoreCollateral(decimal extra) => Context is CrossMarginContext c
        ? this with { Context = c with { WalletBalance = c.WalletBalance + extra } }
        : this with { Margin = Margin + extra };

    /// <summary>
    /// Margin balance and maintenance margin at <paramref name="price"/>, computed independently of the solver from
    /// <see cref="MarginMath"/> and the tier table: balance = collateral + UPnL(price); maintenance = other MM +
    /// MM(notional at price) under MarkValue, or + MM(notional at entry) under EntryValue.
    /// </summary>
    public (decimal Balance, decimal Maintenance) MarginAt(decimal price)
    {
        PositionCase p = Position;
        decimal upnl = MarginMath.UnrealizedPnl(p.Instrument, p.Side, p.Size, p.Entry, price);
        decimal valuedAt = Model.Basis == MaintenanceBasis.MarkValue ? price : p.Entry;
        decimal mm = p.Instrument.RiskTiers.MaintenanceMargin(p.Instrument.Notional(p.Size, valuedAt));
        return (MarginMath.MarginBalance(BalanceCollateral, upnl), OtherMaintenance + mm);
    }

    /// <summary>Margin balance minus maintenance margin at <paramref name="price"/> (liquidatable when ≤ 0).</summary>
    public decimal Surplus(decimal price)
    {
        (decimal balance, decimal maintenance) = MarginAt(price);
        return balance - maintenance;
    }

    /// <summary>How much the position's PnL changes over one tick next to <paramref name="price"/>: the tolerance for "equal at the liquidation price".</summary>
    public decimal OneTickOfPnl(decimal price)
    {
        PositionCase p = Position;
        decimal tick = p.Instrument.TickSize;
        decimal k = p.Size * p.Instrument.ContractSize;
        return p.IsLinear ? k * tick : k * tick / price / (price + tick);
    }

    /// <summary>
    /// Tolerance for "equal at the price": one tick of PnL, but never below decimal's own resolution on the amounts
    /// involved (28 significant digits; 1e-20 of them leaves ample slack) — at astronomically far prices one tick of
    /// inverse PnL is smaller than that.
    /// </summary>
    public decimal Tolerance(decimal price)
    {
        decimal scale = Position.EntryNotional + Math.Abs(Margin);
        if (Context is CrossMarginContext c)
        {
            scale += Math.Abs(c.WalletBalance) + c.OtherMaintenanceMargin + Math.Abs(c.OtherUnrealizedPnl);
        }

        return Math.Max(OneTickOfPnl(price), 1e-20m * scale);
    }

    public override string ToString() => Context is CrossMarginContext c
        ? string.Create(CultureInfo.InvariantCulture, $"{Position}, cross {c}, {Model.Name}/{Model.Basis}")
        : string.Create(CultureInfo.InvariantCulture, $"{Position}, isolated margin {Margin}, {Model.Name}/{Model.Basis}");
}

/// <summary>FsCheck generators with realistic magnitudes for the margin property tests.</summary>
internal static class MarginCases
{
    /// <summary>
    /// A made-up coin-margined bracket table (notional in the coin) with the same shape as Binance's: rates rising from
    /// 0.4% and maintenance amounts from the recurrence.
    /// </summary>
    public static RiskTierTable CoinTiers { get; } = RiskTierTable.FromRates(
        "test coin tiers",
        [(0m, 125m, 0.004m), (5m, 100m, 0.005m), (10m, 50m, 0.01m), (20m, 20m, 0.025m), (50m, 10m, 0.05m), (100m, 5m, 0.1m), (200m, 4m, 0.125m), (500m, 2m, 0.25m)],
        SourceReference.UserSupplied(TestInstruments.AsOf));

    public static MarginModel[] Models { get; } = [MarginModel.Binance, MarginModel.Bybit];

    private static readonly (decimal Rate, decimal MaxLeverage)[] _flatRates =
        [(0.004m, 125m), (0.005m, 100m), (0.01m, 50m), (0.025m, 20m), (0.05m, 10m), (0.1m, 5m)];

    /// <summary>10^e for small non-negative e.</summary>
    public static decimal Pow10(int e)
    {
        decimal r = 1m;
        for (int i = 0; i < e; i++)
        {
            r *= 10m;
        }

        return r;
    }

    /// <summary>Log-uniform decimal in [10^lo, 10^(hi+1)), four significant digits.</summary>
    public static Gen<decimal> LogUniform(int lo, int hi) =>
        from e in Gen.Choose(lo, hi)
        from m in Gen.Choose(1000, 9999)
        select e >= 0 ? m * Pow10(e) / 1000m : m / Pow10(-e) / 1000m;

    /// <summary>Prices from 1 to just under 1e6.</summary>
    public static Gen<decimal> Price { get; } = LogUniform(0, 5);

    /// <summary>A fraction in [lo, hi] with four decimals.</summary>
    public static Gen<decimal> Fraction(decimal lo, decimal hi) =>
        Gen.Choose((int)(lo * 10_000m), (int)(hi * 10_000m)).Select(i => i / 10_000m);

    public static Gen<RiskTierTable> FlatTable { get; } =
        Gen.Elements(_flatRates).Select(r => TestInstruments.Flat(r.Rate, r.MaxLeverage));

    /// <summary>A table with the range of notionals (as powers of ten) that exercises it.</summary>
    public static Gen<(RiskTierTable Table, int Lo, int Hi)> Table { get; } = Gen.OneOf(
        Gen.Constant((BinanceUsdmTiers.BtcUsdt, 1, 9)),
        Gen.Constant((CoinTiers, -3, 3)),
        FlatTable.Select(t => (t, -2, 7)));

    public static Gen<Instrument> LinearInstrument(RiskTierTable table, string symbol = "TESTUSDT") =>
        from tick in Gen.Elements(0.01m, 0.1m, 0.5m, 1m)
        from lot in Gen.Elements(0.001m, 0.01m, 0.1m, 1m)
        from contractSize in Gen.Elements(1m, 1m, 0.01m)
        select Instrument.Linear(symbol, symbol[..^4], "USDT", table, tick, lot, contractSize);

    public static Gen<Instrument> InverseInstrument(RiskTierTable table, string symbol = "BTCUSD") =>
        from tick in Gen.Elements(0.5m, 0.1m, 0.01m)
        from contractSize in Gen.Elements(1m, 10m, 100m)
        select Instrument.Inverse(symbol, "BTC", "USD", table, tick, 1m, contractSize);

    /// <summary>A whole number of lots whose notional at <paramref name="price"/> is about <paramref name="notional"/> (at least one lot).</summary>
    public static decimal SizeFor(Instrument instrument, decimal notional, decimal price)
    {
        decimal contracts = instrument.Kind == ContractKind.Linear
            ? notional / (price * instrument.ContractSize)
            : notional * price / instrument.ContractSize;
        decimal lots = Math.Max(1m, Math.Round(contracts / instrument.LotSize, 0, MidpointRounding.ToZero));
        return lots * instrument.LotSize;
    }

    public static Gen<PositionCase> PositionOn(Gen<Instrument> instruments, int lo, int hi) =>
        from instrument in instruments
        from side in Gen.Elements(PositionSide.Long, PositionSide.Short)
        from entry in Price
        from notional in LogUniform(lo, hi)
        select new PositionCase(instrument, side, SizeFor(instrument, notional, entry), entry);

    /// <summary>Linear or inverse, either side, any of the test tables.</summary>
    public static Gen<PositionCase> AnyPosition { get; } =
        from t in Table
        from linear in Gen.Elements(true, false)
        from p in PositionOn(linear ? LinearInstrument(t.Table) : InverseInstrument(t.Table), t.Lo, t.Hi)
        select p;

    /// <summary>BitMEX XBTUSD steps as published (cap-inclusive) and the same steps floor-inclusive.</summary>
    public static Gen<RiskTierTable> StepTable { get; } = Gen.Elements(
        BitMexTiers.XbtUsd,
        RiskTierTable.Create("XBTUSD steps, floor-inclusive", BitMexTiers.XbtUsd.Tiers, MaintenanceAmountRule.WholePosition, BitMexTiers.XbtUsd.Source, TierBoundary.FloorInclusive));

    /// <summary>Linear positions on whole-position step tables, with notionals across the first ten steps (1 to ~2,000).</summary>
    public static Gen<PositionCase> StepPosition { get; } =
        from t in StepTable
        from p in PositionOn(LinearInstrument(t), 0, 3)
        select p;

    public static Gen<PositionCase> LinearPosition { get; } =
        from t in Table
        from p in PositionOn(LinearInstrument(t.Table), t.Lo, t.Hi)
        select p;

    /// <summary>
    /// Collateral as a fraction of the entry notional, 0 to 2, with the edges (exactly 0, exactly the notional)
    /// drawn often enough to be exercised every run.
    /// </summary>
    public static Gen<decimal> CollateralFraction { get; } = Gen.Frequency(
        (1, Gen.Constant(0m)),
        (1, Gen.Constant(1m)),
        (8, Fraction(0m, 2m)));

    public static decimal Round8(decimal x) => Math.Round(x, 8, MidpointRounding.ToEven);

    public static Gen<SolveCase> IsolatedOn(Gen<PositionCase> positions) =>
        from p in positions
        from model in Gen.Elements(Models)
        from f in CollateralFraction
        select new SolveCase(p, model, Round8(p.EntryNotional * f), null);

    public static Gen<SolveCase> CrossOn(Gen<PositionCase> positions) =>
        from p in positions
        from model in Gen.Elements(Models)
        from w in CollateralFraction
        from tmm in Fraction(0m, 1m)
        from upnl in Fraction(-1.5m, 0.5m)
        select new SolveCase(
            p,
            model,
            0m,
            new CrossMarginContext(Round8(p.EntryNotional * w), Round8(p.EntryNotional * tmm), Round8(p.EntryNotional * upnl)));

    public static Gen<SolveCase> AnyCase(Gen<PositionCase> positions) => Gen.OneOf(IsolatedOn(positions), CrossOn(positions));
}

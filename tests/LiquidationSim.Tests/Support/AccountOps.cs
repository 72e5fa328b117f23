using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;

namespace LiquidationSim.Tests.Support;

/// <summary>Random operation sequences on an account, for conservation and determinism properties.</summary>
internal static class AccountOps
{
    /// <summary>Instruments that settle in one asset, a reference price for each, a size unit and a starting wallet.</summary>
    internal sealed record Universe(string Asset, Instrument[] Instruments, decimal[] BasePrices, decimal[] SizeUnits, decimal InitialWallet)
    {
        public override string ToString() => $"{Asset} universe [{string.Join(", ", Instruments.Select(i => i.Symbol))}]";
    }

    internal enum OpKind
    {
        Fill,
        AddMargin,
        RemoveMargin,
    }

    /// <summary>One operation; <see cref="Fraction"/> scales the price move (fills) or the amount (transfers).</summary>
    internal sealed record Op(OpKind Kind, int Instrument, OrderSide Side, int Units, decimal Fraction, MarginMode Mode, decimal Leverage, PositionSide Leg)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind}#{Instrument} {Side} {Units}u f={Fraction} {Mode} {Leverage}x {Leg}");
    }

    internal sealed record ScenarioCase(Universe Universe, PositionMode Mode, Op[] Ops)
    {
        public override string ToString() => $"{Universe} {Mode}: {string.Join(" | ", Ops.Select(o => o.ToString()))}";
    }

    private static readonly Universe _usdt = new(
        "USDT",
        [TestInstruments.BtcUsdt, TestInstruments.EthUsdt],
        [30_000m, 2_000m],
        [0.001m, 0.01m],
        100_000m);

    private static readonly Universe _btc = new(
        "BTC",
        [
            Instrument.Inverse("BTCUSD", "BTC", "USD", TestInstruments.Flat(0.005m, 100m), 0.5m, 1m, 100m),
            Instrument.Inverse("XBTUSD_Q", "BTC", "USD", MarginCases.CoinTiers, 0.1m, 1m, 10m),
        ],
        [30_000m, 30_000m],
        [1m, 10m],
        10m);

    public static Gen<Op> OpGen { get; } =
        from kind in Gen.Frequency((6, Gen.Constant(OpKind.Fill)), (1, Gen.Constant(OpKind.AddMargin)), (1, Gen.Constant(OpKind.RemoveMargin)))
        from instrument in Gen.Choose(0, 1)
        from side in Gen.Elements(OrderSide.Buy, OrderSide.Sell)
        from units in Gen.Choose(1, 3_000)
        from fraction in MarginCases.Fraction(0.7m, 1.3m)
        from mode in Gen.Elements(MarginMode.Cross, MarginMode.Isolated)
        from leverage in Gen.Elements(1m, 2m, 5m, 10m, 20m)
        from leg in Gen.Elements(PositionSide.Long, PositionSide.Short)
        select new Op(kind, instrument, side, units, fraction, mode, leverage, leg);

    /// <summary>Linear instruments settling in USDT.</summary>
    public static Gen<ScenarioCase> LinearScenario { get; } = ScenarioIn(_usdt);

    /// <summary>Inverse instruments settling in BTC.</summary>
    public static Gen<ScenarioCase> InverseScenario { get; } = ScenarioIn(_btc);

    public static Gen<ScenarioCase> Scenario { get; } = Gen.OneOf(LinearScenario, InverseScenario);

    private static Gen<ScenarioCase> ScenarioIn(Universe universe) =>
        from mode in Gen.Elements(PositionMode.OneWay, PositionMode.Hedge)
        from count in Gen.Choose(1, 30)
        from ops in Gen.ArrayOf(OpGen, count)
        select new ScenarioCase(universe, mode, ops);

    /// <summary>
    /// Runs the operations from a fresh account. With <paramref name="checkEachStep"/>, a refused operation
    /// (ArgumentException) must leave the account unchanged, and an applied one must change
    /// WalletBalance + Σ IsolatedMargin by its realised PnL (zero for transfers): exactly when
    /// <paramref name="relativeTolerance"/> is zero, else to within that fraction of the wallet total. Returns the
    /// final account, the realised PnL of each applied fill, and how many operations applied.
    /// </summary>
    public static (Account Final, List<decimal> Realised, int Applied) Run(ScenarioCase s, bool checkEachStep, decimal relativeTolerance = 0m)
    {
        Universe u = s.Universe;
        Account account = Account.Create(u.Asset, u.InitialWallet, s.Mode);
        var lastPrice = new Dictionary<string, decimal>();
        for (int i = 0; i < u.Instruments.Length; i++)
        {
            lastPrice[u.Instruments[i].Symbol] = u.BasePrices[i];
        }

        var realised = new List<decimal>();
        int applied = 0;
        foreach (Op op in s.Ops)
        {
            Instrument instrument = u.Instruments[op.Instrument];
            AccountState before = AccountState.Of(account);
            decimal totalBefore = account.TotalWalletBalance;
            decimal pnl = 0m;
            Account next;
            try
            {
                switch (op.Kind)
                {
                    case OpKind.Fill:
                        decimal price = Math.Max(instrument.TickSize, Math.Round(u.BasePrices[op.Instrument] * op.Fraction / instrument.TickSize, 0) * instrument.TickSize);
                        FillResult fill = account.ApplyFill(
                            instrument,
                            op.Side,
                            op.Units * u.SizeUnits[op.Instrument],
                            price,
                            op.Mode,
                            op.Leverage,
                            s.Mode == PositionMode.Hedge ? op.Leg : null);
                        next = fill.Account;
                        pnl = fill.RealizedPnl;
                        lastPrice[instrument.Symbol] = price;
                        break;

                    case OpKind.AddMargin:
                        // A share of the wallet, so that both accepted and refused transfers occur.
                        next = account.AddIsolatedMargin(instrument.Symbol, op.Leg, MarginCases.Round8(account.WalletBalance * (op.Fraction - 0.6m)), lastPrice);
                        break;

                    default:
                        decimal held = account.Find(instrument.Symbol, op.Leg)?.IsolatedMargin ?? 1m;
                        next = account.RemoveIsolatedMargin(instrument.Symbol, op.Leg, MarginCases.Round8(held * (op.Fraction - 0.6m)), lastPrice[instrument.Symbol]);
                        break;
                }
            }
            catch (ArgumentException)
            {
                if (checkEachStep)
                {
                    AccountState.Of(account).Should().Be(before, "a refused {0} must change nothing", op);
                }

                continue;
            }

            applied++;
            if (op.Kind == OpKind.Fill)
            {
                realised.Add(pnl);
            }

            if (checkEachStep)
            {
                decimal tolerance = relativeTolerance * (Math.Abs(totalBefore) + Math.Abs(pnl));
                (next.TotalWalletBalance - totalBefore).Should().BeApproximately(pnl, tolerance, "{0} on {1}", op, before);
                foreach (Position p in next.Positions)
                {
                    p.Size.Should().BePositive();
                    (p.Size % p.Instrument.LotSize).Should().Be(0m);
                }

                next.Positions.GroupBy(p => (p.Symbol, s.Mode == PositionMode.Hedge ? p.Side : PositionSide.Long))
                    .Where(g => g.Count() > 1).Should().BeEmpty("one position per symbol (per side in hedge mode)");
            }

            account = next;
        }

        return (account, realised, applied);
    }
}

using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Margin;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Margin;

/// <summary>
/// Properties of <see cref="LiquidationPriceSolver"/> over random linear and inverse instruments, both sides,
/// isolated and cross, Binance's BTCUSDT brackets, a coin-margined bracket table and flat tables, under the
/// mark-valued (Binance) and entry-valued (Bybit) models. Every expectation is computed independently of the
/// solver: margin balance and maintenance margin come from <see cref="MarginMath"/> and the tier table at the
/// candidate price (<see cref="SolveCase.MarginAt"/>), or from a derivation written next to the assertion.
/// </summary>
public class LiquidationPricePropertyTests
{
    private const int Cases = 300;

    private static Property Run<T>(Gen<T> gen, Action<T> property) =>
        Prop.ForAll(gen.ToArbitrary(), property);

    private static bool IsLong(SolveCase c) => c.Position.Side == PositionSide.Long;

    /// <summary>Prices an adverse move visits: down for a long, up for a short, from the entry out to a factor of 1e6.</summary>
    private static IEnumerable<decimal> AdversePrices(PositionCase p)
    {
        foreach (decimal factor in new[] { 1m, 2m, 10m, 1_000m, 1_000_000m })
        {
            yield return p.Side == PositionSide.Long ? p.Entry / factor : p.Entry * factor;
        }
    }

    private static IEnumerable<decimal> PricesEverywhere(PositionCase p)
    {
        foreach (decimal factor in new[] { 0.001m, 0.5m, 1m, 2m, 1_000m })
        {
            yield return p.Entry * factor;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generators guard: the properties below are only meaningful if most cases have a liquidation price and the
    // other two outcomes still occur. Checked here rather than by filtering cases away.
    // ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Generated_cases_cover_every_outcome_and_mostly_have_a_liquidation_price()
    {
        SolveCase[] sample = Gen.Sample(MarginCases.AnyCase(MarginCases.AnyPosition), 2_000);
        var statuses = sample.Select(c => c.Solve().Status).ToList();

        statuses.Count(s => s == LiquidationPriceStatus.Exists).Should().BeGreaterThan(sample.Length / 2);
        statuses.Should().Contain(LiquidationPriceStatus.None);
        statuses.Should().Contain(LiquidationPriceStatus.AtAnyPrice);
        sample.Select(c => c.Position.Instrument.Kind).Distinct().Should().HaveCount(2);
        sample.Select(c => c.Model.Basis).Distinct().Should().HaveCount(2);
        sample.Count(c => c.Position.Instrument.RiskTiers == BinanceUsdmTiers.BtcUsdt
            && c.Solve().TierIndex is > 0).Should().BePositive("the BTCUSDT cases must reach brackets above the first");
    }

    // ---------------------------------------------------------------------------------------------------------
    // (a) At the liquidation price, margin balance = maintenance margin, evaluated independently.
    // ---------------------------------------------------------------------------------------------------------

    [CiProperty(MaxTest = Cases)]
    public Property Margin_balance_equals_maintenance_margin_at_the_liquidation_price() =>
        Run(MarginCases.AnyCase(MarginCases.AnyPosition), c =>
        {
            LiquidationEstimate e = c.Solve();
            switch (e.Status)
            {
                case LiquidationPriceStatus.Exists:
                    decimal lp = e.LiquidationPrice!.Value;
                    lp.Should().BePositive();
                    e.Exposure.Should().Be(c.Position.Side);

                    // collateral + UPnL(LP) − [other MM +] MM(notional at LP, or at entry under EntryValue) = 0,
                    // to within what one tick of price moves the PnL (floored at decimal resolution).
                    c.Surplus(lp).Should().BeApproximately(0m, c.Tolerance(lp), "at LP {0} for {1}", lp, c);
                    break;

                case LiquidationPriceStatus.None:
                    e.LiquidationPrice.Should().BeNull();
                    foreach (decimal p in AdversePrices(c.Position))
                    {
                        c.Surplus(p).Should().BePositive("no adverse move liquidates when there is no LP; price {0}, {1}", p, c);
                    }

                    break;

                case LiquidationPriceStatus.AtAnyPrice:
                    e.LiquidationPrice.Should().BeNull();
                    foreach (decimal p in PricesEverywhere(c.Position))
                    {
                        c.Surplus(p).Should().BeLessThanOrEqualTo(0m, "liquidatable at any price; price {0}, {1}", p, c);
                    }

                    break;

                default:
                    throw new InvalidOperationException($"unexpected status {e.Status}");
            }
        });

    [CiProperty(MaxTest = Cases)]
    public Property Bankruptcy_price_zeroes_the_margin_balance_net_of_the_closing_fee() =>
        Run(
            from c in MarginCases.AnyCase(MarginCases.AnyPosition)
            from fee in Gen.Elements(0m, 0.0005m, 0.00075m)
            select c with { Model = c.Model.WithClosingFeeRate(fee) },
            c =>
            {
                LiquidationEstimate e = c.Solve();
                PositionCase pos = c.Position;
                if (e.BankruptcyPrice is not decimal bp)
                {
                    // No root N > 0 of C + s(N − N_e) − fee·N: with C > 0 equity stays positive at every adverse price
                    // (checked fee-free, which is the larger equity); with C ≤ 0 it is not positive anywhere.
                    foreach (decimal p in PricesEverywhere(pos).Concat(AdversePrices(pos)))
                    {
                        decimal equity = c.BalanceCollateral + MarginMath.UnrealizedPnl(pos.Instrument, pos.Side, pos.Size, pos.Entry, p);
                        if (c.BalanceCollateral > 0m)
                        {
                            if (AdversePrices(pos).Contains(p))
                            {
                                equity.Should().BePositive("no bankruptcy price: equity never reaches zero; price {0}, {1}", p, c);
                            }
                        }
                        else
                        {
                            equity.Should().BeLessThanOrEqualTo(0m, "no bankruptcy price with no collateral: bankrupt everywhere; price {0}, {1}", p, c);
                        }
                    }

                    return;
                }

                // Documented rule: C + PnL(BP) = fee × value at BP (C = isolated margin, or wallet + other UPnL; other
                // positions' MM is not deducted).
                decimal equityAtBp = c.BalanceCollateral + MarginMath.UnrealizedPnl(pos.Instrument, pos.Side, pos.Size, pos.Entry, bp);
                decimal feeAtBp = c.Model.ClosingFeeRate * pos.Instrument.Notional(pos.Size, bp);
                equityAtBp.Should().BeApproximately(feeAtBp, c.Tolerance(bp), "at BP {0} for {1}", bp, c);
            });

    // ---------------------------------------------------------------------------------------------------------
    // (b) More margin never brings the liquidation price closer to the entry.
    // ---------------------------------------------------------------------------------------------------------

    private static int Rank(LiquidationPriceStatus s) => s switch
    {
        LiquidationPriceStatus.AtAnyPrice => 0,
        LiquidationPriceStatus.Exists => 1,
        _ => 2,
    };

    [CiProperty(MaxTest = Cases)]
    public Property Adding_margin_moves_the_liquidation_price_away_or_removes_it() =>
        Run(
            from c in MarginCases.AnyCase(MarginCases.AnyPosition)
            from f in MarginCases.Fraction(0.0001m, 1m)
            select (Case: c, Extra: MarginCases.Round8(c.Position.EntryNotional * f) + 0.00000001m),
            x =>
            {
                LiquidationEstimate before = x.Case.Solve();
                LiquidationEstimate after = x.Case.WithMoreCollateral(x.Extra).Solve();

                // AtAnyPrice → Exists → None is the only direction more collateral can move the status.
                Rank(after.Status).Should().BeGreaterThanOrEqualTo(Rank(before.Status), "{0} + {1}", x.Case, x.Extra);
                if (before.LiquidationPrice is decimal lp0 && after.LiquidationPrice is decimal lp1)
                {
                    if (IsLong(x.Case))
                    {
                        lp1.Should().BeLessThanOrEqualTo(lp0, "a long's LP must not rise with more margin; {0} + {1}", x.Case, x.Extra);
                    }
                    else
                    {
                        lp1.Should().BeGreaterThanOrEqualTo(lp0, "a short's LP must not fall with more margin; {0} + {1}", x.Case, x.Extra);
                    }
                }
            });

    // ---------------------------------------------------------------------------------------------------------
    // (c) Mirror images.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Entry-valued, linear, same size, entry E and margin M: MM = MM(N_e) is the same number for both sides, and
    /// long LP = E − (M − MM)/(Q·cs), short LP = E + (M − MM)/(Q·cs), so LP_long + LP_short = 2E. The long has
    /// no LP when M − MM ≥ N_e (its "LP" would be ≤ 0); the short has none when MM − M ≥ N_e.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Entry_valued_linear_long_and_short_liquidation_prices_mirror_around_the_entry() =>
        Run(MarginCases.IsolatedOn(MarginCases.LinearPosition), c =>
        {
            PositionCase p = c.Position;
            MarginModel model = MarginModel.Bybit;
            LiquidationEstimate lg = LiquidationPriceSolver.Isolated(p.Instrument, PositionSide.Long, p.Size, p.Entry, c.Margin, model);
            LiquidationEstimate sh = LiquidationPriceSolver.Isolated(p.Instrument, PositionSide.Short, p.Size, p.Entry, c.Margin, model);
            decimal ne = p.EntryNotional;
            decimal mm = p.Instrument.RiskTiers.MaintenanceMargin(ne);

            if (c.Margin - mm >= ne)
            {
                lg.Status.Should().Be(LiquidationPriceStatus.None, "{0}", c);
                return;
            }

            lg.Status.Should().Be(LiquidationPriceStatus.Exists, "{0}", c);
            sh.Status.Should().Be(LiquidationPriceStatus.Exists, "{0}", c);
            (lg.LiquidationPrice!.Value + sh.LiquidationPrice!.Value).Should().BeApproximately(2m * p.Entry, p.Entry * 1e-20m, "{0}", c);
        });

    /// <summary>
    /// Any model, no fee, linear, same size, entry and margin M: equity M + side·Q·cs·(P − E) is zero at
    /// E − M/(Q·cs) for the long and E + M/(Q·cs) for the short, so BP_long + BP_short = 2E; the long has no
    /// bankruptcy price when M ≥ N_e.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Linear_long_and_short_bankruptcy_prices_mirror_around_the_entry() =>
        Run(MarginCases.IsolatedOn(MarginCases.LinearPosition), c =>
        {
            PositionCase p = c.Position;
            LiquidationEstimate lg = LiquidationPriceSolver.Isolated(p.Instrument, PositionSide.Long, p.Size, p.Entry, c.Margin, c.Model);
            LiquidationEstimate sh = LiquidationPriceSolver.Isolated(p.Instrument, PositionSide.Short, p.Size, p.Entry, c.Margin, c.Model);

            sh.BankruptcyPrice.Should().NotBeNull();
            if (c.Margin >= p.EntryNotional)
            {
                lg.BankruptcyPrice.Should().BeNull("{0}", c);
                return;
            }

            (lg.BankruptcyPrice!.Value + sh.BankruptcyPrice!.Value).Should().BeApproximately(2m * p.Entry, p.Entry * 1e-20m, "{0}", c);
        });

    /// <summary>
    /// Inverse ↔ linear in u = 1/P. For an inverse position of Q contracts of K quote each, entry E:
    /// notional N(P) = QK/P = QK·u and PnL = side·QK·(1/E − 1/P) = −side·QK·(u − 1/E). That is exactly the
    /// notional and PnL of a <em>linear</em> position of the opposite side, size QK (contract size 1), entry 1/E,
    /// valued at "price" u. Same collateral, same tier table (MM depends only on N) ⇒ the same margin equation in u,
    /// so LP_inverse = 1/LP_linear-mirror and BP_inverse = 1/BP_linear-mirror, with the same bracket, under both the
    /// mark-valued and entry-valued models (the entry notional QK/E is the same too).
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Inverse_position_is_the_reciprocal_of_the_opposite_linear_position_in_one_over_price() =>
        Run(
            MarginCases.AnyCase(
                from t in MarginCases.Table
                from p in MarginCases.PositionOn(MarginCases.InverseInstrument(t.Table), t.Lo, t.Hi)
                select p),
            c =>
            {
                PositionCase p = c.Position;
                decimal k = p.Size * p.Instrument.ContractSize;
                Instrument mirrorInstrument = Instrument.Linear("MIRROR", "U", "BTC", p.Instrument.RiskTiers, 1e-12m, 1e-12m);
                var mirror = new SolveCase(
                    new PositionCase(mirrorInstrument, p.Side == PositionSide.Long ? PositionSide.Short : PositionSide.Long, k, 1m / p.Entry),
                    c.Model,
                    c.Margin,
                    c.Context);

                decimal collateral = c.Context is CrossMarginContext x ? x.WalletBalance - x.OtherMaintenanceMargin + x.OtherUnrealizedPnl : c.Margin;
                decimal ne = p.EntryNotional;

                LiquidationEstimate inv = c.Solve();
                LiquidationEstimate lin = mirror.Solve();
                decimal tolerance = 1e-18m * Math.Max(1m, Math.Max(ne, Math.Abs(collateral)));

                // Degenerate edge, excluded explicitly: a root at (or within rounding of) N = 0, i.e. P = ∞ for the
                // inverse side and P = 0 for the linear side. There the 1e-28 difference between QK/E and QK·(1/E)
                // decides whether a price exists at all (and a linear price that small underflows to 0, see
                // Prices_that_underflow_are_reported_as_absent_never_as_zero). The generators hit it through round
                // fractions, e.g. collateral − MM exactly −N_e.
                static decimal RootNotional(decimal? price, decimal k, bool inverse) =>
                    price is decimal x && x > 0m ? (inverse ? k / x : k * x) : 0m;
                bool NearZero(decimal? pInv, decimal? pLin) =>
                    Math.Max(RootNotional(pInv, k, inverse: true), RootNotional(pLin, k, inverse: false)) <= tolerance * 1_000m;
                bool lpEdge = inv.Status != lin.Status && NearZero(inv.LiquidationPrice, lin.LiquidationPrice);
                bool bpEdge = (inv.BankruptcyPrice is null) != (lin.BankruptcyPrice is null) && NearZero(inv.BankruptcyPrice, lin.BankruptcyPrice);
                if (lpEdge || bpEdge)
                {
                    return;
                }

                inv.Status.Should().Be(lin.Status, "{0} vs mirror {1}", c, mirror);

                // The bracket agrees too, unless the notional it is chosen at sits on a bracket floor, where the
                // last-digit difference between QK/E and QK·(1/E) legitimately decides which side it falls.
                decimal? chosenAt = c.Model.Basis == MaintenanceBasis.EntryValue ? ne : inv.LiquidationPrice is decimal at ? k / at : null;
                if (chosenAt is not decimal n || !OnAFloor(p.Instrument.RiskTiers, n))
                {
                    inv.TierIndex.Should().Be(lin.TierIndex, "{0}", c);
                }

                if (inv.LiquidationPrice is decimal lpInv)
                {
                    // Compared as notionals (QK/LP_inv vs QK·LP_lin): the error measure that stays bounded when the root is near 0.
                    (k / lpInv).Should().BeApproximately(k * lin.LiquidationPrice!.Value, tolerance, "{0}", c);
                }

                if (inv.BankruptcyPrice is decimal bpInv)
                {
                    lin.BankruptcyPrice.Should().NotBeNull();
                    (k / bpInv).Should().BeApproximately(k * lin.BankruptcyPrice!.Value, tolerance, "{0}", c);
                }
                else
                {
                    lin.BankruptcyPrice.Should().BeNull();
                }
            });

    private static bool OnAFloor(RiskTierTable table, decimal notional) =>
        table.Tiers.Any(t => Math.Abs(t.NotionalFloor - notional) <= 1e-15m * notional);

    // ---------------------------------------------------------------------------------------------------------
    // (d) At the liquidation price (snapped to the grid on the liquidatable side) the position is liquidatable;
    //     one tick safer it is not. Linear instruments.
    // ---------------------------------------------------------------------------------------------------------

    [CiProperty(MaxTest = Cases)]
    public Property Position_at_its_liquidation_price_is_liquidatable_and_one_tick_safer_is_not() =>
        Run(MarginCases.AnyCase(MarginCases.LinearPosition), c =>
        {
            LiquidationEstimate e = c.Solve();
            if (e.LiquidationPrice is not decimal lp)
            {
                return; // the other outcomes are checked in the (a) property
            }

            decimal tick = c.Position.Instrument.TickSize;
            bool isLong = IsLong(c);
            decimal atGrid = isLong ? Math.Floor(lp / tick) * tick : Math.Ceiling(lp / tick) * tick;
            decimal safer = isLong ? atGrid + tick : atGrid - tick;
            if (atGrid <= 0m || safer <= 0m)
            {
                return; // LP within one tick of zero: there is no positive grid price on one of the two sides
            }

            (decimal balance, decimal mm) = c.MarginAt(atGrid);
            MarginMath.IsLiquidatable(balance, mm).Should().BeTrue("at {0} (LP {1}) balance {2} vs MM {3}; {4}", atGrid, lp, balance, mm, c);
            (decimal balance2, decimal mm2) = c.MarginAt(safer);
            MarginMath.IsLiquidatable(balance2, mm2).Should().BeFalse("at {0} (LP {1}) balance {2} vs MM {3}; {4}", safer, lp, balance2, mm2, c);
        });

    /// <summary>
    /// Whole-position step tables (BitMEX) make maintenance margin jump at each step, so the margin surplus is not
    /// monotone near a step (healthy just below a step, liquidatable just above it, for example) and can jump over
    /// zero, in which case the liquidation price is the step boundary itself. The LP is the first liquidatable price
    /// an adverse move reaches: every price on the safe side of it (checked one tick away) is healthy, and at it or
    /// just beyond it (one part in 1e12 — the liquidatable window past a step can be far narrower than a tick) the
    /// position is liquidatable. Both boundary rules, both models.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Under_step_tables_the_liquidation_price_separates_liquidatable_from_healthy_prices() =>
        Run(MarginCases.AnyCase(MarginCases.StepPosition), c =>
        {
            LiquidationEstimate e = c.Solve();
            if (e.LiquidationPrice is not decimal lp)
            {
                return;
            }

            decimal tick = c.Position.Instrument.TickSize;
            bool isLong = IsLong(c);
            decimal adverse = isLong ? lp * (1m - 1e-12m) : lp * (1m + 1e-12m);
            decimal safer = isLong ? lp + tick : lp - tick;
            if (safer <= 0m)
            {
                return; // a short's LP within one tick of zero
            }

            // Liquidatable at the LP itself, or (cap-inclusive step: the liquidatable prices form an open set past
            // the boundary) just beyond it. Either alone can fail: exactly at a floor-inclusive step the surplus can
            // touch zero at the single point N = floor and be positive on both sides of it.
            Math.Min(c.Surplus(lp), c.Surplus(adverse)).Should().BeLessThanOrEqualTo(0m, "at or just beyond LP {0} ({1}); {2}", lp, adverse, c);
            c.Surplus(safer).Should().BePositive("one tick safer than LP {0} ({1}); {2}", lp, safer, c);
        });

    /// <summary>
    /// The jump case by hand. XBTUSD steps: 0.5% up to and including 200, 1% above. A linear short of 1 at 190 with
    /// margin 11.5 has surplus 11.5 − (P − 190) − MM(P): at P = 200 (0.5% step) 1.5 − 1 = 0.5 &gt; 0; just above 200
    /// (1% step) about 1.5 − 2 = −0.5. The equation never equals zero; the boundary between healthy and liquidatable
    /// is 200, which is the LP to report. (At exactly 200 the position is still healthy: with a cap-inclusive table
    /// the liquidatable prices are the open set above 200.)
    /// </summary>
    [Fact]
    public void A_maintenance_jump_over_zero_puts_the_liquidation_price_on_the_step_boundary()
    {
        Instrument steps = Instrument.Linear("STEPUSDT", "STEP", "USDT", BitMexTiers.XbtUsd, 0.01m, 1m);
        var c = new SolveCase(new PositionCase(steps, PositionSide.Short, 1m, 190m), MarginModel.Binance, 11.5m, null);

        LiquidationEstimate e = c.Solve();

        e.LiquidationPrice.Should().Be(200m);
        c.Surplus(200m).Should().Be(0.5m);
        c.Surplus(200.01m).Should().BeNegative();
        c.Surplus(199.99m).Should().BePositive();
    }

    [CiProperty(MaxTest = Cases)]
    public Property Rounding_to_tick_moves_each_price_by_less_than_a_tick_in_the_venue_safe_direction() =>
        Run(MarginCases.AnyCase(MarginCases.AnyPosition), c =>
        {
            LiquidationEstimate e = c.Solve();
            decimal tick = c.Position.Instrument.TickSize;
            LiquidationEstimate r = e.RoundToTick(tick);
            if (!IsLong(c) && e.LiquidationPrice is decimal lp && lp < tick)
            {
                // A short's price below one tick: every tick price liquidates it (pinned by its own test below).
                r.Status.Should().Be(LiquidationPriceStatus.AtAnyPrice);
                r.LiquidationPrice.Should().BeNull();
                return;
            }

            r.Status.Should().Be(e.Status);
            r.TierIndex.Should().Be(e.TierIndex);
            r.Exposure.Should().Be(e.Exposure);
            Check(e.LiquidationPrice, r.LiquidationPrice);
            Check(e.BankruptcyPrice, r.BankruptcyPrice);

            void Check(decimal? exact, decimal? rounded)
            {
                if (exact is not decimal x)
                {
                    rounded.Should().BeNull();
                    return;
                }

                if (!IsLong(c) && x < tick)
                {
                    // A short's price below one tick has no place on the grid: every tradable price is past it.
                    rounded.Should().BeNull();
                    return;
                }

                decimal y = rounded!.Value;
                (y % tick).Should().Be(0m, "{0} must be on the {1} grid", y, tick);

                // x itself carries decimal's last-digit error (an exact 5,369 can come out as 5369.0000000000000000000000001),
                // and x / tick is rounded to 28 digits before the directed rounding, so allow that much slack.
                decimal slack = x * 1e-24m;
                if (IsLong(c))
                {
                    // A long is liquidated when the price falls to the LP: rounding up triggers no later.
                    y.Should().BeGreaterThanOrEqualTo(x - slack).And.BeLessThan(x + tick);
                }
                else
                {
                    y.Should().BeLessThanOrEqualTo(x + slack).And.BeGreaterThan(x - tick);
                }
            }
        });

    /// <summary>
    /// A short whose liquidation price lies below one tick (linear short 1 @ 100, flat 0.4%, cross with wallet 0 and
    /// the other positions 99.99 under water: C = −99.99, so 100 − 99.99 − P = 0.004 P ⇒ P = 0.01 / 1.004 =
    /// 0.00996…). Rounding down to the 0.01 tick gives 0, which the design forbids as a price ("a liquidation price
    /// that does not exist is null, never 0"): a rounded price that exists must stay positive.
    /// </summary>
    [Fact]
    public void Rounding_never_turns_an_existing_liquidation_price_into_zero()
    {
        LiquidationEstimate e = LiquidationPriceSolver.Cross(
            TestInstruments.LinearFlat(0.004m), PositionSide.Short, 1m, 100m, new CrossMarginContext(0m, 0m, -99.99m), MarginModel.Binance);
        e.Status.Should().Be(LiquidationPriceStatus.Exists);
        e.LiquidationPrice!.Value.Should().BeApproximately(0.01m / 1.004m, 1e-25m);

        LiquidationEstimate r = e.RoundToTick(0.01m);

        if (r.Status == LiquidationPriceStatus.Exists)
        {
            r.LiquidationPrice.Should().BePositive();
        }
    }

    /// <summary>
    /// An inverse short whose margin is 1e-22 BTC short of its notional: 100,000,000 contracts of 1 USD at 100 →
    /// N_e = 1,000,000 BTC, margin 999,999.9999999999999999999999. By hand N* = 1e-22 / 0.995 and LP = 1e8 / N* ≈
    /// 9.95e29 USD, BP = 1e8 / 1e-22 = 1e30 USD — both beyond decimal.MaxValue (7.9e28). Such a position is never
    /// liquidated in any representable market, exactly like the 1x inverse short the library already reports as
    /// <see cref="LiquidationPriceStatus.None"/>; the solver should say so rather than throw OverflowException
    /// (reachable from ForPosition when a wallet rounds to within 1e-26 of the notional).
    /// </summary>
    [Fact]
    public void Solver_does_not_overflow_when_the_liquidation_price_is_astronomically_far()
    {
        Instrument inverse = TestInstruments.InverseFlat(0.005m, contractSize: 1m);
        Func<LiquidationEstimate> act = () => LiquidationPriceSolver.Isolated(
            inverse, PositionSide.Short, 100_000_000m, 100m, 999_999.9999999999999999999999m, MarginModel.Binance);

        act.Should().NotThrow().Which.Status.Should().Be(LiquidationPriceStatus.None);
    }

    /// <summary>
    /// The other end of decimal's range. Linear long 1,000 at 0.1 (N_e = 100) with isolated margin
    /// 99.99999999999999999999999999: equity reaches zero at N = 1e-26, i.e. P = 1e-29, and (mark-valued, flat 0.5%)
    /// the LP is at N = 1e-26 / 0.995, P ≈ 1.005e-29 — both below decimal's smallest step (1e-28), so they round to 0.
    /// The design says a price that does not exist is null, never 0; a price of 0 with Status Exists is neither.
    /// The solver should report such prices as absent (or keep a positive value), not as 0.
    /// </summary>
    [Fact]
    public void Prices_that_underflow_are_reported_as_absent_never_as_zero()
    {
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(
            TestInstruments.LinearFlat(0.005m), PositionSide.Long, 1_000m, 0.1m, 99.99999999999999999999999999m, MarginModel.Binance);

        e.LiquidationPrice.Should().NotBe(0m);
        e.BankruptcyPrice.Should().NotBe(0m);
        if (e.Status == LiquidationPriceStatus.Exists)
        {
            e.LiquidationPrice.Should().BePositive();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // (e) The bracket reported is the bracket of the notional at the liquidation price (entry, for EntryValue).
    // ---------------------------------------------------------------------------------------------------------

    [CiProperty(MaxTest = Cases)]
    public Property Tier_index_is_the_bracket_of_the_notional_at_the_liquidation_price() =>
        Run(MarginCases.AnyCase(MarginCases.AnyPosition), c =>
        {
            LiquidationEstimate e = c.Solve();
            if (e.LiquidationPrice is not decimal lp)
            {
                e.TierIndex.Should().BeNull();
                return;
            }

            PositionCase p = c.Position;
            decimal valuedAt = c.Model.Basis == MaintenanceBasis.MarkValue ? lp : p.Entry;
            decimal notional = p.Instrument.Notional(p.Size, valuedAt);
            int expected = p.Instrument.RiskTiers.IndexOf(notional);
            if (OnAFloor(p.Instrument.RiskTiers, notional))
            {
                // Exactly on a floor the reported bracket may be the lower one: a known bug, pinned down by
                // Tier_index_at_an_exact_bracket_floor_is_the_higher_bracket. Kept out of the random property so it
                // cannot make the suite flaky; everything else must match exactly.
                e.TierIndex.Should().BeOneOf(expected, expected - 1);
                return;
            }

            e.TierIndex.Should().Be(expected, "LP {0}; {1}", lp, c);
        });

    /// <summary>
    /// The fixed point at an exact bracket floor. Binance BTCUSDT bracket 2 starts at 50,000 USDT (0.5%, cum 50);
    /// MM is continuous there: 50,000 × 0.4% = 50,000 × 0.5% − 50 = 200. A short of 1 BTC at 49,000 with isolated
    /// margin M is liquidated where M − (P − 49,000) = MM(P). Choosing M = 1,200 puts the root at P = 50,000:
    /// 1,200 − 1,000 = 200 = MM(50,000). Notional 50,000 equals the floor of bracket index 1, and a notional equal
    /// to a floor belongs to the higher bracket (TierBoundary.FloorInclusive), so TierIndex must be 1. The long
    /// mirror (1 BTC long at 51,000, M = 1,200: 1,200 − 1,000 = 200) hits the same floor from the other side.
    /// </summary>
    [Theory]
    [InlineData(PositionSide.Short, 49_000)]
    [InlineData(PositionSide.Long, 51_000)]
    public void Tier_index_at_an_exact_bracket_floor_is_the_higher_bracket(PositionSide side, int entry)
    {
        LiquidationEstimate e = LiquidationPriceSolver.Isolated(TestInstruments.BtcUsdt, side, 1m, entry, 1_200m, MarginModel.Binance);

        e.LiquidationPrice.Should().Be(50_000m);
        BinanceUsdmTiers.BtcUsdt.IndexOf(50_000m).Should().Be(1);
        e.TierIndex.Should().Be(1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // (f) ForPosition on an account equals the solver called with a context computed by hand.
    // ---------------------------------------------------------------------------------------------------------

    [CiProperty(MaxTest = 200)]
    public Property ForPosition_on_a_cross_position_equals_Cross_with_the_context_computed_by_hand() =>
        Run(AccountCases.OneWay, a =>
        {
            decimal otherMm = 0m, otherUpnl = 0m;
            foreach (Position p in a.Account.Positions)
            {
                if (ReferenceEquals(p, a.Target) || p.MarginMode != MarginMode.Cross)
                {
                    continue;
                }

                // Binance TMM1 / UPNL1: each other cross position at its own mark; under EntryValue the other
                // positions' MM is at their entry (ForPosition's documented rule).
                decimal mark = a.Marks[p.Symbol];
                decimal valuedAt = a.Model.Basis == MaintenanceBasis.MarkValue ? mark : p.EntryPrice;
                otherMm += p.Instrument.RiskTiers.MaintenanceMargin(p.Instrument.Notional(p.Size, valuedAt));
                otherUpnl += MarginMath.UnrealizedPnl(p.Instrument, p.Side, p.Size, p.EntryPrice, mark);
            }

            var context = new CrossMarginContext(a.Account.WalletBalance, otherMm, otherUpnl);
            Func<LiquidationEstimate> expected = () => LiquidationPriceSolver.Cross(a.Target.Instrument, a.Target.Side, a.Target.Size, a.Target.EntryPrice, context, a.Model);
            Func<LiquidationEstimate> actual = () => LiquidationPriceSolver.ForPosition(a.Account, a.Target, a.Marks, a.Model);

            // Degenerate edge, excluded explicitly: a wallet within ~1e-26 of an inverse short's notional puts its
            // LP beyond decimal.MaxValue and the solver throws (see Solver_does_not_overflow_when_the_liquidation_price_is_astronomically_far).
            // Then both must still agree, by throwing the same way.
            if (Throws<OverflowException>(expected))
            {
                actual.Should().Throw<OverflowException>();
                return;
            }

            actual().Should().Be(expected(), "{0}", a);
        });

    private static bool Throws<TException>(Func<LiquidationEstimate> f)
        where TException : Exception
    {
        try
        {
            f();
            return false;
        }
        catch (TException)
        {
            return true;
        }
    }

    [CiProperty(MaxTest = 100)]
    public Property ForPosition_on_an_isolated_position_uses_only_its_own_margin() =>
        Run(AccountCases.OneWay.Where(a => a.Isolated is not null), a =>
        {
            Position iso = a.Isolated!;
            LiquidationEstimate expected = LiquidationPriceSolver.Isolated(iso.Instrument, iso.Side, iso.Size, iso.EntryPrice, iso.IsolatedMargin, a.Model);
            LiquidationPriceSolver.ForPosition(a.Account, iso, a.Marks, a.Model).Should().Be(expected, "{0}", a);
        });

    [CiProperty(MaxTest = 150)]
    public Property ForPosition_in_hedge_mode_solves_both_cross_legs_together() =>
        Run(AccountCases.HedgePair, a =>
        {
            Position longLeg = a.Target;
            Position shortLeg = a.Account.Find(longLeg.Symbol, PositionSide.Short)!;
            decimal otherMm = 0m, otherUpnl = 0m;
            foreach (Position p in a.Account.Positions)
            {
                if (p.Symbol == longLeg.Symbol || p.MarginMode != MarginMode.Cross)
                {
                    continue;
                }

                decimal mark = a.Marks[p.Symbol];
                decimal valuedAt = a.Model.Basis == MaintenanceBasis.MarkValue ? mark : p.EntryPrice;
                otherMm += p.Instrument.RiskTiers.MaintenanceMargin(p.Instrument.Notional(p.Size, valuedAt));
                otherUpnl += MarginMath.UnrealizedPnl(p.Instrument, p.Side, p.Size, p.EntryPrice, mark);
            }

            LiquidationEstimate expected = LiquidationPriceSolver.CrossHedge(
                longLeg.Instrument,
                new PositionLeg(longLeg.Size, longLeg.EntryPrice),
                new PositionLeg(shortLeg.Size, shortLeg.EntryPrice),
                new CrossMarginContext(a.Account.WalletBalance, otherMm, otherUpnl),
                a.Model);

            LiquidationPriceSolver.ForPosition(a.Account, longLeg, a.Marks, a.Model).Should().Be(expected, "{0}", a);
            LiquidationPriceSolver.ForPosition(a.Account, shortLeg, a.Marks, a.Model).Should().Be(expected, "the two legs share one LP; {0}", a);
        });

    /// <summary>
    /// A <see cref="Position"/> is a record: a caller holding an equal copy (rebuilt from the same fields, or taken
    /// from a replayed account) should get the same answer as with the instance the account holds. The account has
    /// one cross position (1 BTC long at 20,000, wallet 2,000, flat 0.5% MM) and nothing else, so by hand under
    /// MarkValue: 2,000 + (P − 20,000) = 0.005 P ⇒ P = 18,000 / 0.995 = 18,090.452261306532663316582915 (to 28 digits).
    /// Regression test: before fe70b13 the copy was paired with the held instance as a hedge "opposite" (flat, None).
    /// </summary>
    [Fact]
    public void ForPosition_gives_the_same_answer_for_an_equal_copy_of_the_held_position()
    {
        Instrument btc = TestInstruments.LinearFlat(0.005m, maxLeverage: 100m);
        Position held = Position.Open(btc, PositionSide.Long, 1m, 20_000m, MarginMode.Cross, 10m);
        Position copy = Position.Open(btc, PositionSide.Long, 1m, 20_000m, MarginMode.Cross, 10m);
        Account account = Account.Create("USDT", 2_000m).WithPosition(held);
        var marks = new Dictionary<string, decimal> { [btc.Symbol] = 20_000m };
        copy.Should().Be(held).And.NotBeSameAs(held);

        LiquidationEstimate viaHeld = LiquidationPriceSolver.ForPosition(account, held, marks, MarginModel.Binance);
        viaHeld.LiquidationPrice!.Value.Should().BeApproximately(18_000m / 0.995m, 1e-20m);

        LiquidationEstimate viaCopy = LiquidationPriceSolver.ForPosition(account, copy, marks, MarginModel.Binance);
        viaCopy.Should().Be(viaHeld);
    }

    // ---------------------------------------------------------------------------------------------------------
    // (g) Hedge-mode pairs.
    // ---------------------------------------------------------------------------------------------------------

    [CiProperty(MaxTest = Cases)]
    public Property Hedge_pair_with_one_leg_absent_equals_the_one_way_cross_result() =>
        Run(MarginCases.CrossOn(MarginCases.AnyPosition), c =>
        {
            PositionCase p = c.Position;
            CrossMarginContext ctx = c.Context!.Value;
            var leg = new PositionLeg(p.Size, p.Entry);
            LiquidationEstimate pair = p.Side == PositionSide.Long
                ? LiquidationPriceSolver.CrossHedge(p.Instrument, leg, null, ctx, c.Model)
                : LiquidationPriceSolver.CrossHedge(p.Instrument, null, leg, ctx, c.Model);
            pair.Should().Be(c.Solve(), "{0}", c);
        });

    [CiProperty(MaxTest = 100)]
    public Property Flat_hedge_pair_has_no_liquidation_price() =>
        Run(AccountCases.Pair.Select(x => x with { ShortLeg = x.ShortLeg with { Size = x.LongLeg.Size } }), x =>
        {
            LiquidationEstimate e = x.Solve();
            e.Status.Should().Be(LiquidationPriceStatus.None, "{0}", x);
            e.LiquidationPrice.Should().BeNull();
            e.Exposure.Should().BeNull();
            e.TierIndex.Should().BeNull();
        });

    /// <summary>
    /// Cross hedge pair: f(P) = WB + UPNL1 − TMM1 + UPnL_L(P) + UPnL_S(P) − MM(N_L) − MM(N_S), each leg charged
    /// at its own bracket (gross). f is concave in u (P, or 1/P for inverse), so the healthy prices form one
    /// interval and every price beyond the reported LP on the adverse side is liquidatable.
    /// </summary>
    [CiProperty(MaxTest = Cases)]
    public Property Hedge_pair_margin_balance_equals_maintenance_margin_at_the_shared_liquidation_price() =>
        Run(AccountCases.Pair.Where(x => x.LongLeg.Size != x.ShortLeg.Size), x =>
        {
            LiquidationEstimate e = x.Solve();
            bool netLong = x.LongLeg.Size > x.ShortLeg.Size;
            e.Exposure.Should().Be(netLong ? PositionSide.Long : PositionSide.Short);
            switch (e.Status)
            {
                case LiquidationPriceStatus.Exists:
                    decimal lp = e.LiquidationPrice!.Value;
                    x.Surplus(lp).Should().BeApproximately(0m, x.Tolerance(lp), "at LP {0}; {1}", lp, x);
                    foreach (decimal beyond in netLong ? new[] { lp / 2m, lp / 1000m } : new[] { lp * 2m, lp * 1000m })
                    {
                        x.Surplus(beyond).Should().BeLessThanOrEqualTo(0m, "beyond the LP {0} at {1} on the adverse side; {2}", lp, beyond, x);
                    }

                    break;
                case LiquidationPriceStatus.None:
                    decimal far = netLong ? x.MinEntry / 1_000_000m : x.MaxEntry * 1_000_000m;
                    x.Surplus(far).Should().BePositive("no LP: healthy far on the adverse side, at {0}; {1}", far, x);
                    break;
                case LiquidationPriceStatus.AtAnyPrice:
                    foreach (decimal p in new[] { x.MinEntry / 1000m, x.MinEntry, x.MaxEntry, x.MaxEntry * 1000m })
                    {
                        x.Surplus(p).Should().BeLessThanOrEqualTo(0m, "at {0}; {1}", p, x);
                    }

                    break;
                default:
                    throw new InvalidOperationException($"unexpected status {e.Status}");
            }
        });
}

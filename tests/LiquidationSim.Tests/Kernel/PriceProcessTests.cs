using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Kernel;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Kernel;

/// <summary>The scripted path, geometric Brownian motion and Merton jump diffusion behind <see cref="IPriceProcess"/>.</summary>
public class PriceProcessTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static readonly ScriptedPath Crash = new(
    [
        new PricePoint(TimeSpan.Zero, 100m),
        new PricePoint(TimeSpan.FromMinutes(10), 70m),
        new PricePoint(TimeSpan.FromMinutes(30), 80m),
    ]);

    [Fact]
    public void Year_fraction_uses_a_365_day_year()
    {
        YearFraction.Of(TimeSpan.FromDays(365)).Should().Be(1m);
        YearFraction.Of(Day).Should().Be(1m / 365m);
        YearFraction.Of(TimeSpan.FromHours(-12)).Should().Be(-1m / 730m);
    }

    [Fact]
    public void Scripted_path_hits_its_points_and_interpolates_linearly_between_them()
    {
        Crash.PriceAt(TimeSpan.Zero).Should().Be(100m);
        Crash.PriceAt(TimeSpan.FromMinutes(10)).Should().Be(70m);
        Crash.PriceAt(TimeSpan.FromMinutes(30)).Should().Be(80m);
        Crash.PriceAt(TimeSpan.FromMinutes(5)).Should().Be(85m);
        Crash.PriceAt(TimeSpan.FromMinutes(15)).Should().Be(72.5m);
        Crash.PriceAt(TimeSpan.FromMinutes(30) + TimeSpan.FromTicks(1)).Should().Be(80m, "the path holds after its last point");
        Crash.PriceAt(TimeSpan.FromDays(1000)).Should().Be(80m);
    }

    [Fact]
    public void Scripted_path_steps_to_the_price_one_step_later_and_draws_nothing()
    {
        var g = new SeededRandom(1UL);
        var twin = new SeededRandom(1UL);

        decimal price = 100m;
        var seen = new List<decimal>();
        for (int i = 0; i < 30; i++)
        {
            price = Crash.Next(price, Minute * i, Minute, g);
            seen.Add(price);
        }

        seen[9].Should().Be(70m);
        seen[29].Should().Be(80m);
        seen.Min().Should().Be(70m);
        g.NextUInt64().Should().Be(twin.NextUInt64());
    }

    [Fact]
    public void Scripted_path_with_one_point_is_constant()
    {
        new ScriptedPath([new PricePoint(TimeSpan.Zero, 42m)]).PriceAt(TimeSpan.FromHours(3)).Should().Be(42m);
    }

    [Fact]
    public void Scripted_path_refuses_malformed_points()
    {
        new Action(() => _ = new ScriptedPath([])).ShouldRefuse("points", "\"[]\"");
        new Action(() => _ = new ScriptedPath([new PricePoint(Minute, 1m)])).ShouldRefuse("points", "00:01:00");
        new Action(() => _ = new ScriptedPath([new PricePoint(TimeSpan.Zero, 1m), new PricePoint(Minute, 0m)]))
            .ShouldRefuse("points", "0").WithMessage("*points[1].Price*");
        new Action(() => _ = new ScriptedPath([new PricePoint(TimeSpan.Zero, 1m), new PricePoint(Minute, 2m), new PricePoint(Minute, 3m)]))
            .ShouldRefuse("points", "00:01:00").WithMessage("*points[2].Offset*");
        new Action(() => _ = new ScriptedPath(null!)).Should().Throw<ArgumentNullException>().WithParameterName("points");
        new Action(() => Crash.PriceAt(-Minute)).ShouldRefuse("time", "-00:01:00");
    }

    [Fact]
    public void GBM_with_zero_volatility_grows_by_exactly_exp_of_drift_times_step()
    {
        var gbm = new GeometricBrownianMotion(drift: 0.5m, volatility: 0m);
        var g = new SeededRandom(9UL);

        gbm.Next(100m, TimeSpan.Zero, Day, g).Should().Be(100m * DecimalMath.Exp(0.5m / 365m));

        decimal price = 100m;
        for (int i = 0; i < 365; i++)
        {
            price = gbm.Next(price, Day * i, Day, g);
        }

        // A year of daily steps compounds to e^0.5 up to the rounding of 365 multiplications.
        price.Should().BeApproximately(100m * DecimalMath.Exp(0.5m), 1e-20m);
    }

    [Fact]
    public void GBM_step_is_the_exact_log_normal_transition()
    {
        var gbm = new GeometricBrownianMotion(drift: 0.1m, volatility: 0.8m);
        decimal z = new SeededRandom(4UL).NextStandardNormal();
        decimal dt = 1m / 365m;

        decimal expected = 250m * DecimalMath.Exp(((0.1m - (0.64m / 2m)) * dt) + (0.8m * DecimalMath.Sqrt(dt) * z));

        gbm.Next(250m, TimeSpan.FromHours(5), Day, new SeededRandom(4UL)).Should().Be(expected);
    }

    [Fact]
    public void GBM_log_returns_have_the_model_mean_and_variance()
    {
        var gbm = new GeometricBrownianMotion(drift: 0.2m, volatility: 0.6m);
        var g = new SeededRandom(77UL);
        const int n = 10_000;
        decimal dt = 1m / 365m;
        decimal sum = 0m;
        decimal sumOfSquares = 0m;
        for (int i = 0; i < n; i++)
        {
            decimal r = DecimalMath.Ln(gbm.Next(100m, TimeSpan.Zero, Day, g) / 100m);
            sum += r;
            sumOfSquares += r * r;
        }

        decimal mean = sum / n;
        decimal variance = (sumOfSquares / n) - (mean * mean);

        // Model: mean (μ − σ²/2)Δt ≈ 0.00005, variance σ²Δt ≈ 0.000986; standard errors ≈ 0.0003 and 0.000014.
        mean.Should().BeApproximately((0.2m - 0.18m) * dt, 0.0013m);
        variance.Should().BeApproximately(0.36m * dt, 0.0001m);
    }

    [Fact]
    public void The_same_seed_gives_the_same_path_and_other_path_indices_differ()
    {
        IPriceProcess[] processes = [new GeometricBrownianMotion(0.05m, 0.9m), new JumpDiffusion(0.05m, 0.9m, 50m, -0.05m, 0.1m)];
        foreach (IPriceProcess process in processes)
        {
            decimal[] path0 = Path(process, SeededRandom.ForPath(2026UL, 0));
            Path(process, SeededRandom.ForPath(2026UL, 0)).Should().Equal(path0);
            Path(process, SeededRandom.ForPath(2026UL, 1)).Should().NotEqual(path0);
            Path(process, SeededRandom.ForPath(2027UL, 0)).Should().NotEqual(path0);
        }
    }

    [Fact]
    public void Jump_diffusion_without_jumps_is_GBM_draw_for_draw()
    {
        var gbm = new GeometricBrownianMotion(0.3m, 0.7m);
        var merton = new JumpDiffusion(0.3m, 0.7m, jumpIntensity: 0m, jumpMean: -0.2m, jumpVolatility: 0.1m);

        merton.MeanRelativeJump.Should().Be(DecimalMath.Exp(-0.2m + 0.005m) - 1m);
        Path(merton, new SeededRandom(8UL)).Should().Equal(Path(gbm, new SeededRandom(8UL)));
    }

    [Fact]
    public void Jump_diffusion_jumps_move_the_price_by_the_jump_size()
    {
        // No diffusion, certain-size jumps (δ = 0) of −10% in log terms, at 3 a day: each daily log return is
        // −λκΔt + N·(−0.1) with N ~ Poisson(3), so (log return + λκΔt) / −0.1 is a whole number of jumps.
        var merton = new JumpDiffusion(0m, 0m, jumpIntensity: 3m * 365m, jumpMean: -0.1m, jumpVolatility: 0m);
        decimal compensation = merton.JumpIntensity * merton.MeanRelativeJump / 365m;
        var g = new SeededRandom(31UL);
        int total = 0;
        for (int i = 0; i < 2_000; i++)
        {
            decimal jumps = (DecimalMath.Ln(merton.Next(1000m, TimeSpan.Zero, Day, g) / 1000m) + compensation) / -0.1m;
            jumps.Should().BeApproximately(decimal.Round(jumps), 1e-20m);
            total += (int)decimal.Round(jumps);
        }

        ((decimal)total / 2_000).Should().BeApproximately(3m, 0.2m);
    }

    /// <summary>
    /// Over ranges a stress run uses (drift ±200%, volatility to 300%, up to a jump a day of up to ±20%, 50 steps of a
    /// minute to a day): positivity is the model's, but a decimal can only fall to 1e-28, so far wilder parameters end
    /// in the documented OverflowException instead.
    /// </summary>
    [CiProperty(MaxTest = 200)]
    public Property Property_prices_stay_positive()
    {
        Gen<(decimal Drift, decimal Volatility)> diffusion = Gen.Zip(Gen.Choose(-200, 200), Gen.Choose(0, 300))
            .Select(t => (t.Item1 / 100m, t.Item2 / 100m));
        Gen<(decimal Intensity, decimal Mean, decimal Volatility)> jumps = Gen.Zip(Gen.Choose(0, 365), Gen.Zip(Gen.Choose(-20, 20), Gen.Choose(0, 30)))
            .Select(t => ((decimal)t.Item1, t.Item2.Item1 / 100m, t.Item2.Item2 / 100m));
        Gen<IPriceProcess> processes = Gen.OneOf(
            diffusion.Select(d => (IPriceProcess)new GeometricBrownianMotion(d.Drift, d.Volatility)),
            Gen.Zip(diffusion, jumps).Select(t => (IPriceProcess)new JumpDiffusion(
                t.Item1.Drift, t.Item1.Volatility, t.Item2.Intensity, t.Item2.Mean, t.Item2.Volatility)));
        Gen<(IPriceProcess, int, long, int)> cases = Gen.Zip(Gen.Zip(processes, Gen.Choose(1, 1_000_000)), Gen.Zip(Gen.Choose(1, 1440), Gen.Choose(0, int.MaxValue)))
            .Select(t => (t.Item1.Item1, t.Item1.Item2, (long)t.Item2.Item1, t.Item2.Item2));

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            (IPriceProcess process, int startCents, long stepMinutes, int seed) = c;
            var g = SeededRandom.ForPath((ulong)seed, 0);
            TimeSpan step = TimeSpan.FromMinutes(stepMinutes);
            decimal price = startCents / 100m;
            for (int i = 0; i < 50; i++)
            {
                price = process.Next(price, step * i, step, g);
                price.Should().BePositive();
            }
        });
    }

    [Fact]
    public void Bad_parameters_are_refused_with_their_name_and_value()
    {
        new Action(() => _ = new GeometricBrownianMotion(0m, -0.1m)).ShouldRefuse("volatility", "-0.1");
        new Action(() => _ = new GeometricBrownianMotion(0m, 101m)).ShouldRefuse("volatility", "101");
        new Action(() => _ = new GeometricBrownianMotion(-100.5m, 0.5m)).ShouldRefuse("drift", "-100.5");
        new Action(() => _ = new JumpDiffusion(0m, 0.5m, -1m, 0m, 0.1m)).ShouldRefuse("jumpIntensity", "-1");
        new Action(() => _ = new JumpDiffusion(0m, 0.5m, 1m, 5.5m, 0.1m)).ShouldRefuse("jumpMean", "5.5");
        new Action(() => _ = new JumpDiffusion(0m, 0.5m, 1m, 0m, -0.1m)).ShouldRefuse("jumpVolatility", "-0.1");
        new Action(() => _ = new JumpDiffusion(0m, 0.5m, 1m, 0m, 3.5m)).ShouldRefuse("jumpVolatility", "3.5");
    }

    [Fact]
    public void Bad_step_arguments_are_refused_with_their_name_and_value()
    {
        var g = new SeededRandom(1UL);
        IPriceProcess[] processes = [Crash, new GeometricBrownianMotion(0m, 0.5m), new JumpDiffusion(0m, 0.5m, 10m, -0.1m, 0.1m)];
        foreach (IPriceProcess p in processes)
        {
            new Action(() => p.Next(100m, TimeSpan.Zero, TimeSpan.Zero, g)).ShouldRefuse("step", "00:00:00");
            new Action(() => p.Next(100m, TimeSpan.Zero, -Minute, g)).ShouldRefuse("step", "-00:01:00");
            new Action(() => p.Next(0m, TimeSpan.Zero, Minute, g)).ShouldRefuse("price", "0");
            new Action(() => p.Next(-5m, TimeSpan.Zero, Minute, g)).ShouldRefuse("price", "-5");
            new Action(() => p.Next(100m, -Minute, Minute, g)).ShouldRefuse("time", "-00:01:00");
            new Action(() => p.Next(100m, TimeSpan.Zero, Minute, null!)).Should().Throw<ArgumentNullException>().WithParameterName("random");
        }

        // 1 000 000 jumps a year over a 12-day step expects about 32 877 jumps: beyond the Poisson sampler's range.
        new Action(() => new JumpDiffusion(0m, 0.5m, 1_000_000m, 0m, 0m).Next(100m, TimeSpan.Zero, TimeSpan.FromDays(12), g))
            .ShouldRefuse("step", "12.00:00:00");
    }

    [Fact]
    public void A_price_beyond_decimal_range_is_an_overflow_not_a_wrong_number()
    {
        var gbm = new GeometricBrownianMotion(100m, 0m);

        new Action(() => gbm.Next(1e20m, TimeSpan.Zero, TimeSpan.FromDays(365), new SeededRandom(1UL)))
            .Should().Throw<OverflowException>().WithMessage("*outside the range of decimal*");
        new Action(() => new GeometricBrownianMotion(-100m, 0m).Next(1m, TimeSpan.Zero, TimeSpan.FromDays(365), new SeededRandom(1UL)))
            .Should().Throw<OverflowException>();
    }

    private static decimal[] Path(IPriceProcess process, SeededRandom g)
    {
        var prices = new decimal[100];
        decimal price = 30_000m;
        for (int i = 0; i < prices.Length; i++)
        {
            price = process.Next(price, Minute * i, Minute, g);
            prices[i] = price;
        }

        return prices;
    }
}

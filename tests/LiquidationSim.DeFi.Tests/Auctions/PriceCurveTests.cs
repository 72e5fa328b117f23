using LiquidationSim.DeFi.Auctions;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// The dss <c>abaci.sol</c> price curves: the asserted <c>test_linear_decrease</c> table (reference §4.5.1) and
/// hand-derived stair-step and exponential cases, with the derivation beside each.
/// </summary>
public sealed class PriceCurveTests
{
    // abaci.t.sol test_linear_decrease: tau = 3600, top = 1000 * RAY, price checked every 360 s.
    [Theory]
    [InlineData(0, "1000e27")]
    [InlineData(360, "900e27")]
    [InlineData(720, "800e27")]
    [InlineData(1080, "700e27")]
    [InlineData(1440, "600e27")]
    [InlineData(1800, "500e27")]
    [InlineData(2160, "400e27")]
    [InlineData(2520, "300e27")]
    [InlineData(2880, "200e27")]
    [InlineData(3240, "100e27")]
    [InlineData(3600, "0")]
    public void Abaci_test_linear_decrease(ulong dur, string expected)
    {
        var calc = new LinearDecrease(3600);
        calc.Price(U("1000e27"), dur).Should().Be(U(expected));
    }

    [Fact]
    public void Linear_decrease_is_zero_after_tau_and_truncates_twice()
    {
        var calc = new LinearDecrease(3);
        calc.Price(U("1000e27"), 4).Should().Be(UInt256.Zero);
        // (3 − 1)·RAY / 3 = 666…666 (27 sixes, floored); rmul(10, that) = 6.67 floored to 6.
        calc.Price(10, 1).Should().Be((UInt256)6UL);
    }

    [Theory]
    // step 90, cut 0.99: 0..89 s is step 0, rpow(cut, 0) = RAY, price = top.
    [InlineData(0, "1000e27")]
    [InlineData(89, "1000e27")]
    // 90..179 s: one step, 1000 · 0.99 = 990.
    [InlineData(90, "990e27")]
    [InlineData(179, "990e27")]
    // 180 s: rpow(0.99, 2) = 0.9801 exactly in ray, 1000 · 0.9801 = 980.1.
    [InlineData(180, "980.1e27")]
    // 270 s: 0.99³ = 0.970299 (exact in ray), 970.299.
    [InlineData(270, "970.299e27")]
    public void Stairstep_hand_derived(ulong dur, string expected)
    {
        var calc = new StairstepExponentialDecrease(90, U("0.99e27"));
        calc.Price(U("1000e27"), dur).Should().Be(U(expected));
    }

    [Theory]
    // cut 0.5 per second: the powers of one half are exact in ray, so 1000 · 0.5^n is exact.
    [InlineData(0, "1000e27")]
    [InlineData(1, "500e27")]
    [InlineData(3, "125e27")]
    // 0.5^10 = 0.0009765625 → 1000 · that = 0.9765625.
    [InlineData(10, "0.9765625e27")]
    public void Exponential_hand_derived(ulong dur, string expected)
    {
        var calc = new ExponentialDecrease(U("0.5e27"));
        calc.Price(U("1000e27"), dur).Should().Be(U(expected));
    }

    [Fact]
    public void Cut_of_one_ray_keeps_the_price_and_cut_zero_drops_it_after_the_first_step()
    {
        new ExponentialDecrease(MakerMath.Ray).Price(U("7e27"), 1_000_000).Should().Be(U("7e27"));
        new StairstepExponentialDecrease(60, UInt256.Zero).Price(U("7e27"), 59).Should().Be(U("7e27"));
        new StairstepExponentialDecrease(60, UInt256.Zero).Price(U("7e27"), 60).Should().Be(UInt256.Zero);
    }

    [Fact]
    public void Constructors_refuse_bad_parameters_naming_them()
    {
        // LinearDecrease(0) is valid (abaci.sol prices everything at 0 then): see PriceCurveAbaciAgreementTests.
        FluentActions.Invoking(() => new StairstepExponentialDecrease(0, U("0.99e27"))).Should()
            .Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
        FluentActions.Invoking(() => new StairstepExponentialDecrease(90, U("1e27") + 1)).Should()
            .Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("cut").And.Contain("1000000000000000000000000001");
        FluentActions.Invoking(() => new ExponentialDecrease(U("2e27"))).Should()
            .Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("cut");
    }

    [Fact]
    public void Curves_with_the_same_parameters_are_equal()
    {
        new StairstepExponentialDecrease(90, U("0.99e27")).Should().Be(new StairstepExponentialDecrease(90, U("0.99e27")));
        new ExponentialDecrease(U("0.99e27")).Should().NotBe(new ExponentialDecrease(U("0.98e27")));
    }

    // The curves precompute the squarings of cut; the results must equal dss's rpow loop (MakerMath.Rpow) bit for bit.
    [Fact]
    public void Precomputed_powers_match_rpow_exactly()
    {
        Arbitrary<int[]> cases = Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 3).ToArbitrary();
        Check.One(PropertyConfig.For(500), Prop.ForAll(cases, v =>
        {
            (ulong Cut, ulong Dur, ulong Top) c = ((ulong)(v[0] % 1_000_001), (ulong)v[1] * 997UL, (ulong)v[2] + 1);
            // cut in [0, 1] ray with 6 significant digits plus an odd tail so that rounding happens.
            UInt256 cut = UInt256.Min(MakerMath.Ray, (c.Cut * UInt256.Pow10(21)) + (c.Dur % 1_000_003UL));
            UInt256 top = c.Top * UInt256.Pow10(24);
            new ExponentialDecrease(cut).Price(top, c.Dur % 100_000UL)
                .Should().Be(MakerMath.Rmul(top, MakerMath.Rpow(cut, c.Dur % 100_000UL, MakerMath.Ray)));
            new StairstepExponentialDecrease(7, cut).Price(top, c.Dur % 2_000UL)
                .Should().Be(MakerMath.Rmul(top, MakerMath.Rpow(cut, c.Dur % 2_000UL / 7UL, MakerMath.Ray)));
            new StairstepExponentialDecrease(7, cut).Price(top, c.Dur)
                .Should().Be(MakerMath.Rmul(top, MakerMath.Rpow(cut, c.Dur / 7UL, MakerMath.Ray)));
        }));
        UInt256 huge = UInt256.MaxValue;
        new ExponentialDecrease(U("0.99e27")).Price(U("1e27"), huge).Should().Be(MakerMath.Rmul(U("1e27"), MakerMath.Rpow(U("0.99e27"), huge, MakerMath.Ray)));
    }
}

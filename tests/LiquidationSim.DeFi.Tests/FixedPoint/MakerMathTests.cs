using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Tests.Support;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.FixedPoint;

/// <summary>
/// dss's units, truncating helpers and <c>rpow</c>. The reference has no asserted rpow outputs, so the rpow cases are
/// derived by hand (the derivation is beside each) and checked against a BigInteger re-implementation of the loop.
/// </summary>
public sealed class MakerMathTests
{
    [Fact]
    public void Units_are_wad_ray_rad()
    {
        MakerMath.Wad.Should().Be(U("1e18"));
        MakerMath.Ray.Should().Be(U("1e27"));
        MakerMath.Rad.Should().Be(U("1e45"));
        (MakerMath.Wad * MakerMath.Ray).Should().Be(MakerMath.Rad);
    }

    [Theory]
    // 1.05² = 1.1025, exact in ray: n = 2 is even so z = b; n → 1: x = (1.05e27² + 0.5e27) / 1e27 = 1.1025e27
    // (the half is lost in the floor); n odd: z = (1e27 · 1.1025e27 + 0.5e27) / 1e27 = 1.1025e27.
    [InlineData("1.05e27", 2, "1e27", "1.1025e27")]
    // 0.99³ = 0.970299: z = x = 0.99e27; x = 0.9801e27; z = 0.99 · 0.9801 = 0.970299e27 (all exact).
    [InlineData("0.99e27", 3, "1e27", "0.970299e27")]
    // Per-step half-up with base 10 (one decimal): 1.5² = 2.25 → x = (225 + 5) / 10 = 23, z = (10·23 + 5) / 10 = 23, i.e. 2.3.
    [InlineData("15", 2, "10", "23")]
    // 1.5³ = 3.375, but per step: z = 15; x = 23 (2.3); z = (15·23 + 5) / 10 = 350 / 10 = 35, i.e. 3.5.
    [InlineData("15", 3, "10", "35")]
    // 1.5⁴ = 5.0625: z = 10; x = 23; x = (23² + 5) / 10 = 534 / 10 = 53; z = (10·53 + 5) / 10 = 53, i.e. 5.3.
    [InlineData("15", 4, "10", "53")]
    // n = 0 gives b, even for x = 0 (0^0 = 1, the `switch n case 0` comes first).
    [InlineData("0", 0, "1e27", "1e27")]
    [InlineData("5e26", 0, "1e27", "1e27")]
    [InlineData("0", 7, "1e27", "0")]
    [InlineData("0.123e27", 1, "1e27", "0.123e27")]
    [InlineData("1e27", 1000000, "1e27", "1e27")]
    // (2 RAY)^76 = 2^76 RAY: no step rounds. Every z·x must fit in 256 bits before the division by RAY, so the
    // largest power of two that survives is 2^76 (2^76 · 1e54 ≈ 7.6e76 < 2^256 ≈ 1.16e77); n = 77 reverts although
    // 2^77 RAY ≈ 1.5e50 itself would fit (the expected value here is marked as a revert).
    [InlineData("2e27", 76, "1e27", "75557863725914323419136e27")]
    [InlineData("2e27", 77, "1e27", "revert")]
    public void Rpow_hand_derived_cases(string x, ulong n, string b, string expected)
    {
        if (expected == "revert")
        {
            FluentActions.Invoking(() => MakerMath.Rpow(U(x), n, U(b))).Should().Throw<OverflowException>();
            return;
        }

        MakerMath.Rpow(U(x), n, U(b)).Should().Be(U(expected));
    }

    [Fact]
    public void Rpow_reverts_where_the_assembly_does()
    {
        UInt256 twoTo128 = (UInt256)(BigInteger.One << 128);
        MakerMath.Rpow(twoTo128, 1UL, MakerMath.Ray).Should().Be(twoTo128, "with n = 1 the loop never squares");
        FluentActions.Invoking(() => MakerMath.Rpow(twoTo128, 2UL, MakerMath.Ray)).Should().Throw<OverflowException>("shr(128, x) != 0 before a squaring");
        FluentActions.Invoking(() => MakerMath.Rpow(U("2e27"), 128UL, MakerMath.Ray)).Should().Throw<OverflowException>("2^64 RAY ≥ 2^128 would be squared");
        FluentActions.Invoking(() => MakerMath.Rpow(U("1.0000001e27"), UInt256.MaxValue, MakerMath.Ray)).Should().Throw<OverflowException>();
        MakerMath.Rpow(U("0.99e27"), UInt256.MaxValue, MakerMath.Ray).Should().Be(UInt256.Zero, "a cut below one decays to zero without reverting");
        MakerMath.Rpow(U("3"), 5UL, UInt256.Zero).Should().Be(UInt256.Zero, "the EVM's div by zero is 0, not a revert");
    }

    [CiProperty(MaxTest = 2_000)]
    public Property Rpow_matches_the_assembly_loop_on_BigInteger()
    {
        Gen<(BigInteger X, ulong N)> cases =
            from x in Gen.Frequency(
                (3, Gen.Choose(0, 2_000_000).Select(k => BigInteger.Pow(10, 27) - 1_000_000 + k)),
                (2, Gen.Choose(0, int.MaxValue).Select(k => BigInteger.Pow(10, 27) * k / int.MaxValue * 2)),
                (1, UInt256Gen.AnyBig))
            from n in Gen.Frequency((3, Gen.Choose(0, 100_000)), (1, Gen.Choose(0, int.MaxValue)))
            select (x, (ulong)n);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            BigInteger? expected = RpowOracle(c.X, c.N, BigInteger.Pow(10, 27));
            if (expected is null)
            {
                FluentActions.Invoking(() => MakerMath.Rpow((UInt256)c.X, c.N, MakerMath.Ray)).Should().Throw<OverflowException>();
            }
            else
            {
                ((BigInteger)MakerMath.Rpow((UInt256)c.X, c.N, MakerMath.Ray)).Should().Be(expected.Value);
            }
        });
    }

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
    public void Rmul_reproduces_abaci_test_linear_decrease(ulong dur, string expected)
    {
        // abaci.t.sol test_linear_decrease, tau = 3600, top = 1000 RAY: LinearDecrease.price =
        // dur >= tau ? 0 : rmul(top, (tau - dur) * RAY / tau).
        const ulong Tau = 3600;
        UInt256 top = U("1000e27");
        UInt256 price = dur >= Tau ? UInt256.Zero : MakerMath.Rmul(top, ((UInt256)(Tau - dur) * MakerMath.Ray) / Tau);
        price.Should().Be(U(expected));
    }

    [Fact]
    public void Stairstep_exponential_decrease_of_the_ETH_B_parameters()
    {
        // StairstepExponentialDecrease.price = rmul(top, rpow(cut, dur / step, RAY)); ETH-B: cut 0.99, step 90 s
        // (reference §4.8). After 179 s one step has elapsed: 0.99 top; after 180 s two: 0.9801 top.
        UInt256 top = U("1300e27");
        UInt256 cut = U("0.99e27");
        MakerMath.Rmul(top, MakerMath.Rpow(cut, 179UL / 90UL, MakerMath.Ray)).Should().Be(U("1287e27"));
        MakerMath.Rmul(top, MakerMath.Rpow(cut, 180UL / 90UL, MakerMath.Ray)).Should().Be(U("1274.13e27"));
    }

    [Fact]
    public void Wmul_rmul_rdiv_truncate_and_revert_like_dss()
    {
        MakerMath.Rmul(UInt256.One, UInt256.One).Should().Be(UInt256.Zero);
        MakerMath.Rmul(U("2.5e27"), U("1e27")).Should().Be(U("2.5e27"));
        MakerMath.Rmul(U("3"), U("0.5e27")).Should().Be((UInt256)1UL, "1.5 truncates to 1");
        MakerMath.Wmul(U("1000e45"), U("0.001e18")).Should().Be(U("1e45"), "the keeper's chip of a tab: wmul(tab, chip)");
        MakerMath.Wmul(U("1"), U("0.999999999999999999e18")).Should().Be(UInt256.Zero);
        MakerMath.Rdiv(UInt256.One, U("3")).Should().Be(U("333333333333333333333333333"));
        MakerMath.Rdiv(U("2"), U("3")).Should().Be(U("666666666666666666666666666"), "truncated, not rounded");
        FluentActions.Invoking(() => MakerMath.Rdiv(UInt256.One, UInt256.Zero)).Should().Throw<DivideByZeroException>();
        FluentActions.Invoking(() => MakerMath.Wmul(UInt256.MaxValue, U("2"))).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => MakerMath.Rmul(UInt256.MaxValue, U("2"))).Should().Throw<OverflowException>();
        FluentActions.Invoking(() => MakerMath.Rdiv(UInt256.MaxValue, UInt256.One)).Should().Throw<OverflowException>();
    }

    /// <summary>abaci.sol's rpow, line by line on BigInteger; null where it reverts.</summary>
    private static BigInteger? RpowOracle(BigInteger x, ulong n, BigInteger b)
    {
        BigInteger max = UInt256Gen.TwoTo256 - 1;
        if (n == 0)
        {
            return b;
        }

        if (x.IsZero)
        {
            return BigInteger.Zero;
        }

        BigInteger z = n % 2 == 1 ? x : b;
        BigInteger half = b / 2;
        for (n /= 2; n != 0; n /= 2)
        {
            if (x >> 128 != 0 || (x * x) + half > max)
            {
                return null;
            }

            x = ((x * x) + half) / b;
            if (n % 2 == 1)
            {
                if ((z * x) + half > max)
                {
                    return null;
                }

                z = ((z * x) + half) / b;
            }
        }

        return z;
    }
}

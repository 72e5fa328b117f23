using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using LiquidationSim.DeFi.Tests.Support;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>
/// The price curves against <see cref="AbaciReference"/>, a BigInteger transcription of dss <c>src/abaci.sol</c>
/// (commit fa4f663), over the whole input domain: every size of uint256 <c>top</c> and <c>dur</c> (with exponents from
/// 2^63 to 2^64 − 1 and above drawn on purpose), <c>tau</c> including 0, <c>cut</c> from 0 to RAY and above, <c>step</c>
/// including 0. Where the contract reverts the library must refuse in its documented way: <see cref="OverflowException"/>
/// from <c>Price</c> for an arithmetic revert, <see cref="ArgumentOutOfRangeException"/> from the constructor for a
/// parameter the contract cannot hold (<c>cut</c> &gt; RAY: <c>file</c> reverts) or with which every price reverts
/// (<c>step</c> = 0). Each property also counts the regions it visited and fails if one was never reached.
/// </summary>
public sealed class PriceCurveAbaciAgreementTests
{
    private const int Cases = 1_500;
    private static readonly BigInteger Ray = AbaciReference.Ray;
    private static readonly BigInteger Max = UInt256Gen.TwoTo256 - 1;
    private static readonly BigInteger TwoTo63 = BigInteger.One << 63;
    private static readonly BigInteger TwoTo64 = BigInteger.One << 64;

    // Random bits of a given width, from 31-bit draws.
    private static Gen<BigInteger> Bits(int width) =>
        from words in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), (width / 31) + 1)
        select words.Aggregate(BigInteger.Zero, (acc, w) => (acc << 31) | w) & ((BigInteger.One << width) - 1);

    /// <summary>An exponent or a duration: small, in [2^63, 2^64 − 1], just above 2^64, or any uint256.</summary>
    private static readonly Gen<BigInteger> Exponent = Gen.Frequency(
        (3, Gen.Choose(0, 1_000_000).Select(i => (BigInteger)i)),
        (4, Bits(63).Select(b => TwoTo63 + b)),
        (1, Gen.Elements(TwoTo63, TwoTo63 + 1, TwoTo64 - 2, TwoTo64 - 1, TwoTo64, TwoTo64 + 1)),
        (2, Gen.Choose(0, int.MaxValue).Select(i => TwoTo64 + i)),
        (3, UInt256Gen.AnyBig));

    /// <summary>A cut: the edges, uniform in [0, RAY], just below RAY (slow decay), and above RAY up to 2^256 − 1.</summary>
    private static readonly Gen<BigInteger> Cut = Gen.Frequency(
        (2, Gen.Elements(BigInteger.Zero, BigInteger.One, Ray / 2, Ray - 1, Ray, Ray + 1, 2 * Ray, Max)),
        (4, Bits(96).Select(b => b % (Ray + 1))),
        (4, Gen.Choose(0, int.MaxValue).Select(i => Ray - i)),
        (2, UInt256Gen.AnyBig.Where(b => b < Max).Select(b => BigInteger.Max(b, Ray) + 1)));

    /// <summary>A starting price: realistic rays, or any uint256 (large ones make <c>rmul</c> revert).</summary>
    private static readonly Gen<BigInteger> Top = Gen.Frequency(
        (1, Gen.Choose(1, 1_000_000).Select(i => i * BigInteger.Pow(10, 24))),
        (2, UInt256Gen.AnyBig));

    [Fact]
    public void Linear_decrease_agrees_with_abaci_on_every_input()
    {
        Gen<BigInteger[]> cases =
            from top in Top
            from dur in Exponent
            from tau in Gen.Frequency(
                (2, Gen.Constant(BigInteger.Zero)),
                (2, Gen.Choose(1, 100_000).Select(i => (BigInteger)i)),
                (2, Gen.Choose(1, int.MaxValue).Select(i => BigInteger.Min(Max, dur + i))),
                (3, UInt256Gen.AnyBig))
            select new[] { top, dur, tau };
        var seen = new Regions();
        Check.One(PropertyConfig.For(Cases), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            (BigInteger top, BigInteger dur, BigInteger tau) = (c[0], c[1], c[2]);
            BigInteger? expected = AbaciReference.LinearPrice(tau, top, dur);
            seen.Note(expected, tau.IsZero ? "tau = 0" : dur < tau ? "dur < tau" : "dur >= tau > 0");
            if (dur < tau && AbaciReference.Mul(tau - dur, Ray) is null)
            {
                seen.Note("mul(tau - dur, RAY) reverts");
            }

            var curve = new LinearDecrease((UInt256)tau);
            Agree(() => curve.Price((UInt256)top, (UInt256)dur), expected, $"tau {tau}, top {top}, dur {dur}");
        }));
        seen.ShouldHaveReached("tau = 0", "dur < tau", "dur >= tau > 0", "mul(tau - dur, RAY) reverts", Regions.Value, Regions.Revert);
    }

    [Fact]
    public void Exponential_decrease_agrees_with_abaci_on_every_input()
    {
        Gen<BigInteger[]> cases =
            from cut in Cut
            from top in Top
            from dur in Exponent
            select new[] { cut, top, dur };
        var seen = new Regions();
        Check.One(PropertyConfig.For(Cases), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            (BigInteger cut, BigInteger top, BigInteger dur) = (c[0], c[1], c[2]);
            if (!AbaciReference.FileCutSucceeds(cut))
            {
                seen.Note("cut > RAY");
                FluentActions.Invoking(() => new ExponentialDecrease((UInt256)cut)).Should()
                    .Throw<ArgumentOutOfRangeException>($"file(cut, {cut}) reverts").Which.ParamName.Should().Be("cut");
                return;
            }

            BigInteger? expected = AbaciReference.ExponentialPrice(cut, top, dur);
            seen.Note(expected, ExponentRegion(dur));
            var curve = new ExponentialDecrease((UInt256)cut);
            Agree(() => curve.Price((UInt256)top, (UInt256)dur), expected, $"cut {cut}, top {top}, dur {dur}");
        }));
        seen.ShouldHaveReached("cut > RAY", "n < 2^63", "2^63 <= n < 2^64", "n >= 2^64", Regions.Value, Regions.Revert);
    }

    [Fact]
    public void Stairstep_exponential_decrease_agrees_with_abaci_on_every_input()
    {
        // dur is either drawn on its own or built from a step count, so that dur / step itself lands in [2^63, 2^64).
        Gen<BigInteger> step = Gen.Frequency(
            (1, Gen.Constant(BigInteger.Zero)),
            (4, Gen.Choose(1, 1_000).Select(i => (BigInteger)i)),
            (2, UInt256Gen.AnyBig.Select(b => BigInteger.Max(b, BigInteger.One))));
        Gen<BigInteger[]> cases =
            from s in step
            from cut in Cut
            from top in Top
            from n in Exponent
            from rest in Gen.Choose(0, int.MaxValue)
            from asStepCount in Gen.Elements(true, false)
            let dur = asStepCount && s > 0 ? BigInteger.Min(Max, (n * s) + (rest % s)) : n
            select new[] { s, cut, top, dur };
        var seen = new Regions();
        Check.One(PropertyConfig.For(Cases), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            (BigInteger s, BigInteger cut, BigInteger top, BigInteger dur) = (c[0], c[1], c[2], c[3]);
            if (!AbaciReference.FileCutSucceeds(cut))
            {
                seen.Note("cut > RAY");
                FluentActions.Invoking(() => new StairstepExponentialDecrease(s.IsZero ? 1 : (UInt256)s, (UInt256)cut)).Should()
                    .Throw<ArgumentOutOfRangeException>($"file(cut, {cut}) reverts").Which.ParamName.Should().Be("cut");
                return;
            }

            BigInteger? expected = AbaciReference.StairstepPrice(s, cut, top, dur);
            if (s.IsZero)
            {
                // The contract holds step = 0 but every price reverts (dur / 0); the library refuses the curve instead.
                seen.Note("step = 0");
                expected.Should().BeNull("dur / step reverts for step = 0");
                FluentActions.Invoking(() => new StairstepExponentialDecrease(UInt256.Zero, (UInt256)cut)).Should()
                    .Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
                return;
            }

            seen.Note(expected, ExponentRegion(dur / s));
            var curve = new StairstepExponentialDecrease((UInt256)s, (UInt256)cut);
            Agree(() => curve.Price((UInt256)top, (UInt256)dur), expected, $"step {s}, cut {cut}, top {top}, dur {dur}");
        }));
        seen.ShouldHaveReached("cut > RAY", "step = 0", "n < 2^63", "2^63 <= n < 2^64", "n >= 2^64", Regions.Value, Regions.Revert);
    }

    // Issue 20: at k = 64 the shift e >> k was e >> 0 and the loop read past the 64 squarings.
    // Hand derivation: with cut = RAY every squaring is (RAY·RAY + RAY/2) / RAY = RAY, so rpow(RAY, n, RAY) = RAY for
    // every n and the price is rmul(top, RAY) = top; abaci.sol returns 1e27 for top = 1e27, dur = 2^63.
    [Theory]
    [InlineData("9223372036854775808")] // 2^63
    [InlineData("9223372036854775809")]
    [InlineData("13835058055282163712")] // 2^63 + 2^62
    [InlineData("18446744073709551615")] // 2^64 − 1
    public void Regression_exponential_decrease_at_exponents_from_2_pow_63_to_2_pow_64_minus_1(string dur)
    {
        new ExponentialDecrease(U("1e27")).Price(U("1e27"), U(dur)).Should().Be(U("1e27"));
        new StairstepExponentialDecrease(1, U("1e27")).Price(U("1e27"), U(dur)).Should().Be(U("1e27"));

        // cut = 0: rpow(0, n ≥ 1) = 0 in the assembly's x == 0 branch, so the price is 0.
        new ExponentialDecrease(UInt256.Zero).Price(U("1e27"), U(dur)).Should().Be(UInt256.Zero);

        // A cut just below one ray decays slowly, so the result is neither 0 nor top and every squaring matters.
        UInt256 cut = U("1e27") - 1_000;
        BigInteger? expected = AbaciReference.ExponentialPrice(cut, Big("1e27"), Big(dur));
        (expected > BigInteger.Zero && expected < Big("1e27")).Should().BeTrue($"0 < {expected} < 1e27");
        ((BigInteger)new ExponentialDecrease(cut).Price(U("1e27"), U(dur))).Should().Be(expected!.Value);
    }

    // Issue 20, the stair-step form: dur / step in [2^63, 2^64) with step > 1.
    // Hand derivation as above for cut = RAY: the price is top whatever the step count.
    [Fact]
    public void Regression_stairstep_decrease_with_step_counts_from_2_pow_63_to_2_pow_64_minus_1()
    {
        UInt256 twoTo63 = (UInt256)TwoTo63;
        var curve = new StairstepExponentialDecrease(90, U("1e27"));
        curve.Price(U("1e27"), twoTo63 * 90).Should().Be(U("1e27"));
        curve.Price(U("1e27"), ((UInt256)(TwoTo64 - 1) * 90) + 89).Should().Be(U("1e27"));

        UInt256 cut = U("0.999999999999999999999999999e27");
        var slow = new StairstepExponentialDecrease(90, cut);
        BigInteger? expected = AbaciReference.StairstepPrice(90, cut, Big("7e27"), TwoTo63 * 90);
        ((BigInteger)slow.Price(U("7e27"), twoTo63 * 90)).Should().Be(expected!.Value);
    }

    // Issue 20: abaci.sol's LinearDecrease never divides when tau = 0, because dur >= tau holds for every dur.
    [Theory]
    [InlineData("0", "0")]
    [InlineData("1000e27", "0")]
    [InlineData("max", "0")]
    [InlineData("max", "max")]
    public void Regression_linear_decrease_with_tau_zero_prices_everything_at_zero(string top, string dur)
    {
        var curve = new LinearDecrease(UInt256.Zero);
        curve.Tau.Should().Be(UInt256.Zero);
        curve.Price(U(top), U(dur)).Should().Be(UInt256.Zero);
    }

    private static string ExponentRegion(BigInteger n) =>
        n < TwoTo63 ? "n < 2^63" : n < TwoTo64 ? "2^63 <= n < 2^64" : "n >= 2^64";

    private static void Agree(Func<UInt256> library, BigInteger? contract, string inputs)
    {
        if (contract is null)
        {
            FluentActions.Invoking(library).Should().Throw<OverflowException>($"abaci.sol reverts for {inputs}");
        }
        else
        {
            ((BigInteger)library()).Should().Be(contract.Value, $"abaci.sol returns it for {inputs}");
        }
    }

    /// <summary>Which regions of the domain a property visited (counts are only read after the run).</summary>
    private sealed class Regions
    {
        public const string Value = "a price";
        public const string Revert = "a revert";
        private readonly Dictionary<string, int> _counts = [];

        public void Note(string region) => _counts[region] = _counts.GetValueOrDefault(region) + 1;

        /// <summary>A price call: its region and whether the contract returned or reverted.</summary>
        public void Note(BigInteger? outcome, string region)
        {
            Note(region);
            Note(outcome is null ? Revert : Value);
        }

        public void ShouldHaveReached(params string[] regions)
        {
            foreach (string region in regions)
            {
                _counts.GetValueOrDefault(region).Should().BePositive($"the generator should reach {region}");
            }
        }
    }
}

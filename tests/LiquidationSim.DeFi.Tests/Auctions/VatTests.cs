using LiquidationSim.DeFi.Auctions;
using LiquidationSim.DeFi.FixedPoint;
using static LiquidationSim.DeFi.Tests.Support.Literals;

namespace LiquidationSim.DeFi.Tests.Auctions;

/// <summary>The Vat's balance moves (dss <c>vat.sol</c>): flux, move and suck, their refusals, and bad names.</summary>
public sealed class VatTests
{
    private static readonly Vat s_vat = new Vat().Slip("gold", "a", U("10e18")).Suck("vow", "a", U("50e45"));

    [Fact]
    public void Suck_mints_dai_against_sin_and_grows_both_totals()
    {
        // suck(vow, a, 50 rad): sin[vow] = dai[a] = debt = vice = 50 rad.
        (s_vat.SinOf("vow"), s_vat.DaiOf("a"), s_vat.Debt, s_vat.Vice).Should().Be((U("50e45"), U("50e45"), U("50e45"), U("50e45")));
    }

    [Fact]
    public void Flux_and_move_shift_balances_and_refuse_overdrafts_without_a_change()
    {
        VatResult flux = s_vat.Flux("gold", "a", "b", U("4e18"));
        (flux.Vat.GemOf("gold", "a"), flux.Vat.GemOf("gold", "b")).Should().Be((U("6e18"), U("4e18")));
        VatResult move = s_vat.Move("a", "b", U("50e45"));
        (move.Vat.DaiOf("a"), move.Vat.DaiOf("b"), move.Vat.Debt).Should().Be((UInt256.Zero, U("50e45"), U("50e45")));
        move.Vat.Dai.Should().NotContainKey("a"); // zero balances are not stored

        VatResult gemShort = s_vat.Flux("gold", "a", "b", U("10e18") + UInt256.One);
        (gemShort.Refusal, gemShort.Vat).Should().Be((MakerRefusal.NotEnoughGem, s_vat));
        VatResult daiShort = s_vat.Move("b", "a", UInt256.One);
        (daiShort.Refusal, daiShort.Vat).Should().Be((MakerRefusal.NotEnoughDai, s_vat));
    }

    [Fact]
    public void Empty_names_are_rejected_with_the_parameter()
    {
        s_vat.Invoking(v => v.Move("a", string.Empty, UInt256.One)).Should().Throw<ArgumentException>().WithParameterName("dst");
        s_vat.Invoking(v => v.Flux(string.Empty, "a", "b", UInt256.One)).Should().Throw<ArgumentException>().WithParameterName("ilk");
        s_vat.Invoking(v => v.Suck("vow", null!, UInt256.One)).Should().Throw<ArgumentException>().WithParameterName("v");
        FluentActions.Invoking(() => new Vow(string.Empty, 0)).Should().Throw<ArgumentException>().WithParameterName("address");
    }
}

using LiquidationSim.Accounts;
using LiquidationSim.Margin;

namespace LiquidationSim.Tests.Margin;

/// <summary>
/// The transfer rules themselves are covered in AccountTests (they were instance methods of Account before they moved
/// to Margin); here, what the move to extension methods changed: a null account is refused by name.
/// </summary>
public sealed class MarginTransfersTests
{
    [Fact]
    public void A_null_account_is_refused_by_name()
    {
        Account account = null!;

        FluentActions.Invoking(() => account.AddIsolatedMargin("BTCUSDT", PositionSide.Long, 1m, new Dictionary<string, decimal>()))
            .Should().Throw<ArgumentNullException>().WithParameterName("account");
        FluentActions.Invoking(() => account.RemoveIsolatedMargin("BTCUSDT", PositionSide.Long, 1m, 100m))
            .Should().Throw<ArgumentNullException>().WithParameterName("account");
    }
}

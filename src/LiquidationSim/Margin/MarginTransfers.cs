using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Internal;

namespace LiquidationSim.Margin;

/// <summary>
/// Moves margin between an account's wallet and its isolated positions, vetted by the margin rules: an addition must
/// fit the available balance, a removal must leave the position at or above its initial margin.
/// </summary>
/// <remarks>
/// Extension methods on <see cref="Account"/>, so a transfer reads as one (<c>account.AddIsolatedMargin(…)</c>); they
/// live here rather than on the account because judging a transfer needs the margin figures, and accounts do not
/// depend on margin maths. Each returns a new account and leaves the given one untouched, including when it throws.
/// Thread-safe: no state.
/// </remarks>
public static class MarginTransfers
{
    /// <summary>
    /// Moves <paramref name="amount"/> from the wallet into an isolated position's margin. Refused when the
    /// amount exceeds the available balance at <paramref name="markPrices"/>.
    /// </summary>
    /// <param name="account">The account holding the position.</param>
    /// <param name="symbol">Symbol of the isolated position.</param>
    /// <param name="side">Side of the isolated position.</param>
    /// <param name="amount">Positive amount.</param>
    /// <param name="markPrices">Mark price per symbol for every cross position (used for the available balance).</param>
    /// <returns>The account after the transfer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The amount is not positive or exceeds the available balance, or there is no isolated position on that side of
    /// that symbol.
    /// </exception>
    public static Account AddIsolatedMargin(this Account account, string symbol, PositionSide side, decimal amount, IReadOnlyDictionary<string, decimal> markPrices)
    {
        Preconditions.NotNull(account);
        Preconditions.Positive(amount);
        Position position = account.RequireIsolated(symbol, side);
        decimal available = AccountMargin.Calculate(account, markPrices).AvailableBalance;
        if (amount > available)
        {
            ThrowHelper.OutOfRange(nameof(amount), amount, Describe("must not exceed the available balance", available));
        }

        return account.TransferIsolatedMargin(position, amount);
    }

    /// <summary>
    /// Moves <paramref name="amount"/> from an isolated position's margin back to the wallet. Refused when the
    /// position's margin balance (margin + unrealised PnL at <paramref name="markPrice"/>) would fall below its
    /// initial margin at the mark, which also keeps it clear of liquidation.
    /// </summary>
    /// <param name="account">The account holding the position.</param>
    /// <param name="symbol">Symbol of the isolated position.</param>
    /// <param name="side">Side of the isolated position.</param>
    /// <param name="amount">Positive amount.</param>
    /// <param name="markPrice">Mark price of the position's instrument.</param>
    /// <returns>The account after the transfer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="account"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The amount or mark price is not positive, the amount exceeds <see cref="MarginMath.RemovableIsolatedMargin"/>,
    /// or there is no isolated position on that side of that symbol.
    /// </exception>
    public static Account RemoveIsolatedMargin(this Account account, string symbol, PositionSide side, decimal amount, decimal markPrice)
    {
        Preconditions.NotNull(account);
        Preconditions.Positive(amount);
        Preconditions.Positive(markPrice);
        Position position = account.RequireIsolated(symbol, side);
        decimal removable = MarginMath.RemovableIsolatedMargin(position, markPrice);
        if (amount > removable)
        {
            ThrowHelper.OutOfRange(
                nameof(amount),
                amount,
                Describe("must leave the position's margin balance at or above its initial margin; the most that can be removed is", removable));
        }

        return account.TransferIsolatedMargin(position, -amount);
    }

    private static string Describe(string text, decimal value) =>
        string.Create(CultureInfo.InvariantCulture, $"{text} {value}");
}

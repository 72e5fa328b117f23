using LiquidationSim.Accounts;

namespace LiquidationSim.Liquidation;

/// <summary>
/// One position that auto-deleveraging (ADL) may close against a bankrupt position: it sits on the opposite side
/// of the same symbol, and the figures here are the ones the venue's ranking formula reads.
/// </summary>
/// <remarks>
/// <para>
/// Which fields a ranking reads depends on the method (see <see cref="AdlRankingMethod"/>); the others may hold
/// anything valid. Every method checks <see cref="Side"/>, <see cref="Size"/>, <see cref="EntryPrice"/>,
/// <see cref="MarkPrice"/>, and that <see cref="BankruptcyPrice"/> and <see cref="MaintenanceMargin"/> are not
/// negative; <see cref="AdlRankingMethod.BitMex"/> adds rules on <see cref="BankruptcyPrice"/>.
/// </para>
/// <para>
/// <see cref="WalletBalance"/>, <see cref="UnrealizedPnl"/> and <see cref="MaintenanceMargin"/> are the figures the
/// venue ranks on: for an isolated position, its own isolated wallet, PnL and maintenance margin; for a cross
/// position, the cross account's. Binance's published formula speaks of the user's wallet balance and unrealised
/// profit without saying how cross and isolated differ (reference cefi.md §1.8), so choosing is the caller's part.
/// </para>
/// </remarks>
/// <param name="Account">Owner of the position; the deterministic tie-breaker (ascending) when scores are equal.</param>
/// <param name="Side">Side of the position: the same for every candidate of one ranking, opposite the bankrupt position.</param>
/// <param name="Size">
/// Size in contracts, positive: what <see cref="AutoDeleveraging.Allocate(System.Collections.Immutable.ImmutableArray{AdlRankedCandidate}, decimal, decimal)"/> may close. For
/// <see cref="AdlRankingMethod.Hyperliquid"/> it also sets the notional (size × mark, Hyperliquid sizes being in
/// coins); the BitMEX, Binance and dYdX rankings do not depend on it.
/// </param>
/// <param name="EntryPrice">Average entry price; positive.</param>
/// <param name="MarkPrice">Mark price of the symbol (on Hyperliquid, the oracle price); positive.</param>
/// <param name="BankruptcyPrice">
/// Price at which the position's margin is exhausted; not negative. Read only by <see cref="AdlRankingMethod.BitMex"/>,
/// which needs it positive for a linear short and an inverse long. A linear long backed by at least its notional
/// has no bankruptcy price above zero: pass 0 (its bankrupt value is then 0 and its effective leverage 1). An
/// inverse short backed by at least 1x has no finite bankruptcy price: pass 0 for "none", read as the limit of
/// the formula (bankrupt value 0, effective leverage 1).
/// </param>
/// <param name="WalletBalance">Wallet balance (isolated margin, or the cross wallet), in the settlement currency; any sign.</param>
/// <param name="UnrealizedPnl">Unrealised PnL (of the position, or of the cross account), in the settlement currency; any sign.</param>
/// <param name="MaintenanceMargin">Maintenance margin (of the position, or of the cross account); not negative.</param>
public readonly record struct AdlCandidate(
    AccountId Account,
    PositionSide Side,
    decimal Size,
    decimal EntryPrice,
    decimal MarkPrice,
    decimal BankruptcyPrice,
    decimal WalletBalance,
    decimal UnrealizedPnl,
    decimal MaintenanceMargin);

/// <summary>A candidate with its place in the ADL queue.</summary>
/// <param name="Candidate">The position.</param>
/// <param name="Score">
/// The ranking value the method computed (higher is deleveraged earlier); always 0 for
/// <see cref="AdlRankingMethod.Dydx"/>, which does not rank.
/// </param>
/// <param name="Rank">Place in the queue: 1 is deleveraged first.</param>
public readonly record struct AdlRankedCandidate(AdlCandidate Candidate, decimal Score, int Rank);

/// <summary>
/// One ADL fill: <see cref="Size"/> contracts of the account's position are closed against the bankrupt position at
/// <see cref="Price"/>. The account's position shrinks by <see cref="Size"/>; it does not change side.
/// </summary>
/// <param name="Account">The deleveraged account.</param>
/// <param name="Size">Contracts closed; positive and at most the candidate's size.</param>
/// <param name="Price">Fill price: the bankrupt position's bankruptcy price (BitMEX, Binance, Bybit, dYdX) or the oracle price (Hyperliquid).</param>
public readonly record struct AdlFill(AccountId Account, decimal Size, decimal Price);

/// <summary>
/// A place in an ADL queue that is already ranked (by the venue itself, say): the account and the contracts of its
/// position that may be closed. What <see cref="AutoDeleveraging.Allocate(IEnumerable{AdlQueuePosition}, decimal, decimal)"/>
/// reads, and nothing else.
/// </summary>
/// <param name="Account">The position's owner.</param>
/// <param name="Size">Contracts that may be closed; positive.</param>
public readonly record struct AdlQueuePosition(AccountId Account, decimal Size);

using System.Globalization;
using LiquidationSim.Accounts;
using LiquidationSim.Instruments;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// The ADL ranking formulas of each venue, one candidate at a time. <see cref="AutoDeleveraging.Rank"/> orders
/// candidates by <see cref="Score"/>; the parts are public so that a venue's ADL indicator can be reproduced.
/// </summary>
/// <remarks>
/// <para>
/// <b>Position values and their signs.</b> BitMEX defines its ranking on signed position values (mark value, bankrupt
/// value, average entry value), each the position valued at one price, such that PnL = mark value − entry value for
/// either side. With <c>s</c> = +1 for a long and −1 for a short and size <c>q</c>:
/// </para>
/// <list type="bullet">
/// <item>Linear: <c>V(P) = s·q·P</c>. A long is worth more as the price rises.</item>
/// <item>
/// Inverse: <c>V(P) = −s·q ÷ P</c>, in coin. The sign is not a choice: inverse PnL is <c>s·q·(1/entry − 1/P)</c>
/// (BitMEX guide, vectors X2/X3 in reference cefi.md §4.2), which equals <c>V(P) − V(entry)</c> only with the minus
/// sign. A long's coin PnL grows as <c>1/P</c> shrinks, so its value must move against <c>q ÷ P</c>: it is negative
/// and rises towards zero as the price rises. Taking the naive <c>+s·q ÷ P</c> would flip the sign of both the PnL%
/// and the effective leverage of every inverse position: a loss would read as a gain, at negative leverage.
/// </item>
/// </list>
/// <para>
/// With these values, <c>mark value − bankrupt value</c> is the PnL the position can still lose before bankruptcy
/// (its equity above bankruptcy): positive while solvent, for both sides and both kinds. Every term scales with
/// <c>q</c> (and with the contract size), so BitMEX's PnL% and effective leverage, hence its ranking, depend only on
/// the prices; this code evaluates them at unit size and in closed form,
/// </para>
/// <list type="bullet">
/// <item>Linear: <c>PnL% = s(M − E) ÷ E</c>, <c>effective leverage = M ÷ s(M − B)</c>.</item>
/// <item>Inverse: <c>PnL% = s(M − E) ÷ M</c>, <c>effective leverage = B ÷ s(M − B)</c>.</item>
/// </list>
/// <para>
/// and forms each score as one quotient of products of prices, divided once. A score is therefore correctly rounded
/// (exact when its value has at most 28 significant digits), and two candidates whose true scores are equal tie
/// exactly and are then ordered by account, as long as those products of prices fit in 28 significant digits (prices
/// with a few decimals do).
/// </para>
/// <para>All members are pure and thread-safe. Each validates the candidate as <see cref="AutoDeleveraging.Rank"/> does.</para>
/// </remarks>
public static class AdlScoring
{
    /// <summary>The candidate's ranking value under <paramref name="method"/>: higher is deleveraged earlier.</summary>
    /// <param name="candidate">The position.</param>
    /// <param name="method">The venue's rule.</param>
    /// <param name="kind">Whether the symbol is linear or inverse.</param>
    /// <returns>
    /// <see cref="BitMexScore"/>, <see cref="BinanceLeveragePnl"/> or <see cref="HyperliquidScore"/>; 0 for
    /// <see cref="AdlRankingMethod.Dydx"/>, which does not rank.
    /// </returns>
    public static decimal Score(AdlCandidate candidate, AdlRankingMethod method, ContractKind kind)
    {
        CheckMethod(method);
        CheckKind(kind);
        Validate(candidate, method, kind, nameof(candidate));
        return ScoreUnchecked(candidate, method, kind);
    }

    /// <summary>
    /// BitMEX PnL percentage, <c>(mark value − average entry value) ÷ |average entry value|</c>, as a fraction
    /// (0.1 is 10%): <c>s(M − E) ÷ E</c> linear, <c>s(M − E) ÷ M</c> inverse (class remarks).
    /// </summary>
    /// <param name="candidate">The position.</param>
    /// <param name="kind">Whether the symbol is linear or inverse.</param>
    public static decimal BitMexPnlPercentage(AdlCandidate candidate, ContractKind kind)
    {
        CheckKind(kind);
        Validate(candidate, AdlRankingMethod.BitMex, kind, nameof(candidate));
        Fraction pnl = BitMexPnl(candidate, kind);
        return pnl.Numerator / pnl.Denominator;
    }

    /// <summary>
    /// BitMEX effective leverage, <c>|mark value| ÷ (mark value − bankrupt value)</c>: <c>M ÷ s(M − B)</c> linear,
    /// <c>B ÷ s(M − B)</c> inverse (class remarks). <see langword="null"/> when the position is at or beyond its
    /// bankruptcy price at the mark (no equity left, so no finite leverage).
    /// </summary>
    /// <param name="candidate">The position.</param>
    /// <param name="kind">Whether the symbol is linear or inverse.</param>
    public static decimal? BitMexEffectiveLeverage(AdlCandidate candidate, ContractKind kind)
    {
        CheckKind(kind);
        Validate(candidate, AdlRankingMethod.BitMex, kind, nameof(candidate));
        Fraction leverage = BitMexLeverage(candidate, kind);
        return leverage.Denominator > 0m ? leverage.Numerator / leverage.Denominator : null;
    }

    /// <summary>
    /// BitMEX ranking (official <c>bitmex.com/app/autoDeleveraging</c>): <c>PnL% × effective leverage</c> when
    /// PnL% &gt; 0, <c>PnL% ÷ effective leverage</c> when PnL% &lt; 0, and 0 when PnL% = 0.
    /// </summary>
    /// <remarks>
    /// Zero-denominator guard: a position at or beyond its bankruptcy price at the mark has no finite effective
    /// leverage and scores 0. For a losing position that is the limit of <c>PnL% ÷ leverage</c> as the mark
    /// approaches bankruptcy (leverage grows without bound). The formula's other denominators cannot vanish: entry
    /// value is non-zero for a positive size and price, and effective leverage is positive while solvent.
    /// </remarks>
    /// <param name="candidate">The position.</param>
    /// <param name="kind">Whether the symbol is linear or inverse.</param>
    public static decimal BitMexScore(AdlCandidate candidate, ContractKind kind) =>
        Score(candidate, AdlRankingMethod.BitMex, kind);

    /// <summary>Binance <c>Pnl Percent = max(0, unrealised profit) ÷ max(1, wallet balance)</c> (reference cefi.md §1.8).</summary>
    /// <param name="candidate">The position (or cross account) figures.</param>
    public static decimal BinancePnlPercent(AdlCandidate candidate)
    {
        Validate(candidate, AdlRankingMethod.Binance, ContractKind.Linear, nameof(candidate));
        return Math.Max(0m, candidate.UnrealizedPnl) / Math.Max(1m, candidate.WalletBalance);
    }

    /// <summary>
    /// Binance <c>Margin Ratio = maintenance margin ÷ (wallet balance + unrealised profit)</c> when that sum is
    /// positive, else 0 (reference cefi.md §1.8).
    /// </summary>
    /// <param name="candidate">The position (or cross account) figures.</param>
    public static decimal BinanceMarginRatio(AdlCandidate candidate)
    {
        Validate(candidate, AdlRankingMethod.Binance, ContractKind.Linear, nameof(candidate));
        decimal marginBalance = candidate.WalletBalance + candidate.UnrealizedPnl;
        return marginBalance > 0m ? candidate.MaintenanceMargin / marginBalance : 0m;
    }

    /// <summary>
    /// Binance <c>Leverage Pnl = Pnl Percent × Margin Ratio</c> (reference cefi.md §1.8), evaluated as the single
    /// division <c>max(0, UPnL) × MM ÷ (max(1, WB) × (WB + UPnL))</c> so it is exact where the product is
    /// representable; may therefore differ from <see cref="BinancePnlPercent"/> × <see cref="BinanceMarginRatio"/>
    /// in the 28th significant digit.
    /// </summary>
    /// <param name="candidate">The position (or cross account) figures.</param>
    public static decimal BinanceLeveragePnl(AdlCandidate candidate) =>
        Score(candidate, AdlRankingMethod.Binance, ContractKind.Linear);

    /// <summary>
    /// Hyperliquid leverage used, as assumed here: <c>|position value at mark| ÷ (wallet balance + unrealised PnL)</c>,
    /// with the position value <c>size × mark</c> (linear) or <c>size ÷ mark</c> (inverse). <see langword="null"/>
    /// when the account value is not positive.
    /// </summary>
    /// <param name="candidate">The position.</param>
    /// <param name="kind">Whether the symbol is linear or inverse (Hyperliquid itself lists only linear perpetuals).</param>
    public static decimal? HyperliquidLeverage(AdlCandidate candidate, ContractKind kind)
    {
        CheckKind(kind);
        Validate(candidate, AdlRankingMethod.Hyperliquid, kind, nameof(candidate));
        decimal accountValue = candidate.WalletBalance + candidate.UnrealizedPnl;
        return accountValue > 0m ? MarkNotional(candidate, kind) / accountValue : null;
    }

    /// <summary>
    /// Hyperliquid ranking. <b>An assumption of this library:</b> Hyperliquid says only that the opposite side is
    /// "ranked by unrealized pnl and leverage used" (docs, "Auto-deleveraging"); no formula is published.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The score takes BitMEX's shape, which combines exactly those two quantities and is the most copied ADL rule:
    /// <c>PnL% × leverage</c> for a profit, <c>PnL% ÷ leverage</c> for a loss, 0 for neither. PnL% is
    /// <see cref="BitMexPnlPercentage"/> (the position's unrealised PnL over its entry value); leverage is
    /// <see cref="HyperliquidLeverage"/>, the leverage Hyperliquid's interface shows (position value over account
    /// value), in place of BitMEX's distance to bankruptcy. A candidate whose account value is not positive has no
    /// leverage and scores 0 (Binance likewise zeroes its margin ratio there).
    /// </para>
    /// <para>Unlike the BitMEX score, this one depends on <see cref="AdlCandidate.Size"/>, through the notional.</para>
    /// </remarks>
    /// <param name="candidate">The position.</param>
    /// <param name="kind">Whether the symbol is linear or inverse.</param>
    public static decimal HyperliquidScore(AdlCandidate candidate, ContractKind kind) =>
        Score(candidate, AdlRankingMethod.Hyperliquid, kind);

    internal static decimal ScoreUnchecked(in AdlCandidate c, AdlRankingMethod method, ContractKind kind) => method switch
    {
        AdlRankingMethod.BitMex => Combine(BitMexPnl(c, kind), BitMexLeverage(c, kind)),
        AdlRankingMethod.Binance => BinanceScore(c),
        AdlRankingMethod.Hyperliquid => Combine(
            BitMexPnl(c, kind),
            new Fraction(MarkNotional(c, kind), c.WalletBalance + c.UnrealizedPnl)),
        _ => 0m,
    };

    /// <summary>
    /// Checks the fields every method reads, plus those <paramref name="method"/> reads. The offending field is named
    /// <c>{paramName}.{Field}</c>, or <c>{paramName}[{index}].{Field}</c> when <paramref name="index"/> is not
    /// negative; the name is only built on the throwing path, so validating a large population does not allocate.
    /// </summary>
    internal static void Validate(in AdlCandidate c, AdlRankingMethod method, ContractKind kind, string paramName, int index = -1)
    {
        if (c.Side is not (PositionSide.Long or PositionSide.Short))
        {
            ThrowHelper.Argument(FieldName(paramName, index, nameof(c.Side)), c.Side, "must be Long or Short");
        }

        if (c.Size <= 0m)
        {
            ThrowHelper.OutOfRange(FieldName(paramName, index, nameof(c.Size)), c.Size, "must be greater than zero");
        }

        if (c.EntryPrice <= 0m)
        {
            ThrowHelper.OutOfRange(FieldName(paramName, index, nameof(c.EntryPrice)), c.EntryPrice, "must be greater than zero");
        }

        if (c.MarkPrice <= 0m)
        {
            ThrowHelper.OutOfRange(FieldName(paramName, index, nameof(c.MarkPrice)), c.MarkPrice, "must be greater than zero");
        }

        if (c.BankruptcyPrice < 0m)
        {
            ThrowHelper.OutOfRange(FieldName(paramName, index, nameof(c.BankruptcyPrice)), c.BankruptcyPrice, "must not be negative");
        }

        if (c.MaintenanceMargin < 0m)
        {
            ThrowHelper.OutOfRange(FieldName(paramName, index, nameof(c.MaintenanceMargin)), c.MaintenanceMargin, "must not be negative");
        }

        // Only BitMEX reads the bankruptcy price. A linear short's and an inverse long's always exists and is
        // positive; 0 is meaningful only for a linear long (a price of zero) and an inverse short ("none").
        bool zeroAllowed = (kind == ContractKind.Linear) == (c.Side == PositionSide.Long);
        if (method == AdlRankingMethod.BitMex && c.BankruptcyPrice == 0m && !zeroAllowed)
        {
            ThrowHelper.OutOfRange(
                FieldName(paramName, index, nameof(c.BankruptcyPrice)),
                c.BankruptcyPrice,
                kind == ContractKind.Linear
                    ? "must be greater than zero for a linear short"
                    : "must be greater than zero for an inverse long");
        }
    }

    /// <summary><c>candidates[3].Size</c>-style parameter names for the throwing paths.</summary>
    internal static string FieldName(string paramName, int index, string field) =>
        index < 0
            ? paramName + "." + field
            : string.Create(CultureInfo.InvariantCulture, $"{paramName}[{index}].{field}");

    internal static void CheckMethod(AdlRankingMethod method)
    {
        if (method is not (AdlRankingMethod.BitMex or AdlRankingMethod.Binance or AdlRankingMethod.Hyperliquid or AdlRankingMethod.Dydx))
        {
            ThrowHelper.OutOfRange(nameof(method), method, "must be BitMex, Binance, Hyperliquid or Dydx");
        }
    }

    internal static void CheckKind(ContractKind kind)
    {
        if (kind is not (ContractKind.Linear or ContractKind.Inverse))
        {
            ThrowHelper.OutOfRange(nameof(kind), kind, "must be Linear or Inverse");
        }
    }

    /// <summary>PnL% at unit size; the denominator (|entry value|, rescaled) is positive.</summary>
    private static Fraction BitMexPnl(in AdlCandidate c, ContractKind kind)
    {
        // Linear: (sM − sE) ÷ E.  Inverse: (−s/M + s/E) ÷ (1/E) = s(M − E) ÷ M.
        decimal gain = c.Side.Sign() * (c.MarkPrice - c.EntryPrice);
        return new Fraction(gain, kind == ContractKind.Linear ? c.EntryPrice : c.MarkPrice);
    }

    /// <summary>Effective leverage at unit size; the denominator is the equity above bankruptcy (≤ 0 once bankrupt).</summary>
    private static Fraction BitMexLeverage(in AdlCandidate c, ContractKind kind)
    {
        decimal m = c.MarkPrice;
        decimal b = c.BankruptcyPrice;
        if (kind == ContractKind.Linear)
        {
            // |sM| ÷ (sM − sB). A linear long with B = 0 comes out at exactly 1.
            return new Fraction(m, c.Side.Sign() * (m - b));
        }

        if (b == 0m)
        {
            // An inverse short with no bankruptcy price: as B → ∞ the bankrupt value q ÷ B → 0, so the leverage
            // |MV| ÷ (MV − 0) → 1. (Validate admits B = 0 for no other inverse position.)
            return new Fraction(1m, 1m);
        }

        // |−s/M| ÷ (−s/M + s/B) = (1/M) ÷ (s(M − B) ÷ MB) = B ÷ s(M − B).
        return new Fraction(b, c.Side.Sign() * (m - b));
    }

    /// <summary>
    /// BitMEX's combination of a PnL% and a leverage, each a fraction, in one division: × when the PnL% is positive,
    /// ÷ when negative, 0 when it is zero or when the leverage is undefined (its denominator is not positive).
    /// </summary>
    private static decimal Combine(Fraction pnl, Fraction leverage)
    {
        if (pnl.Numerator == 0m || leverage.Denominator <= 0m)
        {
            return 0m;
        }

        // pnl = a/b (b > 0), leverage = c/d (c, d > 0):  a/b × c/d = ac ÷ bd;  a/b ÷ c/d = ad ÷ bc.
        return pnl.Numerator > 0m
            ? pnl.Numerator * leverage.Numerator / (pnl.Denominator * leverage.Denominator)
            : pnl.Numerator * leverage.Denominator / (pnl.Denominator * leverage.Numerator);
    }

    private static decimal BinanceScore(in AdlCandidate c)
    {
        decimal marginBalance = c.WalletBalance + c.UnrealizedPnl;
        if (marginBalance <= 0m || c.UnrealizedPnl <= 0m)
        {
            return 0m;
        }

        return c.UnrealizedPnl * c.MaintenanceMargin / (Math.Max(1m, c.WalletBalance) * marginBalance);
    }

    private static decimal MarkNotional(in AdlCandidate c, ContractKind kind) =>
        kind == ContractKind.Linear ? c.Size * c.MarkPrice : c.Size / c.MarkPrice;

    private readonly record struct Fraction(decimal Numerator, decimal Denominator);
}

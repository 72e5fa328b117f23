using System.Globalization;
using LiquidationSim.Reporting.Internal;
using LiquidationSim.Simulation;

namespace LiquidationSim.Reporting;

/// <summary>Writes a run's timeline as CSV (RFC 4180), one row per step, for spreadsheets and data frames.</summary>
/// <remarks>
/// <para>
/// The header is written with the first step: <c>step,time,liquidations,liquidated_notional,adl_count,adl_notional,
/// trader_orders,insurance_fund,bad_debt</c>, then for each instrument in scenario order
/// <c>SYMBOL_spot,SYMBOL_index,SYMBOL_mark,SYMBOL_last,SYMBOL_oi_long,SYMBOL_oi_short</c>. Times are ISO 8601 in UTC;
/// numbers use the invariant culture with no thousands separators.
/// </para>
/// <para>
/// Each column has one scale, so a column reads alike from row to row: counts are integers; the amounts
/// (<c>liquidated_notional</c>, <c>adl_notional</c>, <c>insurance_fund</c>, <c>bad_debt</c>, in the settlement
/// currency) are written with exactly <see cref="AmountDecimals"/> decimals, rounded half to even (sums of fills carry
/// up to 28 decimals in the simulation; the insurance fund and bad debt are kept to 8 already); prices (quote
/// currency) and open interest (contracts) are written as the simulation holds them, which is already one precision
/// per instrument (the tick's decimals plus a fixed margin, the lot's decimals). The exact values are in the JSON
/// timeline (<see cref="Serialization.SimulationJson"/>) and the event log.
/// </para>
/// <para>Lines end in <c>\n</c>. Symbols that would need quoting are quoted. Not thread safe; the writer is not closed.</para>
/// </remarks>
public sealed class TimelineCsvWriter
{
    /// <summary>Decimals of the amount columns.</summary>
    public const int AmountDecimals = 8;

    private readonly TextWriter _writer;
    private readonly char[] _buffer = new char[64];
    private string[]? _symbols;

    /// <summary>A writer over <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the CSV goes; left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public TimelineCsvWriter(TextWriter writer)
    {
        _writer = Preconditions.NotNull(writer);
    }

    /// <summary>Rows written so far, header excluded.</summary>
    public long Rows { get; private set; }

    /// <summary>Writes one step (and the header before the first).</summary>
    /// <param name="step">The step.</param>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    /// <exception cref="ArgumentException">The step's instruments differ from the first step's.</exception>
    public void Write(SimulationStep step)
    {
        Preconditions.NotNull(step);
        if (_symbols is null)
        {
            _symbols = [.. step.Markets.Select(m => m.Symbol)];
            _writer.Write("step,time,liquidations,liquidated_notional,adl_count,adl_notional,trader_orders,insurance_fund,bad_debt");
            foreach (string symbol in _symbols)
            {
                foreach (string column in (string[])["spot", "index", "mark", "last", "oi_long", "oi_short"])
                {
                    _writer.Write(',');
                    _writer.Write(Quote(symbol + "_" + column));
                }
            }

            _writer.Write('\n');
        }
        else if (!SameInstruments(step, _symbols))
        {
            ThrowHelper.Argument(nameof(step), step.Index, "must carry the same instruments as the first step");
        }

        Field(step.Index, first: true);
        _writer.Write(',');
        step.Time.UtcDateTime.TryFormat(_buffer, out int written, "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
        _writer.Write(_buffer, 0, written);
        Field(step.Liquidations);
        Amount(step.LiquidatedNotional);
        Field(step.AdlCount);
        Amount(step.AdlNotional);
        Field(step.TraderOrders);
        Amount(step.InsuranceFund);
        Amount(step.BadDebt);
        foreach (MarketSnapshot m in step.Markets)
        {
            Field(m.SpotPrice);
            Field(m.IndexPrice);
            Field(m.MarkPrice);
            Field(m.LastPrice);
            Field(m.OpenInterestLong);
            Field(m.OpenInterestShort);
        }

        _writer.Write('\n');
        Rows++;
    }

    /// <summary>Writes every step of a sequence.</summary>
    /// <param name="writer">Where the CSV goes; left open.</param>
    /// <param name="steps">The steps, in order.</param>
    /// <returns>Rows written, header excluded.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static long WriteAll(TextWriter writer, IEnumerable<SimulationStep> steps)
    {
        Preconditions.NotNull(steps);
        var csv = new TimelineCsvWriter(writer);
        foreach (SimulationStep step in steps)
        {
            csv.Write(step);
        }

        return csv.Rows;
    }

    private static bool SameInstruments(SimulationStep step, string[] symbols)
    {
        if (step.Markets.Length != symbols.Length)
        {
            return false;
        }

        for (int i = 0; i < symbols.Length; i++)
        {
            if (!string.Equals(step.Markets[i].Symbol, symbols[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes a number (after a comma unless it opens the row) without allocating.</summary>
    private void Field<T>(T value, bool first = false)
        where T : ISpanFormattable
    {
        if (!first)
        {
            _writer.Write(',');
        }

        // 64 characters hold any decimal (29 digits, sign, point) or long.
        value.TryFormat(_buffer, out int written, default, CultureInfo.InvariantCulture);
        _writer.Write(_buffer, 0, written);
    }

    /// <summary>Writes an amount with exactly <see cref="AmountDecimals"/> decimals, rounded half to even.</summary>
    private void Amount(decimal value)
    {
        _writer.Write(',');
        decimal.Round(value, AmountDecimals, MidpointRounding.ToEven).TryFormat(_buffer, out int written, "F8", CultureInfo.InvariantCulture);
        _writer.Write(_buffer, 0, written);
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

using System.Globalization;
using LiquidationSim.Internal;
using LiquidationSim.Simulation;

namespace LiquidationSim.Reporting;

/// <summary>Writes a run's timeline as CSV (RFC 4180), one row per step, for spreadsheets and data frames.</summary>
/// <remarks>
/// <para>
/// The header is written with the first step: <c>step,time,liquidations,liquidated_notional,adl_count,adl_notional,
/// trader_orders,insurance_fund,bad_debt</c>, then for each instrument in scenario order
/// <c>SYMBOL_spot,SYMBOL_index,SYMBOL_mark,SYMBOL_last,SYMBOL_oi_long,SYMBOL_oi_short</c>. Times are ISO 8601 in UTC;
/// numbers use the invariant culture with no thousands separators and keep every digit the simulation produced, so
/// the CSV carries the same values as the JSON timeline (<see cref="Serialization.SimulationJson"/>).
/// </para>
/// <para>Lines end in <c>\n</c>. Symbols that would need quoting are quoted. Not thread safe; the writer is not closed.</para>
/// </remarks>
public sealed class TimelineCsvWriter
{
    private readonly TextWriter _writer;
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
        else if (step.Markets.Length != _symbols.Length || !step.Markets.Select(m => m.Symbol).SequenceEqual(_symbols, StringComparer.Ordinal))
        {
            ThrowHelper.Argument(nameof(step), step.Index, "must carry the same instruments as the first step");
        }

        _writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{step.Index},{step.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFFZ},{step.Liquidations},{step.LiquidatedNotional},{step.AdlCount},{step.AdlNotional},{step.TraderOrders},{step.InsuranceFund},{step.BadDebt}"));
        foreach (MarketSnapshot m in step.Markets)
        {
            _writer.Write(string.Create(CultureInfo.InvariantCulture,
                $",{m.SpotPrice},{m.IndexPrice},{m.MarkPrice},{m.LastPrice},{m.OpenInterestLong},{m.OpenInterestShort}"));
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

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

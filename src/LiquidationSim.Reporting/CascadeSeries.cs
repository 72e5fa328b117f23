using System.Globalization;
using LiquidationSim.Reporting.Internal;
using LiquidationSim.Simulation;

namespace LiquidationSim.Reporting;

/// <summary>
/// One bucket of a <see cref="CascadeSeries"/>: consecutive simulation steps folded into one chart point.
/// </summary>
public readonly record struct CascadePoint
{
    /// <summary>Index of the first step in the bucket.</summary>
    public required long FirstStep { get; init; }

    /// <summary>Index of the last step in the bucket.</summary>
    public required long LastStep { get; init; }

    /// <summary>Time at the end of the last step.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Index price at the end of the bucket.</summary>
    public required decimal IndexPrice { get; init; }

    /// <summary>Mark price at the end of the bucket.</summary>
    public required decimal MarkPrice { get; init; }

    /// <summary>Lowest step-end mark price in the bucket.</summary>
    public required decimal MarkLow { get; init; }

    /// <summary>Highest step-end mark price in the bucket.</summary>
    public required decimal MarkHigh { get; init; }

    /// <summary>Last traded price at the end of the bucket.</summary>
    public required decimal LastPrice { get; init; }

    /// <summary>Lowest step-end last price in the bucket.</summary>
    public required decimal LastLow { get; init; }

    /// <summary>Highest step-end last price in the bucket.</summary>
    public required decimal LastHigh { get; init; }

    /// <summary>Accounts that entered liquidation in the bucket's steps.</summary>
    public required long Liquidations { get; init; }

    /// <summary>Liquidated notional summed over the bucket's steps.</summary>
    public required decimal LiquidatedNotional { get; init; }

    /// <summary>Auto-deleveraged notional summed over the bucket's steps.</summary>
    public required decimal AdlNotional { get; init; }

    /// <summary>Insurance fund at the end of the bucket.</summary>
    public required decimal InsuranceFund { get; init; }

    /// <summary>Lowest step-end insurance fund in the bucket.</summary>
    public required decimal InsuranceFundLow { get; init; }

    /// <summary>Bad debt accumulated by the end of the bucket.</summary>
    public required decimal BadDebt { get; init; }

    /// <summary>The point of a single step.</summary>
    /// <param name="step">The step.</param>
    /// <param name="market">The charted instrument's snapshot in that step.</param>
    /// <returns>A one-step bucket.</returns>
    internal static CascadePoint Of(SimulationStep step, in MarketSnapshot market) => new CascadePoint
    {
        FirstStep = step.Index,
        LastStep = step.Index,
        Time = step.Time,
        IndexPrice = market.IndexPrice,
        MarkPrice = market.MarkPrice,
        MarkLow = market.MarkPrice,
        MarkHigh = market.MarkPrice,
        LastPrice = market.LastPrice,
        LastLow = market.LastPrice,
        LastHigh = market.LastPrice,
        Liquidations = step.Liquidations,
        LiquidatedNotional = step.LiquidatedNotional,
        AdlNotional = step.AdlNotional,
        InsuranceFund = step.InsuranceFund,
        InsuranceFundLow = step.InsuranceFund,
        BadDebt = step.BadDebt,
    };

    /// <summary>This bucket followed by <paramref name="next"/>, as one bucket.</summary>
    /// <param name="next">The bucket right after this one.</param>
    /// <returns>Closing values from <paramref name="next"/>, extremes over both, flows summed.</returns>
    internal CascadePoint Then(in CascadePoint next) => new CascadePoint
    {
        FirstStep = FirstStep,
        LastStep = next.LastStep,
        Time = next.Time,
        IndexPrice = next.IndexPrice,
        MarkPrice = next.MarkPrice,
        MarkLow = Math.Min(MarkLow, next.MarkLow),
        MarkHigh = Math.Max(MarkHigh, next.MarkHigh),
        LastPrice = next.LastPrice,
        LastLow = Math.Min(LastLow, next.LastLow),
        LastHigh = Math.Max(LastHigh, next.LastHigh),
        Liquidations = Liquidations + next.Liquidations,
        LiquidatedNotional = LiquidatedNotional + next.LiquidatedNotional,
        AdlNotional = AdlNotional + next.AdlNotional,
        InsuranceFund = next.InsuranceFund,
        InsuranceFundLow = Math.Min(InsuranceFundLow, next.InsuranceFundLow),
        BadDebt = next.BadDebt,
    };
}

/// <summary>
/// The series a cascade chart draws for one instrument — prices, liquidation and ADL volume, insurance fund and bad
/// debt — collected step by step from a running <see cref="ScenarioSimulation"/> in bounded memory.
/// </summary>
/// <remarks>
/// Steps are folded into buckets of a whole number of consecutive steps. The bucket width starts at one step and
/// doubles (pairs of neighbouring buckets merged) whenever the series would exceed twice
/// <see cref="MaxPoints"/>, so a run of any length keeps between <see cref="MaxPoints"/> and twice that many points
/// once it is long enough, and memory stays fixed. Flows (liquidations, notionals) are summed, so the totals of the
/// series equal the totals of the steps; prices and balances keep the bucket's closing value and its extremes, so a
/// one-step wick survives any amount of folding. The fold depends only on the steps, never on timing: the same run
/// gives the same series. Not thread safe.
/// </remarks>
public sealed class CascadeSeries
{
    private readonly List<CascadePoint> _points = [];
    private long _width = 1;
    private CascadePoint _open;
    private long _openSteps;
    private long _lastIndex;

    /// <summary>A series for <paramref name="symbol"/> keeping about <paramref name="maxPoints"/> points.</summary>
    /// <param name="symbol">The instrument to chart, as named in the scenario.</param>
    /// <param name="maxPoints">The fewest points a long run is folded down to; from 16 to 100,000.</param>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPoints"/> is out of range.</exception>
    public CascadeSeries(string symbol, int maxPoints = 600)
    {
        Symbol = Preconditions.NotBlank(symbol);
        if (maxPoints is < 16 or > 100_000)
        {
            ThrowHelper.OutOfRange(nameof(maxPoints), maxPoints, "must be from 16 to 100,000");
        }

        MaxPoints = maxPoints;
    }

    /// <summary>The charted instrument.</summary>
    public string Symbol { get; }

    /// <summary>The fewest points a long run is folded down to; the series holds at most twice as many.</summary>
    public int MaxPoints { get; }

    /// <summary>Steps added so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Steps per bucket (a power of two); the last bucket may hold fewer.</summary>
    public long StepsPerPoint => _width;

    /// <summary>The buckets in time order, the partly filled last one included.</summary>
    /// <remarks>A new list on each call; the series keeps collecting.</remarks>
    public IReadOnlyList<CascadePoint> Points
    {
        get
        {
            var all = new List<CascadePoint>(_points.Count + 1);
            all.AddRange(_points);
            if (_openSteps > 0)
            {
                all.Add(_open);
            }

            return all;
        }
    }

    /// <summary>Adds the next step of the run.</summary>
    /// <param name="step">The step; its index must follow the previous step's.</param>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The step does not carry <see cref="Symbol"/>, or its index does not follow the previous one.
    /// </exception>
    public void Add(SimulationStep step)
    {
        Preconditions.NotNull(step);
        if (StepCount > 0 && step.Index != _lastIndex + 1)
        {
            ThrowHelper.Argument(nameof(step), step.Index, "must follow step " + _lastIndex.ToString(CultureInfo.InvariantCulture));
        }

        int m = MarketOf(step);
        Append(CascadePoint.Of(step, step.Markets[m]));
    }

    /// <summary>
    /// Adds the next step as a point built by the caller, for runs that are not a <see cref="ScenarioSimulation"/>
    /// (such as the DeFi stress runs of <c>liqsim defi</c>): the same folding, drawn by the same chart.
    /// </summary>
    /// <param name="point">
    /// The step: <see cref="CascadePoint.FirstStep"/> and <see cref="CascadePoint.LastStep"/> equal, the previous step's
    /// index plus one (any index for the first step); the lows and highs are the step's own values.
    /// </param>
    /// <exception cref="ArgumentException">The point spans several steps or does not follow the previous step.</exception>
    public void Add(in CascadePoint point)
    {
        if (point.FirstStep != point.LastStep || (StepCount > 0 && point.FirstStep != _lastIndex + 1))
        {
            ThrowHelper.Argument(nameof(point), point.FirstStep, "must be one step following step " + _lastIndex.ToString(CultureInfo.InvariantCulture));
        }

        Append(point);
    }

    private void Append(in CascadePoint point)
    {
        _open = _openSteps == 0 ? point : _open.Then(point);
        _openSteps++;
        _lastIndex = point.LastStep;
        StepCount++;
        if (_openSteps == _width)
        {
            _points.Add(_open);
            _openSteps = 0;
            if (_points.Count >= 2 * MaxPoints)
            {
                Fold();
            }
        }
    }

    private int MarketOf(SimulationStep step)
    {
        for (int i = 0; i < step.Markets.Length; i++)
        {
            if (string.Equals(step.Markets[i].Symbol, Symbol, StringComparison.Ordinal))
            {
                return i;
            }
        }

        ThrowHelper.Argument(nameof(step), Symbol, "has no market for the charted symbol");
        return -1;
    }

    private void Fold()
    {
        int n = _points.Count / 2;
        for (int i = 0; i < n; i++)
        {
            _points[i] = _points[2 * i].Then(_points[(2 * i) + 1]);
        }

        _points.RemoveRange(n, _points.Count - n);
        _width *= 2;
    }
}

namespace LiquidationSim.Internal;

/// <summary>Small deterministic order statistics on decimals, without allocation.</summary>
internal static class Statistics
{
    /// <summary>Sorts in place; stable and allocation-free, for the short spans of price sources.</summary>
    public static void InsertionSort(Span<decimal> values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            decimal v = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > v)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = v;
        }
    }

    /// <summary>Median of a sorted, non-empty span; the mean of the middle two for an even count.</summary>
    public static decimal MedianOfSorted(ReadOnlySpan<decimal> sorted)
    {
        int mid = sorted.Length >> 1;
        return (sorted.Length & 1) == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }

    /// <summary>Median of three values.</summary>
    public static decimal Median(decimal a, decimal b, decimal c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}

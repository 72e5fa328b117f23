namespace LiquidationSim.Internal;

/// <summary>
/// Mean of the last N samples, in a ring buffer with a running sum: O(1) per sample, no allocation. Decimal
/// addition is exact unless a sum needs more than 28 significant digits; any rounding is deterministic.
/// </summary>
internal sealed class RollingMean
{
    private readonly decimal[] _samples;
    private decimal _sum;
    private int _next;
    private int _count;

    public RollingMean(int capacity, string paramName)
    {
        if (capacity <= 0)
        {
            ThrowHelper.OutOfRange(paramName, capacity, "must be at least 1");
        }

        _samples = new decimal[capacity];
    }

    public int Capacity => _samples.Length;

    public int Count => _count;

    public decimal Mean => _count == 0 ? 0m : _sum / _count;

    public void Add(decimal value)
    {
        if (_count == _samples.Length)
        {
            _sum -= _samples[_next];
        }
        else
        {
            _count++;
        }

        _samples[_next] = value;
        _sum += value;
        _next = _next + 1 == _samples.Length ? 0 : _next + 1;
    }
}

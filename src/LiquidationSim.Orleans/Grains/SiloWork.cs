namespace LiquidationSim.Orleans.Grains;

/// <summary>What a silo's range grains have done: ranges started, completed, cancelled and failed, and those running.</summary>
/// <remarks>Thread-safe counters, for tests and diagnostics; they never change a result.</remarks>
internal sealed class SiloWork
{
    private int _started;
    private int _completed;
    private int _cancelled;
    private int _failed;
    private int _running;

    public int Started => Volatile.Read(ref _started);

    public int Completed => Volatile.Read(ref _completed);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public int Failed => Volatile.Read(ref _failed);

    public int Running => Volatile.Read(ref _running);

    public void Start()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _running);
    }

    public void Complete() => Interlocked.Increment(ref _completed);

    public void Cancel() => Interlocked.Increment(ref _cancelled);

    public void Fail() => Interlocked.Increment(ref _failed);

    public void Stop() => Interlocked.Decrement(ref _running);
}

/// <summary>
/// A test seam: ranges this silo should report lost as if it had died while running them. Null (always, outside
/// tests): none.
/// </summary>
internal sealed class RangeFaults
{
    /// <summary>Told each range as it starts; true makes the range fail with <see cref="RangeLostException"/>.</summary>
    public Func<PathRangeRequest, bool>? Lose { get; set; }
}

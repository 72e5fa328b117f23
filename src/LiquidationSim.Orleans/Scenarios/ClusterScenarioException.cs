namespace LiquidationSim.Orleans.Scenarios;

/// <summary>
/// A cluster refused a scenario or a piece of work: its SHA-256 does not match its canonical JSON, no silo holds a
/// scenario of that hash, the scenario failed to compile on a silo, or it has no run of the requested kind.
/// </summary>
/// <remarks>Crosses the wire from a silo to the client with its message; a refused range is never retried.</remarks>
[GenerateSerializer]
[Alias("LiquidationSim.Orleans.ClusterScenarioException")]
public sealed class ClusterScenarioException : Exception
{
    /// <summary>An exception with the default message.</summary>
    public ClusterScenarioException()
        : base("The cluster refused the scenario.")
    {
    }

    /// <summary>An exception with a message.</summary>
    /// <param name="message">What was refused and why.</param>
    public ClusterScenarioException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a message and its cause.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

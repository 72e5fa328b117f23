using BenchmarkDotNet.Running;

namespace LiquidationSim.Benchmarks;

/// <summary>
/// Entry point. Pass BenchmarkDotNet arguments through, e.g. <c>--filter '*' --job Dry</c> (CI smoke run) or
/// <c>--filter '*Isolated*'</c> (one class with the default job).
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

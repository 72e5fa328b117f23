using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LiquidationSim.Benchmarks;

/// <summary>
/// Entry point. Pass BenchmarkDotNet arguments through, e.g. <c>--filter '*' --job Dry</c> (CI smoke run) or
/// <c>--filter '*Isolated*'</c> (one class with the default job).
/// </summary>
public static class Program
{
    /// <returns>
    /// 0 when every benchmark that was selected ran; 1 when one failed to build or run (a <c>[GlobalSetup]</c> check
    /// threw, for example), so that CI notices. BenchmarkDotNet itself exits 0 in those cases.
    /// </returns>
    public static int Main(string[] args)
    {
        // BenchmarkDotNet gives the generated project two minutes to build; on a shared two-core machine under load the
        // build took longer and CI's smoke run failed without a benchmark having run. Ten minutes only matters then.
        IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToArray();
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}

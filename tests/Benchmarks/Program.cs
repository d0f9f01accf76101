using BenchmarkDotNet.Running;

namespace Benchmarks;

// Not top-level statements: their generated Program would hide the ImageApi's, which RequestBenchmarks hosts.
public static class BenchmarkEntryPoint
{
    // dotnet run -c Release --project tests/Benchmarks -- --filter '*'
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run(args, new BenchmarkConfig());
}

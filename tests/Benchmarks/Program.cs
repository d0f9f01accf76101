using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Benchmarks.BenchmarkConfig).Assembly).Run(args, new Benchmarks.BenchmarkConfig());

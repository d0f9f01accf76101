using System.Diagnostics;
using System.Net;

namespace LoadBenchmark;

/// <summary>One measured row: throughput, latency percentiles and the API's CPU per request.</summary>
public sealed record LoadResult(string Name, long Requests, long Failures, double Seconds, double P50Ms, double P99Ms, double CpuMicrosPerRequest)
{
    public double RequestsPerSecond => Requests / Seconds;

    public override string ToString() =>
        $"| {Name} | {RequestsPerSecond,8:N0} | {P50Ms,6:N2} ms | {P99Ms,6:N2} ms | {CpuMicrosPerRequest,5:N0} µs |"
        + (Failures > 0 ? $" {Failures} failed" : "");
}

/// <summary>
/// A closed-loop load generator: a fixed number of connections, each sending its next request as soon as the last
/// answered (like wrk). A warm-up runs first and is not counted.
/// </summary>
public sealed class LoadRunner(HttpClient http, int apiPid, int connections, TimeSpan warmup, TimeSpan duration, string? only = null,
    bool quiet = false, bool profile = false)
{
    public async Task<LoadResult?> RunAsync(string name, Func<int, long, HttpRequestMessage> request, HttpStatusCode expected = HttpStatusCode.OK)
    {
        if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) return null;
        await LoopAsync(request, expected, warmup, record: false);
        if (duration == TimeSpan.Zero) return null;
        var recording = profile ? CpuProfile.RecordAsync(apiPid, duration) : null;
        var cpuBefore = ProcessStats.CpuMicroseconds(apiPid);
        var clock = Stopwatch.StartNew();
        var (latencies, failures) = await LoopAsync(request, expected, duration, record: true);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = ProcessStats.CpuMicroseconds(apiPid) - cpuBefore;

        latencies.Sort();
        var result = new LoadResult(name, latencies.Count, failures, seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpu / Math.Max(1, latencies.Count + failures));
        if (!quiet) Console.WriteLine(result);
        if (recording is not null) CpuProfile.Report(await recording, result.CpuMicrosPerRequest);
        return result;
    }

    private async Task<(List<double> Latencies, long Failures)> LoopAsync(
        Func<int, long, HttpRequestMessage> request, HttpStatusCode expected, TimeSpan length, bool record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var perConnection = new List<double>[connections];
        var failures = 0L;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(connection => Task.Run(async () =>
        {
            var latencies = perConnection[connection] = new List<double>(64 * 1024);
            for (long n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                using var message = request(connection, n);
                var start = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (response.StatusCode != expected)
                {
                    if (Interlocked.Increment(ref failures) <= 3)
                    {
                        Console.WriteLine($"  unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                    continue;
                }
                if (record) latencies.Add(elapsed);
            }
        })));
        return ([.. perConnection.SelectMany(list => list)], failures);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

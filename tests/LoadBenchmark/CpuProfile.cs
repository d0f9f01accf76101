using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LoadBenchmark;

/// <summary>
/// Samples the API's on-CPU call stacks with Linux <c>perf</c> while a row is measured, and tells where the CPU went,
/// component by component. The API runs with <c>DOTNET_PerfMapEnabled=1</c> (so perf can name JIT-compiled frames) and
/// <c>DOTNET_EnableWriteXorExecute=0</c> (otherwise the code lives in a mapping perf does not look up by name).
/// </summary>
public static partial class CpuProfile
{
    public const int SamplesPerSecond = 999;

    public static readonly IReadOnlyDictionary<string, string> ApiEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
    };

    public static bool IsAvailable() => Run("perf", "--version", out _) == 0;

    /// <summary>Records every thread of the process for the given time (perf exits by itself when it ends).</summary>
    public static Task<string> RecordAsync(int pid, TimeSpan length)
    {
        var file = Path.Combine(Path.GetTempPath(), $"imageapi-{pid}-{Guid.NewGuid():N}.perf.data");
        var seconds = length.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return Task.Run(() =>
        {
            Run("perf", $"record -q -F {SamplesPerSecond} -g -p {pid} -o {file} -- sleep {seconds}", out _);
            return file;
        });
    }

    /// <summary>Prints the share of the samples per component and what that is per request.</summary>
    public static void Report(string dataFile, double cpuMicrosPerRequest)
    {
        Run("perf", $"script -i {dataFile} -F comm,ip,sym", out var script);
        File.Delete(dataFile);
        var counts = new Dictionary<string, int>();
        var total = 0;
        foreach (var (thread, frames) in Samples(script))
        {
            var component = Classify(thread, frames);
            counts[component] = counts.GetValueOrDefault(component) + 1;
            total++;
        }
        if (total == 0)
        {
            Console.WriteLine("  (no samples: is perf allowed to record this process?)");
            return;
        }
        Console.WriteLine($"  where that row's {cpuMicrosPerRequest:N0} µs went ({total:N0} samples at {SamplesPerSecond} Hz):");
        foreach (var (component, count) in counts.OrderByDescending(pair => pair.Value))
        {
            var share = (double)count / total;
            if (share < 0.005) continue;
            Console.WriteLine($"  | {component} | {share,6:P1} | {share * cpuMicrosPerRequest,5:N0} µs |");
        }
    }

    private static IEnumerable<(string Thread, List<string> Frames)> Samples(string script)
    {
        string? thread = null;
        var frames = new List<string>();
        foreach (var line in script.Split('\n'))
        {
            if (line.StartsWith('\t'))
            {
                frames.Add(line.Trim());
                continue;
            }
            if (thread is not null && frames.Count > 0) yield return (thread, frames);
            frames = [];
            thread = string.IsNullOrWhiteSpace(line) ? null : line.Trim();
        }
        if (thread is not null && frames.Count > 0) yield return (thread, frames);
    }

    /// <summary>
    /// Threads the runtime names for their job decide first; then the innermost frame that belongs to a known
    /// component (the leaf itself is often System.Private.CoreLib, System.Text.Json or the kernel, working for it).
    /// </summary>
    public static string Classify(string thread, IReadOnlyList<string> frames)
    {
        if (thread.Contains("GC", StringComparison.Ordinal)) return "garbage collector threads";
        if (thread.Contains("Tiered", StringComparison.Ordinal)) return "JIT (tiered compilation thread)";
        if (thread.Contains("Sockets", StringComparison.Ordinal)) return "socket engine thread (epoll)";
        if (IsIdleWorker(frames)) return "idle thread-pool workers (spinning, sched_yield, waking)";
        foreach (var frame in frames)
        {
            var match = DeclaringMethod().Match(frame);
            if (!match.Success) continue;
            if (Component(match.Groups["assembly"].Value, match.Groups["type"].Value) is { } component) return component;
        }
        return frames[0].Contains("[k]", StringComparison.Ordinal) || KernelAddress().IsMatch(frames[0])
            ? "kernel (scheduler, interrupts, syscalls of no managed component)"
            : "runtime and native code (outside any managed component)";
    }

    private static bool IsIdleWorker(IReadOnlyList<string> frames)
    {
        var dispatching = false;
        foreach (var frame in frames)
        {
            if (frame.Contains("LowLevelLifoSemaphore", StringComparison.Ordinal)
                || frame.Contains("LowLevelSpinWaiter", StringComparison.Ordinal)) return true;
            if (frame.Contains("ThreadPoolWorkQueue::Dispatch", StringComparison.Ordinal)) dispatching = true;
        }
        return !dispatching && frames.Any(frame => frame.Contains("WorkerThreadStart", StringComparison.Ordinal));
    }

    private static string? Component(string assembly, string type) => assembly switch
    {
        _ when assembly.StartsWith("AWSSDK", StringComparison.Ordinal) => SdkPart(type),
        "System.Net.Http" => "HttpClient (the SDK's HTTP calls)",
        "System.Net.Sockets" => "sockets (send/receive)",
        "ImageApi" when type.Contains("Presigner", StringComparison.Ordinal) || type.Contains("UrlSigner", StringComparison.Ordinal)
            => "ours: presigning",
        "ImageApi" when type.Contains("ItemMapper", StringComparison.Ordinal) => "ours: item mapping",
        "ImageApi" => "ours: handlers, validation, guards, repository",
        _ when assembly.StartsWith("OpenTelemetry", StringComparison.Ordinal) => "OpenTelemetry",
        _ when assembly.Contains("Authentication", StringComparison.Ordinal) || assembly.Contains("Authorization", StringComparison.Ordinal)
            || assembly.Contains("IdentityModel", StringComparison.Ordinal) => "authentication and authorization",
        _ when assembly.Contains("RateLimiting", StringComparison.Ordinal) => "rate limiter",
        _ when assembly.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal) => "logging",
        "Microsoft.AspNetCore.Http.Results" => "results and their JSON (System.Text.Json)",
        _ when assembly.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || assembly.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) => "ASP.NET Core (Kestrel, routing, middleware)",
        _ => null,
    };

    private static string SdkPart(string type) => type switch
    {
        _ when type.Contains("Unmarshall", StringComparison.Ordinal) || type.Contains("StreamingUtf8JsonReader", StringComparison.Ordinal)
            => "AWS SDK: response unmarshalling",
        _ when type.Contains("Marshall", StringComparison.Ordinal) => "AWS SDK: request marshalling",
        _ when type.Contains("Signer", StringComparison.Ordinal) || type.Contains("Auth", StringComparison.Ordinal)
            || type.Contains("Credentials", StringComparison.Ordinal) => "AWS SDK: credentials and signing",
        _ when type.Contains("Endpoint", StringComparison.Ordinal) => "AWS SDK: endpoint resolution",
        _ => "AWS SDK: pipeline (handlers, retries, headers)",
    };

    // "instance void [AWSSDK.Core] Amazon.Runtime.Internal.Signer+<InvokeAsync>d__1`1[System.__Canon]::MoveNext()":
    // the declaring assembly is the bracket followed by a space; return and parameter types have none.
    [GeneratedRegex(@"\[(?<assembly>[\w.]+)\] (?<type>[^\s(]+?)::")]
    private static partial Regex DeclaringMethod();

    [GeneratedRegex(@"^ffffffff[0-9a-f]+ ")]
    private static partial Regex KernelAddress();

    private static int Run(string file, string arguments, out string output)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var error = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = error.Result;
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output = "";
            return -1;
        }
    }
}

using System.Diagnostics;
using System.Net;

namespace LoadBenchmark;

/// <summary>
/// The emulators (dynalite, s3rver) and a Release ImageApi as child processes on loopback, configured as the AppHost's
/// Emulators mode configures them. Every process is stopped by its own id on dispose.
/// </summary>
public sealed class ServiceProcesses : IAsyncDisposable
{
    private const string EmulatorKey = "S3RVER";
    private readonly List<Process> _processes = [];
    private readonly string _s3Data = Path.Combine(Path.GetTempPath(), "imageapi-bench-s3-" + Guid.NewGuid().ToString("N"));

    public required string Root { get; init; }

    /// <summary>Another build of the ImageApi to run instead of this checkout's Release build.</summary>
    public string? ApiDllOverride { get; init; }

    /// <summary>Runs the API inside this group (sized like a task) instead of unconfined.</summary>
    public TaskCgroup? ApiCgroup { get; init; }

    public Uri ApiUrl { get; private set; } = null!;

    public Process Api { get; private set; } = null!;

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudImageService.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Run from inside the repository (CloudImageService.sln not found above the binary).");
    }

    /// <summary>npm ci for the emulators and a Release build of the ImageApi: what the benchmark needs, from the project's own files.</summary>
    public async Task PrepareAsync(bool build)
    {
        var emulators = Path.Combine(Root, "AppHost", "emulators");
        if (!Directory.Exists(Path.Combine(emulators, "node_modules")))
        {
            Console.WriteLine("Installing the emulators (npm ci)...");
            await RunToEndAsync("npm", "ci --no-audit --no-fund --loglevel=error", emulators);
        }
        if (build || !File.Exists(ApiDll))
        {
            Console.WriteLine("Building ImageApi (Release)...");
            await RunToEndAsync("dotnet", $"build -c Release --nologo -v q \"{Path.Combine(Root, "ImageApi", "ImageApi.csproj")}\"", Root);
        }
    }

    private string ApiDll => ApiDllOverride ?? Path.Combine(Root, "ImageApi", "bin", "Release", "net10.0", "ImageApi.dll");

    public async Task StartAsync(Uri? otlpEndpoint, IReadOnlyDictionary<string, string> apiEnvironment)
    {
        var emulators = Path.Combine(Root, "AppHost", "emulators");
        var dynamoPort = AppHost.Tests.Loopback.FreePort();
        var s3Port = AppHost.Tests.Loopback.FreePort();
        var apiPort = AppHost.Tests.Loopback.FreePort();

        Start("node", "dynamodb.js", emulators, new() { ["PORT"] = $"{dynamoPort}", ["DATA_DIR"] = "" });
        Directory.CreateDirectory(_s3Data);
        Start("node", "s3.js", emulators, new()
        {
            ["PORT"] = $"{s3Port}",
            ["DATA_DIR"] = _s3Data,
            ["NODE_OPTIONS"] = "--openssl-legacy-provider",
            ["S3RVER_SILENT"] = Environment.GetEnvironmentVariable("BENCH_S3_LOG") is null ? "true" : "false",
        });
        await WaitHealthyAsync(new Uri($"http://127.0.0.1:{dynamoPort}/"));
        await WaitHealthyAsync(new Uri($"http://127.0.0.1:{s3Port}/_health"));

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = $"http://127.0.0.1:{dynamoPort}",
            ["AWS_ENDPOINT_URL_S3"] = $"http://127.0.0.1:{s3Port}",
            ["AWS_ACCESS_KEY_ID"] = EmulatorKey,
            ["AWS_SECRET_ACCESS_KEY"] = EmulatorKey,
            ["AWS_REGION"] = "us-east-1",
            ["Storage__CreateResources"] = "true",
            ["Storage__EnableTimeToLive"] = "false",
            ["Storage__EnableLifecycleRules"] = "false",
            ["RateLimiting__RequestPermitLimit"] = "10000000",
            ["RateLimiting__UploadPermitLimit"] = "10000000",
            // Seeded uploads stay pending (and listed) for the whole run; the sweeper leaves them alone.
            ["Images__UploadUrlExpiry"] = "02:00:00",
            ["Logging__LogLevel__Default"] = "Warning",
            ["OTEL_SERVICE_NAME"] = "imageapi",
        };
        if (otlpEndpoint is not null)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint.ToString().TrimEnd('/');
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }
        foreach (var (name, value) in apiEnvironment) environment[name] = value;

        Api = ApiCgroup is null
            ? Start("dotnet", $"\"{ApiDll}\"", Path.Combine(Root, "ImageApi"), environment)
            : Start("sh", "", Path.Combine(Root, "ImageApi"), environment, ["-c", ApiCgroup.Wrap($"dotnet \"{ApiDll}\"")]);
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort}/");
        await WaitHealthyAsync(new Uri(ApiUrl, "health"), TimeSpan.FromSeconds(60));
    }

    private Process Start(string file, string arguments, string directory, Dictionary<string, string> environment, string[]? argumentList = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argumentList ?? []) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file} {arguments}.");
        var label = argumentList is null ? Path.GetFileName(arguments.Trim('"')) : "ImageApi.dll";
        var quiet = file == "node" && Environment.GetEnvironmentVariable("BENCH_S3_LOG") is null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && (!quiet || IsNoteworthy(line))) Console.WriteLine($"  [{label}] {line}");
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine($"  [{label}!] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private static bool IsNoteworthy(string line) =>
        line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("error", StringComparison.OrdinalIgnoreCase);

    private static async Task WaitHealthyAsync(Uri url, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} did not become healthy.");
            await Task.Delay(200);
        }
    }

    private static async Task RunToEndAsync(string file, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory })
                            ?? throw new InvalidOperationException($"Could not start {file}.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}.");
    }

    public async ValueTask DisposeAsync()
    {
        // Newest first: the API before the emulators it talks to.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            var process = _processes[i];
            try
            {
                if (!process.HasExited)
                {
                    // SIGTERM by id lets each one shut down cleanly; SIGKILL only if it does not.
                    using (var term = Process.Start("kill", $"-TERM {process.Id}")) await term.WaitForExitAsync();
                    try
                    {
                        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                    }
                    catch (TimeoutException)
                    {
                        process.Kill(entireProcessTree: false);
                        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                Console.WriteLine($"  could not stop pid {process.Id}: {e.Message}");
            }
            process.Dispose();
        }
        _processes.Clear();
        if (Directory.Exists(_s3Data)) Directory.Delete(_s3Data, recursive: true);
    }
}

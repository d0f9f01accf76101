using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using AppHost.Tests;
using LoadBenchmark;
using NetVips;

// Load benchmark of the ImageApi on the Docker-free emulators. One command from the repository root:
//   dotnet run -c Release --project tests/LoadBenchmark
// Options: --duration S (10) --warmup S (3) --connections N (16) --otel on|off|both (both) --confirmations N (10)
//          --no-confirm --no-build --env NAME=VALUE (extra ImageApi environment, repeatable)
//          --only TEXT (only the rows whose name contains TEXT) --large N (items of the large user, 10000)
//          --api-dll PATH (another build of ImageApi.dll, e.g. of an earlier commit, to compare)
//          --profile (samples the API with Linux perf during each row and prints where its CPU went, by component)
//          --ingest (only ingest: API vs sharp per image, crafted uploads, 40 confirmations of one image at once)
//          --task CPU:MIB (run the API, and with --ingest sharp too, in a cgroup v1 group of that size, like one Fargate task; needs root)
var options = Options.Parse(args);
if (options.Profile)
{
    if (!CpuProfile.IsAvailable())
    {
        Console.Error.WriteLine("--profile needs Linux perf: sudo apt-get install -y linux-perf");
        return 2;
    }
    foreach (var (name, value) in CpuProfile.ApiEnvironment) options.Environment.TryAdd(name, value);
}
var root = ServiceProcesses.FindRoot();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {CpuName()}; .NET {Environment.Version}");

await using (var prepare = new ServiceProcesses { Root = root })
{
    await prepare.PrepareAsync(options.Build);
}

if (options.Ingest)
{
    using var cgroup = options.Task is { } task ? new TaskCgroup(task.Cpu, task.MemoryMiB) : null;
    if (cgroup is not null) Console.WriteLine($"The API and sharp run in a cgroup of {cgroup.CpuUnits} CPU units and {cgroup.MemoryMiB} MiB.");
    await using var ingestServices = new ServiceProcesses { Root = root, ApiDllOverride = options.ApiDll, ApiCgroup = cgroup };
    await ingestServices.StartAsync(null, options.Environment);
    using var ingestHttp = new HttpClient { BaseAddress = ingestServices.ApiUrl, Timeout = TimeSpan.FromMinutes(5) };
    await IngestBenchmark.RunAsync(new ImageApiClient(ingestHttp), ingestServices.Api.Id, cgroup, root, options.Confirmations);
    return 0;
}

var passes = options.Otel switch { "on" => new[] { true }, "off" => [false], _ => [false, true] };
foreach (var otel in passes)
{
    using var sink = otel ? new OtlpCapture() : null;
    using var cgroup = options.Task is { } task ? new TaskCgroup(task.Cpu, task.MemoryMiB) : null;
    await using var services = new ServiceProcesses { Root = root, ApiDllOverride = options.ApiDll, ApiCgroup = cgroup };
    Console.WriteLine();
    Console.WriteLine($"== ImageApi (Release), OpenTelemetry exporter {(otel ? $"on → {sink!.Endpoint} (a local OTLP/HTTP sink)" : "off")}"
                      + (cgroup is null ? "" : $", in a cgroup of {cgroup.CpuUnits} CPU units and {cgroup.MemoryMiB} MiB (one task)"));
    await services.StartAsync(sink?.Endpoint, options.Environment);
    var pid = services.Api.Id;

    using var http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = options.Connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    { BaseAddress = services.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
    var client = new ImageApiClient(http);

    var clock = Stopwatch.StartNew();
    var small = await SeedUserAsync(client, "bench-1k", 1_000, options.Connections);
    await SeedUserAsync(client, "bench-10k", options.Large, options.Connections);
    Console.WriteLine($"Seeded {1_000 + options.Large:N0} records (the newest 25 of each user confirmed, with thumbnails) in {clock.Elapsed.TotalSeconds:N0} s; "
                      + $"API working set {ProcessStats.StatusMegabytes(pid, "VmRSS"):N0} MB");

    Console.WriteLine($"{options.Connections} connections; every row warmed up {options.Warmup.TotalSeconds:N0} s first (JIT tiering done), "
                      + $"then each measured {options.Duration.TotalSeconds:N0} s");
    await MeasureRowsAsync(new LoadRunner(http, pid, options.Connections, options.Warmup, TimeSpan.Zero, options.Only, quiet: true));
    Console.WriteLine("| request | req/s | p50 | p99 | API CPU/request |");
    Console.WriteLine("|---|---|---|---|---|");
    await MeasureRowsAsync(new LoadRunner(http, pid, options.Connections, TimeSpan.FromSeconds(1), options.Duration, options.Only,
        profile: options.Profile));

    async Task MeasureRowsAsync(LoadRunner runner)
    {
        await runner.RunAsync("`GET /alive` (no storage call: the pipeline's own floor)", (_, _) => new HttpRequestMessage(HttpMethod.Get, "alive"));
        var uploadBody = Encoding.UTF8.GetBytes(ImageApiClient.UploadBody("bench-uploader"));
        await runner.RunAsync("`POST /images/upload`", (_, _) => new HttpRequestMessage(HttpMethod.Post, "images/upload")
        {
            Content = new ByteArrayContent(uploadBody) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        });
        await runner.RunAsync("`GET /images/{id}/download`", (c, n) =>
            new HttpRequestMessage(HttpMethod.Get, $"images/{small[(int)((c + n) % small.Count)]}/download"));
        await runner.RunAsync("`GET /images?user_id=U&limit=20` (1,000 items)", (_, _) =>
            new HttpRequestMessage(HttpMethod.Get, "images?user_id=bench-1k&limit=20"));
        await runner.RunAsync($"same with {options.Large:N0} items", (_, _) =>
            new HttpRequestMessage(HttpMethod.Get, "images?user_id=bench-10k&limit=20"));
        await runner.RunAsync("`…&thumbnail_size=256` (1,000 items)", (_, _) =>
            new HttpRequestMessage(HttpMethod.Get, "images?user_id=bench-1k&limit=20&thumbnail_size=256"));
        await runner.RunAsync($"`…&thumbnail_size=256` ({options.Large:N0} items)", (_, _) =>
            new HttpRequestMessage(HttpMethod.Get, "images?user_id=bench-10k&limit=20&thumbnail_size=256"));
    }

    if (sink is not null) Console.WriteLine($"OTLP exports received by the sink: {sink.Exports}");
    if (options.Confirm && otel == passes[^1]) await ConfirmationBenchmark.RunAsync(client, pid, options.Confirmations);
    Console.WriteLine($"API CPU total {ProcessStats.CpuMicroseconds(pid) / 1e6:N1} s, peak working set {ProcessStats.StatusMegabytes(pid, "VmHWM"):N0} MB");
}

return 0;

// Creates count records for one user through the API; the newest 25 get a real PNG, confirmed (thumbnails made),
// so the listed page is made of available images with thumbnails.
static async Task<List<string>> SeedUserAsync(ImageApiClient client, string userId, int count, int parallelism)
{
    const int Available = 25;
    await ImageApiClient.ForEachAsync(count - Available, parallelism, _ => client.CreateUploadAsync(userId));
    var png = SeedImage.Png();
    var tickets = new UploadTicket[Available];
    // One after another, so that upload times (and so the listing's order) are distinct and these are the newest.
    for (var i = 0; i < Available; i++) tickets[i] = await client.CreateUploadAsync(userId, png.Length);
    // Every PUT before any confirmation: s3rver removes the emptied uploads/ directory when a confirmation deletes the
    // last staged object, and a PUT racing with that fails with a 500 (an emulator quirk, not the API's).
    await ImageApiClient.ForEachAsync(Available, 4, i => client.PutBytesAsync(tickets[i], png));
    await ImageApiClient.ForEachAsync(Available, 4, i => client.CompleteAsync(tickets[i].ImageId));
    return [.. tickets.Select(ticket => ticket.ImageId)];
}

static string CpuName() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
    ?? "unknown CPU";

internal static class SeedImage
{
    public static byte[] Png()
    {
        using var image = Image.Black(320, 240, bands: 3) + new[] { 40.0, 120.0, 200.0 };
        using var cast = image.Cast(Enums.BandFormat.Uchar);
        return cast.PngsaveBuffer();
    }
}

internal sealed record Options(TimeSpan Duration, TimeSpan Warmup, int Connections, string Otel, bool Confirm, int Confirmations,
    bool Build, Dictionary<string, string> Environment, string? Only = null, int Large = 10_000, string? ApiDll = null, bool Profile = false,
    bool Ingest = false, (int Cpu, int MemoryMiB)? Task = null)
{
    public static Options Parse(string[] args)
    {
        var o = new Options(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), 16, "both", true, 10, true, []);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            o = args[i] switch
            {
                "--duration" => o with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup" => o with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--connections" => o with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--otel" => o with { Otel = Next() },
                "--confirmations" => o with { Confirmations = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--no-confirm" => o with { Confirm = false },
                "--no-build" => o with { Build = false },
                "--only" => o with { Only = Next() },
                "--api-dll" => o with { ApiDll = Path.GetFullPath(Next()), Build = false },
                "--large" => o with { Large = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--env" => o.WithEnvironment(Next()),
                "--profile" => o with { Profile = true },
                "--ingest" => o with { Ingest = true },
                "--task" => o with { Task = ParseTask(Next()) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return o;
    }

    private static (int Cpu, int MemoryMiB) ParseTask(string value)
    {
        var parts = value.Split(':');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private Options WithEnvironment(string pair)
    {
        var parts = pair.Split('=', 2);
        Environment[parts[0]] = parts[1];
        return this;
    }
}

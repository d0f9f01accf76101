using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AppHost.Tests;
using NetVips;

namespace LoadBenchmark;

/// <summary>
/// Ingest within a task (<c>--ingest</c>): the API's CPU and peak memory per confirmation beside sharp's for the same
/// work on the same files, crafted uploads that must be refused without harm, and 40 confirmations of one large PNG
/// at once. With <c>--task CPU:MiB</c> the API runs in a cgroup of that size, and the kernel's own count of OOM kills
/// and peak memory are reported.
/// </summary>
public static class IngestBenchmark
{
    public static async Task RunAsync(ImageApiClient client, int apiPid, TaskCgroup? cgroup, string root, int count)
    {
        var samples = new (string Name, string ContentType, byte[] Bytes)[]
        {
            ("12 MP JPEG", "image/jpeg", Photo(4000, 3000).JpegsaveBuffer(q: 90)),
            ("24 MP JPEG", "image/jpeg", Photo(6000, 4000).JpegsaveBuffer(q: 90)),
            ("12 MP PNG", "image/png", Photo(4000, 3000, sigma: 1.2).PngsaveBuffer(compression: 6)),
        };
        var peer = await PreparePeerAsync(root);

        Console.WriteLine();
        Console.WriteLine($"Ingest CPU and peak memory per image, API (n={count}, one at a time, staged first) beside sharp 0.35.5 "
                          + "(same libvips; SHA-256, header, shrink-on-load for JPEG and a full decode for the rest, failing on warnings, 1024 and 256 px WebP q80)");
        Console.WriteLine("| image | size | API CPU ms | sharp CPU ms | API ÷ sharp | API peak MB | sharp peak RSS MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, contentType, bytes) in samples)
        {
            var ids = new List<string>();
            for (var i = 0; i < count + 2; i++) ids.Add(await StageAsync(client, bytes, contentType));
            foreach (var id in ids.Take(2)) await client.CompleteAsync(id); // warm-up
            ProcessStats.TryResetPeak(apiPid);
            cgroup?.ResetPeak();
            var cpuBefore = ProcessStats.CpuMicroseconds(apiPid);
            foreach (var id in ids.Skip(2)) await client.CompleteAsync(id);
            var apiCpu = (ProcessStats.CpuMicroseconds(apiPid) - cpuBefore) / 1000 / count;
            var apiPeak = cgroup is null ? ProcessStats.StatusMegabytes(apiPid, "VmHWM") : cgroup.PeakBytes / 1e6;

            var file = Path.Combine(Path.GetTempPath(), $"ingest-peer-{Guid.NewGuid():N}");
            await File.WriteAllBytesAsync(file, bytes);
            var sharp = await RunPeerAsync(peer, file, count, cgroup);
            File.Delete(file);
            Console.WriteLine($"| {name} | {bytes.Length / 1e6:N1} MB | {apiCpu:N0} | {sharp.CpuMs:N0} | {apiCpu / sharp.CpuMs:N2}× | {apiPeak:N0} | {sharp.PeakMb:N0} |");
        }

        await HostileAsync(client, apiPid, cgroup);
        await SameImageAtOnceAsync(client, apiPid, cgroup, samples[2].Bytes);
    }

    private static async Task HostileAsync(ImageApiClient client, int apiPid, TaskCgroup? cgroup)
    {
        var hostile = new (string Name, string ContentType, Func<byte[]> Make)[]
        {
            ("10,000² GIF", "image/gif", () => HostileImages.GifCanvas(10_000)),
            ("10,000² Adam7 16-bit RGBA PNG", "image/png", () => HostileImages.InterlacedPng16(10_000, 10_000)),
            ("7,000² 32-bit float TIFF", "image/tiff", () => HostileImages.FloatTiff(7_000)),
            ("9,600² AVIF", "image/avif", () => HostileImages.AvifExtent(9_600)),
            ("10,000² lossless WebP", "image/webp", () => HostileImages.LosslessWebp(10_000)),
            ("10,000² animated WebP canvas", "image/webp", () => HostileImages.AnimatedWebpCanvas(10_000)),
        };
        Console.WriteLine();
        Console.WriteLine("Crafted uploads, confirmed one after another");
        Console.WriteLine("| file | bytes | status | time ms | reason |");
        Console.WriteLine("|---|---|---|---|---|");
        cgroup?.ResetPeak();
        foreach (var (name, contentType, make) in hostile)
        {
            var bytes = make();
            var id = await StageAsync(client, bytes, contentType);
            var clock = Stopwatch.StartNew();
            var (status, body) = await client.TryCompleteAsync(id);
            var detail = status == 200 ? "" : JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
            Console.WriteLine($"| {name} | {bytes.Length:N0} | {status} | {clock.Elapsed.TotalMilliseconds:N0} | {detail} |");
        }
        Console.WriteLine($"API alive afterwards: {!Process.GetProcessById(apiPid).HasExited}; "
                          + (cgroup is null ? $"peak working set {ProcessStats.StatusMegabytes(apiPid, "VmHWM"):N0} MB"
                              : $"cgroup peak {cgroup.PeakBytes / 1e6:N0} MB of {cgroup.MemoryMiB} MiB, OOM kills {cgroup.OomKills}"));
    }

    private static async Task SameImageAtOnceAsync(ImageApiClient client, int apiPid, TaskCgroup? cgroup, byte[] png)
    {
        var id = await StageAsync(client, png, "image/png");
        cgroup?.ResetPeak();
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.TryCompleteAsync(id)));
        var statuses = answers.GroupBy(answer => answer.Status).Select(group => $"{group.Count()} × {group.Key}");
        Console.WriteLine();
        Console.WriteLine($"40 confirmations of one {png.Length / 1e6:N1} MB PNG at once: {string.Join(", ", statuses)} in "
                          + $"{clock.Elapsed.TotalMilliseconds:N0} ms; "
                          + (cgroup is null ? $"peak working set {ProcessStats.StatusMegabytes(apiPid, "VmHWM"):N0} MB"
                              : $"cgroup peak {cgroup.PeakBytes / 1e6:N0} MB, OOM kills {cgroup.OomKills}"));
    }

    private static async Task<string> StageAsync(ImageApiClient client, byte[] bytes, string contentType)
    {
        var ticket = await client.CreateUploadAsync("bench-ingest", bytes.Length, contentType);
        await client.PutBytesAsync(ticket, bytes);
        return ticket.ImageId;
    }

    /// <summary>A gradient under noise: what a photo of that size weighs as a q90 JPEG.</summary>
    private static Image Photo(int width, int height, double sigma = 9)
    {
        using var xy = Image.Xyz(width, height);
        using var x = xy[0];
        using var y = xy[1];
        using var r = x * (255.0 / width);
        using var g = y * (255.0 / height);
        using var b = (x + y) * (255.0 / (width + height));
        using var gradient = r.Bandjoin(g, b);
        using var noise = Image.Gaussnoise(width, height, sigma: sigma, mean: 0);
        using var noisy = gradient + noise;
        return noisy.Cast(Enums.BandFormat.Uchar).CopyMemory();
    }

    private static async Task<string> PreparePeerAsync(string root)
    {
        var directory = Path.Combine(root, "tests", "LoadBenchmark", "sharp-peer");
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = directory })!;
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0) throw new InvalidOperationException("npm ci for the sharp peer failed.");
        }
        return Path.Combine(directory, "peer.mjs");
    }

    /// <summary>sharp in a process of its own, confined like the API when a cgroup is given.</summary>
    private static async Task<(double CpuMs, double PeakMb)> RunPeerAsync(string peer, string file, int count, TaskCgroup? cgroup)
    {
        var command = $"node \"{peer}\" \"{file}\" {count.ToString(CultureInfo.InvariantCulture)}";
        var info = cgroup is null ? new ProcessStartInfo("sh", ["-c", command]) : new ProcessStartInfo("sh", ["-c", cgroup.Wrap(command)]);
        info.RedirectStandardOutput = true;
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        return (result.GetProperty("cpuMsPerImage").GetDouble(), result.GetProperty("maxRssMb").GetDouble());
    }
}

using System.Diagnostics;
using NetVips;

namespace LoadBenchmark;

/// <summary>
/// Ingest cost: confirming a 12-megapixel JPEG of about 4 MB (copy, decode, hash, two WebP thumbnails), one at a time
/// for latency, then 8 at once for the API's peak working set.
/// </summary>
public static class ConfirmationBenchmark
{
    public static async Task RunAsync(ImageApiClient client, int apiPid, int count)
    {
        var jpeg = TwelveMegapixelJpeg();
        Console.WriteLine();
        Console.WriteLine($"Confirmation of a 4000×3000 JPEG of {jpeg.Length / 1e6:N1} MB (thumbnails 256 and 1024 px included)");

        async Task<string> StagedAsync()
        {
            var ticket = await client.CreateUploadAsync("bench-ingest", jpeg.Length, "image/jpeg");
            await client.PutBytesAsync(ticket, jpeg);
            return ticket.ImageId;
        }

        // Warm-up: the first confirmations load libvips and JIT the path.
        for (var i = 0; i < 2; i++) await client.CompleteAsync(await StagedAsync());

        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var id = await StagedAsync();
            var clock = Stopwatch.StartNew();
            await client.CompleteAsync(id);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"  one at a time, n={count}: p50 {Percentile(times, 0.5):N0} ms, p95 {Percentile(times, 0.95):N0} ms, "
                          + $"min {times[0]:N0} ms, max {times[^1]:N0} ms");

        var ids = new string[8];
        for (var i = 0; i < ids.Length; i++) ids[i] = await StagedAsync();
        var before = ProcessStats.StatusMegabytes(apiPid, "VmRSS");
        var reset = ProcessStats.TryResetPeak(apiPid);
        var peakRss = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, ProcessStats.StatusMegabytes(apiPid, "VmRSS"));
                await Task.Delay(10);
            }
        });
        var wall = Stopwatch.StartNew();
        var each = await Task.WhenAll(ids.Select(async id =>
        {
            var clock = Stopwatch.StartNew();
            await client.CompleteAsync(id);
            return clock.Elapsed.TotalMilliseconds;
        }));
        wall.Stop();
        await sampling.CancelAsync();
        await sampler;
        var hwm = ProcessStats.StatusMegabytes(apiPid, "VmHWM");
        Array.Sort(each);
        Console.WriteLine($"  8 at once: all done in {wall.Elapsed.TotalMilliseconds:N0} ms (each {each[0]:N0}–{each[^1]:N0} ms); "
                          + $"API working set {before:N0} MB before, peak {(reset ? hwm : peakRss):N0} MB "
                          + (reset ? "(VmHWM, reset before the burst)" : "(VmRSS sampled every 10 ms)")
                          + $", sampled peak {peakRss:N0} MB");
    }

    /// <summary>A gradient under noise: about what a 12 MP photo weighs as a q90 JPEG (~4 MB).</summary>
    public static byte[] TwelveMegapixelJpeg(double sigma = 9)
    {
        using var xy = Image.Xyz(4000, 3000);
        using var x = xy[0];
        using var y = xy[1];
        using var r = x * (255.0 / 4000);
        using var g = y * (255.0 / 3000);
        using var b = (x + y) * (255.0 / 7000);
        using var gradient = r.Bandjoin(g, b);
        using var noise = Image.Gaussnoise(4000, 3000, sigma: sigma, mean: 0);
        using var noisy = gradient + noise;
        using var image = noisy.Cast(Enums.BandFormat.Uchar);
        return image.JpegsaveBuffer(q: 90);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

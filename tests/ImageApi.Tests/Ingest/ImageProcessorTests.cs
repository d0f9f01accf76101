using System.Diagnostics.Metrics;
using AppHost.Tests;
using CloudImageService.Images;
using CloudImageService.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NetVips;

namespace ImageApi.Tests.Ingest;

/// <summary>The processor on real libvips and real files: limits before decoding, a deadline during, a full decode always.</summary>
public sealed class ImageProcessorTests : IDisposable
{
    private readonly List<string> _files = [];
    private readonly List<IDisposable> _owned = [];
    private readonly IMeterFactory _meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    [Fact]
    public async Task A_decode_past_its_deadline_is_stopped_and_refused_naming_the_limit()
    {
        using var noise = Image.Gaussnoise(6000, 6000, sigma: 60);
        var path = Spool(noise.Cast(Enums.BandFormat.Uchar).PngsaveBuffer(compression: 1));
        var processor = Processor(options => options.DecodeTimeout = TimeSpan.FromMilliseconds(20));

        var outcome = await processor.ProcessAsync(path, "image/png");

        Assert.Contains("Ingest:DecodeTimeout", Assert.IsType<ProcessedImage.Invalid>(outcome).Reason);
    }

    [Fact]
    public async Task An_image_over_the_memory_budget_is_refused_before_any_pixel_is_decoded()
    {
        var processor = Processor(options => options.DecodeMemoryBytes = 64L << 20);

        var outcome = await processor.ProcessAsync(Spool(HostileImages.InterlacedPng16(10_000, 10_000)), "image/png");

        var refused = Assert.IsType<ProcessedImage.Invalid>(outcome);
        Assert.Contains("Ingest:DecodeMemoryBytes", refused.Reason);
        Assert.Equal(RefusalReasons.Memory, refused.Kind);
        Assert.Equal(0, processor.DecodesStarted);
    }

    [Fact]
    public async Task A_tiff_pyramid_whose_full_size_page_is_damaged_is_refused_although_its_small_levels_are_fine()
    {
        using var noise = Image.Gaussnoise(2048, 2048, sigma: 60);
        var pyramid = noise.Cast(Enums.BandFormat.Uchar).TiffsaveBuffer(pyramid: true, tile: true, compression: Enums.ForeignTiffCompression.Deflate);
        // Page 0 comes first and is three quarters of the file: overwrite part of its tiles.
        Array.Fill(pyramid, (byte)0xA5, pyramid.Length / 10, pyramid.Length / 10);
        using (var small = Image.ThumbnailBuffer(pyramid, 256, optionString: "fail_on=warning")) Assert.Equal(256, small.Width);

        var outcome = await Processor().ProcessAsync(Spool(pyramid), "image/tiff");

        Assert.IsType<ProcessedImage.Invalid>(outcome);
    }

    [Fact]
    public async Task A_baseline_jpeg_streams_within_a_small_budget_and_yields_every_thumbnail()
    {
        using var noise = Image.Gaussnoise(4000, 3000, sigma: 60);
        var jpeg = noise.Cast(Enums.BandFormat.Uchar).JpegsaveBuffer(q: 85);
        var processor = Processor(options => options.DecodeMemoryBytes = 16L << 20);
        using var decodeTimes = new MetricCollector<double>(_meters, IngestMetrics.MeterName, "ingest.decode.duration");
        using var decodeMemory = new MetricCollector<long>(_meters, IngestMetrics.MeterName, "ingest.decode.memory");

        var outcome = Assert.IsType<ProcessedImage.Valid>(await processor.ProcessAsync(Spool(jpeg), "image/jpeg"));

        Assert.Equal((4000, 3000, "jpeg"), (outcome.Width, outcome.Height, outcome.Format));
        Assert.Equal([(1024, 1024, 768), (256, 256, 192)], outcome.Thumbnails.Select(t => (t.Size, t.Width, t.Height)));
        Assert.Equal(1, processor.DecodesStarted);
        var decoded = Assert.Single(decodeTimes.GetMeasurementSnapshot());
        Assert.Equal("valid", decoded.Tags["outcome"]);
        Assert.True(decoded.Value > 0);
        Assert.InRange(Assert.Single(decodeMemory.GetMeasurementSnapshot()).Value, 1, 16L << 20);
    }

    [Fact]
    public async Task Bytes_of_another_type_than_declared_are_refused_without_a_decode()
    {
        var processor = Processor();

        var outcome = await processor.ProcessAsync(Spool(TestImages.Jpeg(64, 48)), "image/png");

        Assert.Contains("not a valid image/png", Assert.IsType<ProcessedImage.Invalid>(outcome).Reason);
        Assert.Equal(0, processor.DecodesStarted);
    }

    [Theory]
    [InlineData(640, 480, true)]
    [InlineData(300, 900, false)]
    public async Task A_valid_image_gets_a_thumbhash_placeholder_of_its_shape(int width, int height, bool landscape)
    {
        var outcome = Assert.IsType<ProcessedImage.Valid>(await Processor().ProcessAsync(Spool(TestImages.Png(width, height)), "image/png"));

        var hash = Convert.FromBase64String(outcome.Placeholder);
        Assert.InRange(hash.Length, 5, 40);
        Assert.Equal(landscape, (hash[4] & 0x80) != 0); // ThumbHash's landscape bit
        Assert.Equal(0, hash[2] & 0x80); // opaque: no alpha flag
    }

    [Fact]
    public async Task Time_spent_waiting_for_the_decode_thread_does_not_count_against_the_decode_deadline()
    {
        var clock = new FakeTimeProvider();
        var (processor, threads) = Processor(options => options.DecodeTimeout = TimeSpan.FromSeconds(1), clock);
        var gate = Occupy(threads);

        var queued = processor.ProcessAsync(Spool(TestImages.Jpeg(640, 480)), "image/jpeg");
        clock.Advance(TimeSpan.FromSeconds(20)); // far past the deadline and its grace, within Ingest:QueueTimeout
        Assert.False(queued.IsCompleted);
        gate.Set();

        Assert.IsType<ProcessedImage.Valid>(await queued.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_job_that_waits_past_the_queue_timeout_is_busy_and_is_neither_given_a_turn_nor_decoded()
    {
        var clock = new FakeTimeProvider();
        var (processor, threads) = Processor(options => options.QueueTimeout = TimeSpan.FromSeconds(5), clock);
        var gate = Occupy(threads);

        var queued = processor.TakeTurnAsync(Spool(TestImages.Jpeg(640, 480)), "image/jpeg");
        clock.Advance(TimeSpan.FromSeconds(6));

        using var turn = await queued.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Ingest:QueueTimeout", Assert.IsType<ProcessedImage.Busy>(turn.Ended).Reason);
        Assert.Throws<InvalidOperationException>(() => { _ = turn.DecodeAsync(); }); // nobody may charge or decode it
        gate.Set();
        await threads.RunAsync(() => true); // the thread has passed the abandoned job
        Assert.Equal(0, processor.DecodesStarted);
    }

    [Fact]
    public async Task A_turn_is_given_only_when_a_thread_takes_the_job_so_the_queue_behind_it_is_never_charged_for_it()
    {
        var (processor, threads) = Processor(null, TimeProvider.System);
        var gate = Occupy(threads);
        var turns = new[] { 1, 2, 3 }.Select(_ => processor.TakeTurnAsync(Spool(TestImages.Jpeg(64, 48)), "image/jpeg")).ToArray();

        Assert.All(turns, turn => Assert.False(turn.IsCompleted));
        gate.Set();
        using var first = await turns[0].WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(first.Ended);
        // The thread holds the first job, waiting for the word (the charge is recorded now): the others wait their turn.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.False(turns[1].IsCompleted);
        Assert.Equal(0, processor.DecodesStarted);

        Assert.IsType<ProcessedImage.Valid>(await first.DecodeAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        using var second = await turns[1].WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(turns[2].IsCompleted);
        Assert.IsType<ProcessedImage.Valid>(await second.DecodeAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        using var third = await turns[2].WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<ProcessedImage.Valid>(await third.DecodeAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(3, processor.DecodesStarted);
    }

    [Fact]
    public async Task A_turn_let_go_without_decoding_frees_its_thread_for_the_next_job()
    {
        var (processor, _) = Processor(null, TimeProvider.System);

        var first = await processor.TakeTurnAsync(Spool(TestImages.Jpeg(64, 48)), "image/jpeg").WaitAsync(TimeSpan.FromSeconds(30));
        var next = processor.TakeTurnAsync(Spool(TestImages.Jpeg(64, 48)), "image/jpeg");
        first.Dispose(); // as when recording the attempt failed

        using var turn = await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<ProcessedImage.Valid>(await turn.DecodeAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, processor.DecodesStarted);
    }

    private ImageProcessor Processor(Action<IngestOptions>? configure = null) => Processor(configure, TimeProvider.System).Processor;

    private (ImageProcessor Processor, DecodeThreads Threads) Processor(Action<IngestOptions>? configure, TimeProvider clock)
    {
        var ingest = new IngestOptions { MaxConcurrentDecodes = 1 };
        configure?.Invoke(ingest);
        var options = Options.Create(ingest);
        var threads = new DecodeThreads(options);
        _owned.Add(threads);
        return (new ImageProcessor(options, new DecodeBudget(options), threads, clock, new IngestMetrics(_meters)), threads);
    }

    /// <summary>Occupies the one decode thread until the returned gate is set.</summary>
    private ManualResetEventSlim Occupy(DecodeThreads threads)
    {
        var gate = new ManualResetEventSlim();
        _owned.Add(gate);
        _ = threads.RunAsync(() => gate.Wait(TimeSpan.FromMinutes(1)));
        return gate;
    }

    private string Spool(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), "processor-test-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
        foreach (var file in _files) File.Delete(file);
    }
}

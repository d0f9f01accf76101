using System.Diagnostics.Metrics;
using AppHost.Tests;
using CloudImageService.Images;
using CloudImageService.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
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

    private ImageProcessor Processor(Action<IngestOptions>? configure = null)
    {
        var ingest = new IngestOptions { MaxConcurrentDecodes = 1 };
        configure?.Invoke(ingest);
        var options = Options.Create(ingest);
        var threads = new DecodeThreads(options);
        _owned.Add(threads);
        return new ImageProcessor(options, new DecodeBudget(options), threads, TimeProvider.System, new IngestMetrics(_meters));
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

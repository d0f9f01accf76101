using AppHost.Tests;
using CloudImageService.Ingest;
using Microsoft.Extensions.Options;
using NetVips;

namespace ImageApi.Tests.Ingest;

/// <summary>What a decode will hold, read from headers of real files, and the share of memory one decode may use.</summary>
public sealed class DecodeBudgetTests
{
    private const long MiB = 1024 * 1024;

    public static TheoryData<string, Func<byte[]>, long> Headers => new()
    {
        // width × height × bands × bytes per sample, for loaders that hold the whole frame
        { "interlaced 16-bit RGBA PNG", () => HostileImages.InterlacedPng16(10_000, 10_000), 10_000L * 10_000 * 4 * 2 },
        { "GIF canvas", () => HostileImages.GifCanvas(10_000), 10_000L * 10_000 * 4 },
        { "lossless WebP", () => HostileImages.LosslessWebp(10_000), 10_000L * 10_000 * 4 },
        { "animated WebP: canvas and previous frame", () => HostileImages.AnimatedWebpCanvas(10_000), 2 * 10_000L * 10_000 * 4 },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Whole_frame_loaders_are_charged_for_the_whole_frame(string _, Func<byte[]> make, long frameBytes)
    {
        using var header = Image.NewFromBuffer(make(), access: Enums.Access.Sequential);

        var cost = DecodeBudget.Estimate(header, (string)header.Get("vips-loader"));

        Assert.True(cost.WholeFrame);
        Assert.InRange(cost.Bytes, frameBytes, frameBytes + 20 * MiB);
    }

    [Fact]
    public void A_baseline_jpeg_is_charged_for_a_strip_of_lines_not_its_frame()
    {
        // Only the header counts: a flat frame encodes in a fraction of the time noise takes at 48 MP.
        using var flat = Image.Black(8000, 6000, bands: 3);
        using var header = Image.NewFromBuffer(flat.JpegsaveBuffer(), access: Enums.Access.Sequential);

        var cost = DecodeBudget.Estimate(header, (string)header.Get("vips-loader"));

        Assert.False(cost.WholeFrame);
        Assert.InRange(cost.Bytes, 1, 8 * MiB);
    }

    [Fact]
    public void A_progressive_jpeg_is_charged_for_its_coefficients()
    {
        using var source = Image.NewFromBuffer(TestImages.Jpeg(2000, 1000));
        using var header = Image.NewFromBuffer(source.JpegsaveBuffer(interlace: true), access: Enums.Access.Sequential);

        var cost = DecodeBudget.Estimate(header, (string)header.Get("vips-loader"));

        Assert.True(cost.WholeFrame);
        Assert.True(cost.Bytes >= 2000L * 1000 * 3 * 2);
    }

    [Fact]
    public void The_budget_is_half_of_what_the_api_does_not_reserve_shared_by_the_decode_threads()
    {
        var budget = new DecodeBudget(Options.Create(new IngestOptions { MaxConcurrentDecodes = 2, ReservedMemoryBytes = 256 * MiB }));

        Assert.Equal((budget.MemoryLimitBytes - 256 * MiB) / 2 / 2, budget.BytesPerDecode);
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, budget.MemoryLimitBytes);
    }

    [Fact]
    public void A_configured_budget_replaces_the_derived_one()
    {
        var budget = new DecodeBudget(Options.Create(new IngestOptions { DecodeMemoryBytes = 100 * MiB }));

        Assert.Equal(100 * MiB, budget.BytesPerDecode);
        Assert.False(budget.Admits(new DecodeCost(100 * MiB + 1, WholeFrame: true)));
        Assert.True(budget.Admits(new DecodeCost(100 * MiB, WholeFrame: true)));
    }
}

using System.Diagnostics.Metrics;
using System.Text;
using CloudImageService.Images;
using CloudImageService.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetVips;

namespace ImageApi.Tests.Ingest;

/// <summary>
/// Capture metadata read at ingest from real files: JPEGs whose EXIF libvips writes from <c>exif-*</c> fields, some
/// then patched byte by byte into what no well-behaved tool writes (bytes that are not UTF-8, control characters).
/// </summary>
public sealed class CaptureMetadataTests : IDisposable
{
    private readonly List<string> _files = [];
    private readonly List<IDisposable> _owned = [];
    private readonly IMeterFactory _meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    [Fact]
    public async Task A_photo_yields_its_capture_time_with_offset_and_sub_seconds_its_camera_lens_and_orientation()
    {
        var jpeg = Jpeg(orientation: 6,
            ("exif-ifd2-DateTimeOriginal", "2019:07:04 18:30:12"), ("exif-ifd2-OffsetTimeOriginal", "+02:00"),
            ("exif-ifd2-SubSecTimeOriginal", "34"), ("exif-ifd0-Make", "Canon"), ("exif-ifd0-Model", "Canon EOS 5D Mark IV"),
            ("exif-ifd2-LensModel", "EF24-70mm f/2.8L II USM"));

        var capture = await CaptureOf(jpeg);

        Assert.Equal(new DateTime(2019, 7, 4, 18, 30, 12, 340), capture.LocalTime);
        Assert.Equal(TimeSpan.FromHours(2), capture.Offset);
        Assert.Equal("2019-07-04T18:30:12.34+02:00", capture.TakenAtText);
        Assert.Equal(new DateTimeOffset(2019, 7, 4, 16, 30, 12, 340, TimeSpan.Zero), capture.TakenAt);
        Assert.Equal(("Canon", "Canon EOS 5D Mark IV", "EF24-70mm f/2.8L II USM", 6), (capture.CameraMake, capture.CameraModel, capture.Lens, capture.Orientation));
    }

    [Fact]
    public async Task A_capture_time_without_an_offset_keeps_its_local_time_and_says_the_offset_is_unknown()
    {
        var capture = await CaptureOf(Jpeg(("exif-ifd2-DateTimeOriginal", "2021:12:31 23:59:58")));

        Assert.Equal(new DateTime(2021, 12, 31, 23, 59, 58), capture.LocalTime);
        Assert.Null(capture.Offset);
        Assert.Null(capture.TakenAt);
        Assert.Equal("2021-12-31T23:59:58", capture.TakenAtText);
    }

    [Theory]
    [InlineData("0000:00:00 00:00:00")]
    [InlineData("9999:12:31 23:59:59")]
    [InlineData("    :  :     :  :  ")]
    [InlineData("2019:13:45 25:61:00")]
    [InlineData("1800:01:01 00:00:00")]
    public async Task An_absurd_original_time_is_dropped_for_the_digitized_time_then_the_file_time(string absurd)
    {
        var digitized = await CaptureOf(Jpeg(("exif-ifd2-DateTimeOriginal", absurd), ("exif-ifd2-DateTimeDigitized", "2018:05:06 07:08:09"),
            ("exif-ifd0-DateTime", "2020:01:01 00:00:00")));
        var fileTime = await CaptureOf(Jpeg(("exif-ifd2-DateTimeOriginal", absurd), ("exif-ifd2-DateTimeDigitized", absurd),
            ("exif-ifd0-DateTime", "2020:01:02 03:04:05"), ("exif-ifd0-Make", "Nikon")));

        Assert.Equal(new DateTime(2018, 5, 6, 7, 8, 9), digitized.LocalTime);
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5), fileTime.LocalTime);
    }

    [Fact]
    public async Task Only_absurd_times_leave_the_capture_time_unknown_and_the_image_valid()
    {
        var capture = await CaptureOf(Jpeg(("exif-ifd2-DateTimeOriginal", "9999:12:31 23:59:59"), ("exif-ifd0-Make", "Nikon")));

        Assert.Null(capture.LocalTime);
        Assert.Null(capture.TakenAtText);
        Assert.Equal("Nikon", capture.CameraMake);
    }

    [Theory]
    [InlineData("+14:01")]
    [InlineData("+25:00")]
    [InlineData("02:00")]
    [InlineData("+02:75")]
    [InlineData("local")]
    public async Task An_impossible_offset_is_unknown_and_the_local_time_kept(string offset)
    {
        var capture = await CaptureOf(Jpeg(("exif-ifd2-DateTimeOriginal", "2019:07:04 18:30:12"), ("exif-ifd2-OffsetTimeOriginal", offset)));

        Assert.Equal(new DateTime(2019, 7, 4, 18, 30, 12), capture.LocalTime);
        Assert.Null(capture.Offset);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_and_control_characters_are_removed_from_camera_names()
    {
        var jpeg = Jpeg(("exif-ifd0-Make", "MAKE@@@@@@@@"), ("exif-ifd0-Model", "EOS_(R)_5"), ("exif-ifd2-LensModel", "LENS########"));
        jpeg = Patch(jpeg, "MAKE@@@@@@@@", [(byte)'E', 0xFF, 0xFE, (byte)'v', 0x01, 0x1B, (byte)'[', (byte)'3', (byte)'1', (byte)'m', 0xC3, (byte)'l']);
        jpeg = Patch(jpeg, "EOS_(R)_5", Encoding.ASCII.GetBytes("EOS (R) 5"));
        jpeg = Patch(jpeg, "LENS########", Encoding.UTF8.GetBytes("\u202Eevil\tlens"));

        var processed = Assert.IsType<ProcessedImage.Valid>(await Processor().ProcessAsync(Spool(jpeg), "image/jpeg"));

        var capture = processed.Capture!;
        Assert.Equal("Ev[31ml", capture.CameraMake);
        Assert.Equal("EOS (R) 5", capture.CameraModel);
        Assert.Equal("evil lens", capture.Lens);
    }

    [Fact]
    public async Task An_oversized_string_is_cut_to_its_first_hundred_characters()
    {
        var capture = await CaptureOf(Jpeg(("exif-ifd2-LensModel", new string('L', 5000)), ("exif-ifd0-Model", "  " + new string('M', 150) + "  ")));

        Assert.Equal(new string('L', CaptureReader.MaxTextLength), capture.Lens);
        Assert.Equal(new string('M', CaptureReader.MaxTextLength), capture.CameraModel);
    }

    [Fact]
    public async Task The_gps_position_is_read_only_when_locations_are_kept()
    {
        var jpeg = Jpeg(("exif-ifd2-DateTimeOriginal", "2019:07:04 18:30:12"),
            ("exif-ifd3-GPSLatitude", "51/1 30/1 2692/100"), ("exif-ifd3-GPSLatitudeRef", "N"),
            ("exif-ifd3-GPSLongitude", "0/1 7/1 3996/100"), ("exif-ifd3-GPSLongitudeRef", "W"));

        var dropped = await CaptureOf(jpeg);
        var kept = await CaptureOf(jpeg, keepLocation: true);

        Assert.Null(dropped.Location);
        Assert.Equal(new GeoPosition(51.507478, -0.127767), kept.Location);
    }

    [Theory]
    [InlineData("91/1 0/1 0/1", "N")]
    [InlineData("51/0 30/1 0/1", "N")]
    [InlineData("51/1 30/1 0/1", "X")]
    [InlineData("0/1 0/1 0/1", "N")]
    public async Task A_position_that_cannot_be_true_is_dropped(string latitude, string reference)
    {
        var jpeg = Jpeg(("exif-ifd3-GPSLatitude", latitude), ("exif-ifd3-GPSLatitudeRef", reference),
            ("exif-ifd3-GPSLongitude", "0/1 0/1 0/1"), ("exif-ifd3-GPSLongitudeRef", "E"), ("exif-ifd0-Make", "Nikon"));

        Assert.Null((await CaptureOf(jpeg, keepLocation: true)).Location);
    }

    [Fact]
    public async Task An_image_without_metadata_has_no_capture()
    {
        using var pixels = Pixels();
        var processed = Assert.IsType<ProcessedImage.Valid>(await Processor().ProcessAsync(Spool(pixels.PngsaveBuffer()), "image/png"));

        Assert.Null(processed.Capture);
    }

    [Theory]
    [InlineData("EOS 5D (EOS 5D, ASCII, 7 components, 7 bytes)", "EOS 5D")]
    [InlineData("EOS (R) 5 (EOS (R) 5, ASCII, 10 components, 10 bytes)", "EOS (R) 5")]
    [InlineData("51/1 30/1 2692/100 (51, 30, 26.92, Rational, 3 components, 24 bytes)", "51/1 30/1 2692/100")]
    [InlineData("no suffix at all", "no suffix at all")]
    public void The_raw_value_is_read_from_libvips_formatting(string formatted, string raw) =>
        Assert.Equal(raw, CaptureReader.ValueOf(formatted));

    [Fact]
    public async Task A_png_whose_only_metadata_is_xmp_written_by_exiftool_yields_its_capture_time_camera_and_lens()
    {
        var capture = await CaptureOf(AppHost.Tests.TestImages.Committed("photo-xmp.png"), contentType: "image/png");

        Assert.Equal("2018-03-10T14:05:09.5-05:00", capture.TakenAtText);
        Assert.Equal(("Apple", "iPhone 12", "iPhone 12 back camera 4.2mm f/1.6"), (capture.CameraMake, capture.CameraModel, capture.Lens));
    }

    [Fact]
    public async Task A_webp_with_exif_written_by_exiftool_yields_its_capture_time_and_camera()
    {
        var capture = await CaptureOf(AppHost.Tests.TestImages.Committed("photo-exif.webp"), contentType: "image/webp");

        Assert.Equal("2020-02-29T23:59:58+09:00", capture.TakenAtText);
        Assert.Equal(("FUJIFILM", "X-T4"), (capture.CameraMake, capture.CameraModel));
    }

    [Fact]
    public void Exif_wins_over_xmp_and_xmp_fills_what_exif_does_not_say()
    {
        var xmp = new Dictionary<string, string>
        {
            ["exif:DateTimeOriginal"] = "2001-01-01T00:00:00Z",
            ["tiff:Make"] = "XMP make",
            ["aux:Lens"] = "XMP lens",
        };
        string? Exif(string name) => name switch
        {
            "exif-ifd2-DateTimeOriginal" => "2019:07:04 18:30:12 (2019:07:04 18:30:12, ASCII, 20 components, 20 bytes)",
            "exif-ifd0-Make" => "Canon (Canon, ASCII, 6 components, 6 bytes)",
            _ => null,
        };

        var capture = CaptureReader.Read(Exif, DateTime.UtcNow, keepLocation: false, xmp);

        Assert.Equal("2019-07-04T18:30:12", capture.TakenAtText);
        Assert.Equal(("Canon", "XMP lens"), (capture.CameraMake, capture.Lens));
    }

    [Theory]
    [InlineData("2019-07-04T18:30:12.34+02:00", "2019-07-04T18:30:12.34+02:00")]
    [InlineData("2019-07-04T18:30:12Z", "2019-07-04T18:30:12+00:00")]
    [InlineData("2019-07-04T18:30", "2019-07-04T18:30:00")]
    [InlineData("2019-07-04", null)]
    [InlineData("2019-02-30T10:00:00", null)]
    [InlineData("1700-01-01T10:00:00", null)]
    [InlineData("2019-07-04T18:30:12+15:00", null)]
    [InlineData("July 4th", null)]
    public void Xmp_dates_are_iso_8601_with_optional_seconds_fraction_and_zone(string value, string? takenAt)
    {
        var capture = CaptureReader.Read(_ => null, DateTime.UtcNow, keepLocation: false,
            new Dictionary<string, string> { ["xmp:CreateDate"] = value });

        Assert.Equal(takenAt, capture.TakenAtText);
    }

    [Fact]
    public void Xmp_properties_are_read_from_attributes_and_elements_whatever_prefix_the_file_binds()
    {
        var packet = Encoding.UTF8.GetBytes("""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:e="http://ns.adobe.com/exif/1.0/" xmlns:t="http://ns.adobe.com/tiff/1.0/"
              e:DateTimeOriginal="2019-07-04T18:30:12"><t:Make>Smith &amp; Sons</t:Make><t:Model><rdf:Seq><rdf:li>x</rdf:li></rdf:Seq></t:Model><t:Orientation>6</t:Orientation></rdf:Description>
            </rdf:RDF></x:xmpmeta>
            """);

        var properties = XmpProperties.Parse(packet);

        Assert.Equal("2019-07-04T18:30:12", properties["exif:DateTimeOriginal"]);
        Assert.Equal("Smith & Sons", properties["tiff:Make"]);
        Assert.Equal("6", properties["tiff:Orientation"]); // read right after a structured value it skipped
        Assert.False(properties.ContainsKey("tiff:Model"));
    }

    [Fact]
    public void A_hostile_xmp_packet_reads_as_nothing_and_never_throws()
    {
        var entities = Encoding.UTF8.GetBytes("""
            <!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
              xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Make="&b;"/></x:xmpmeta>
            """);
        var external = Encoding.UTF8.GetBytes("""<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd"><x/>""");

        Assert.Empty(XmpProperties.Parse(entities));
        Assert.Empty(XmpProperties.Parse(external));
        Assert.Empty(XmpProperties.Parse(new byte[XmpProperties.MaxPacketBytes + 1]));
        Assert.Empty(XmpProperties.Parse("<x:xmpmeta"u8));
    }

    private async Task<CaptureMetadata> CaptureOf(byte[] jpeg, bool keepLocation = false, string contentType = "image/jpeg")
    {
        var processed = Assert.IsType<ProcessedImage.Valid>(
            await Processor(options => options.KeepLocation = keepLocation).ProcessAsync(Spool(jpeg), contentType));
        return Assert.IsType<CaptureMetadata>(processed.Capture);
    }

    private static Image Pixels() => Image.Black(64, 48, bands: 3).Linear([1.0], [128.0]).Cast(Enums.BandFormat.Uchar);

    /// <summary>A JPEG whose EXIF libvips builds from <paramref name="fields"/> on save.</summary>
    internal static byte[] Jpeg(int? orientation = null, params (string Name, string Value)[] fields)
    {
        using var pixels = Pixels();
        using var tagged = pixels.Mutate(image =>
        {
            foreach (var (name, value) in fields) image.Set(GValue.RefStrType, name, value);
            if (orientation is { } o) image.Set(GValue.GIntType, "orientation", o);
        });
        return tagged.JpegsaveBuffer();
    }

    private static byte[] Jpeg(params (string Name, string Value)[] fields) => Jpeg(null, fields);

    /// <summary>The file with <paramref name="placeholder"/> overwritten by as many other bytes: the EXIF stays well formed.</summary>
    private static byte[] Patch(byte[] file, string placeholder, byte[] replacement)
    {
        var at = file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(placeholder));
        Assert.True(at >= 0, $"'{placeholder}' is not in the file.");
        Assert.Equal(placeholder.Length, replacement.Length);
        var patched = (byte[])file.Clone();
        replacement.CopyTo(patched, at);
        return patched;
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
        var path = Path.Combine(Path.GetTempPath(), "capture-test-" + Guid.NewGuid().ToString("N"));
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

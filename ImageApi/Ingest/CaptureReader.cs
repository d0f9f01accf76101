using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CloudImageService.Images;
using Image = NetVips.Image;

namespace CloudImageService.Ingest;

/// <summary>
/// Reads when, with what and where a photo was taken from the EXIF fields libvips exposes on an opened image's header
/// (no pixel is decoded). The file is the uploader's: every field is checked and cleaned, and one that cannot be true
/// (a date of year 0 or 9999, an offset past ±14 h, a latitude past 90°, a string of control characters) is dropped
/// alone, never the image and never the request.
/// Capture time follows Immich's order: DateTimeOriginal, then DateTimeDigitized (ExifTool's CreateDate), then the
/// file's DateTime, each with its own offset and sub-seconds tags. A time without an offset keeps its wall clock and
/// an unknown offset: nothing is inferred from the upload.
/// </summary>
public static partial class CaptureReader
{
    /// <summary>Longest camera make, model or lens kept, in characters; longer ones are cut.</summary>
    public const int MaxTextLength = 100;

    /// <summary>The first photograph: an earlier capture time is a blank or broken clock.</summary>
    public static readonly DateTime Earliest = new(1826, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    // A local time is at most 14 h ahead of UTC; a day more is a camera's clock a little ahead, not a photo of the future.
    private static readonly TimeSpan AheadOfNow = TimeSpan.FromDays(2);
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    private static readonly (string Time, string Offset, string SubSeconds)[] TimeTags =
    [
        ("exif-ifd2-DateTimeOriginal", "exif-ifd2-OffsetTimeOriginal", "exif-ifd2-SubSecTimeOriginal"),
        ("exif-ifd2-DateTimeDigitized", "exif-ifd2-OffsetTimeDigitized", "exif-ifd2-SubSecTimeDigitized"),
        ("exif-ifd0-DateTime", "exif-ifd2-OffsetTime", "exif-ifd2-SubSecTime"),
    ];

    /// <summary>The capture metadata of <paramref name="header"/>, or null when it says nothing usable.</summary>
    public static CaptureMetadata? Read(Image header, DateTime utcNow, bool keepLocation)
    {
        string? Field(string name) => RawString(header, name);
        var capture = Read(Field, utcNow, keepLocation, XmpOf(header));
        // Upright is what libvips (and many tools) write into every file they save: alone it says nothing of a capture.
        return (capture with { Orientation = capture.Orientation == 1 ? null : capture.Orientation }).IsEmpty ? null : capture;
    }

    /// <summary>
    /// The same from fields already read (<paramref name="field"/> gives libvips' string of an EXIF field, or null), with
    /// the file's XMP properties (<see cref="XmpProperties"/>) for what its EXIF does not say: EXIF first, as Immich.
    /// </summary>
    public static CaptureMetadata Read(Func<string, string?> field, DateTime utcNow, bool keepLocation, IReadOnlyDictionary<string, string>? xmp = null)
    {
        string? Xmp(string name) => xmp is not null && xmp.TryGetValue(name, out var value) ? value : null;
        // From the EXIF tag itself: libvips reports an orientation of 1 for every image that has none.
        var orientation = int.TryParse(ValueOf(field("exif-ifd0-Orientation")), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : (int?)null;
        var capture = new CaptureMetadata
        {
            CameraMake = CleanText(ValueOf(field("exif-ifd0-Make"))) ?? CleanText(Xmp("tiff:Make")),
            CameraModel = CleanText(ValueOf(field("exif-ifd0-Model"))) ?? CleanText(Xmp("tiff:Model")),
            Lens = CleanText(ValueOf(field("exif-ifd2-LensModel"))) ?? CleanText(Xmp("exifEX:LensModel")) ?? CleanText(Xmp("aux:Lens")),
            Orientation = orientation is >= 1 and <= 8 ? orientation : null,
            Location = keepLocation ? LocationOf(field) : null,
        };
        foreach (var (timeTag, offsetTag, subSecondsTag) in TimeTags)
        {
            if (ParseLocalTime(ValueOf(field(timeTag)), ValueOf(field(subSecondsTag))) is not { } local) continue;
            var offset = ParseOffset(ValueOf(field(offsetTag)));
            // The clock may be a little ahead, never years: compare as UTC when the offset is known, as local otherwise.
            var asUtc = offset is { } known ? local - known : local;
            if (asUtc > utcNow + AheadOfNow) continue;
            return capture with { LocalTime = local, Offset = offset };
        }
        foreach (var tag in XmpTimeTags)
        {
            if (ParseXmpTime(Xmp(tag)) is not var (local, offset)) continue;
            if ((offset is { } known ? local - known : local) > utcNow + AheadOfNow) continue;
            return capture with { LocalTime = local, Offset = offset };
        }
        return capture;
    }

    // XMP's names for the same three moments, in the same order.
    private static readonly string[] XmpTimeTags = ["exif:DateTimeOriginal", "xmp:CreateDate", "photoshop:DateCreated"];

    /// <summary>
    /// An XMP date (ISO 8601: "2019-07-04T18:30:12.34+02:00", seconds, fraction and zone optional); null for a date
    /// without a time of day, or when absurd.
    /// </summary>
    public static (DateTime Local, TimeSpan? Offset)? ParseXmpTime(string? value)
    {
        var match = value is null ? Match.Empty : XmpTimePattern().Match(value.Trim());
        if (!match.Success) return null;
        var seconds = match.Groups["s"].Success ? match.Groups["s"].Value : "00";
        var local = ParseLocalTime($"{match.Groups["date"].Value} {match.Groups["hm"].Value}:{seconds}", match.Groups["f"].Value);
        if (local is null) return null;
        var zone = match.Groups["zone"].Value;
        if (zone.Length == 0) return (local.Value, null);
        return ParseOffset(zone) is { } offset ? (local.Value, offset) : null;
    }

    private static IReadOnlyDictionary<string, string>? XmpOf(Image header) =>
        header.GetTypeOf("xmp-data") != 0 && header.Get("xmp-data") is byte[] packet ? XmpProperties.Parse(packet) : null;

    /// <summary>
    /// The value of a field as libvips formats it, "raw (human, format, n components, n bytes)": the raw part. For ASCII
    /// fields the two halves are the same string, which may itself hold " (" (a model called "X (Y)").
    /// </summary>
    public static string? ValueOf(string? formatted)
    {
        if (formatted is null) return null;
        var suffix = FieldSuffix().Match(formatted);
        if (!suffix.Success) return formatted;
        var body = formatted[..suffix.Index];
        if ((body.Length - 2) % 2 == 0 && body.Length >= 2)
        {
            var half = (body.Length - 2) / 2;
            if (string.CompareOrdinal(body, half, " (", 0, 2) == 0 && string.CompareOrdinal(body, 0, body, half + 2, half) == 0)
                return body[..half];
        }
        var open = body.IndexOf(" (", StringComparison.Ordinal);
        return open < 0 ? body : body[..open];
    }

    /// <summary>"2019:07:04 18:30:12" (EXIF; dashes and a T are tolerated) plus sub-seconds "34" (= .34 s); null when absurd.</summary>
    public static DateTime? ParseLocalTime(string? value, string? subSeconds)
    {
        if (value is null) return null;
        var text = value.Trim().TrimEnd('\0').Trim();
        if (text.Length < 19) return null;
        if (!DateTime.TryParseExact(text[..19], ["yyyy:MM:dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy:MM:dd'T'HH:mm:ss"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return null;
        }
        if (time < Earliest) return null;
        if (subSeconds?.Trim().TrimEnd('\0').Trim() is { Length: > 0 } fraction && fraction.All(char.IsAsciiDigit))
        {
            var digits = fraction.Length > 7 ? fraction[..7] : fraction.PadRight(7, '0');
            time = time.AddTicks(long.Parse(digits, CultureInfo.InvariantCulture));
        }
        return DateTime.SpecifyKind(time, DateTimeKind.Unspecified);
    }

    /// <summary>"+02:00", "-05:30" or "Z"; null when absent or past ±14 h.</summary>
    public static TimeSpan? ParseOffset(string? value)
    {
        var text = value?.Trim().TrimEnd('\0').Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text == "Z") return TimeSpan.Zero;
        var match = OffsetPattern().Match(text);
        if (!match.Success) return null;
        var (hours, minutes) = (int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture));
        var offset = new TimeSpan(hours, minutes, 0);
        if (minutes >= 60 || offset > MaxOffset) return null;
        return match.Groups["sign"].Value == "-" ? -offset : offset;
    }

    /// <summary>
    /// Printable text only: control and format characters (bidi overrides included) and undecodable bytes (U+FFFD)
    /// removed, whitespace collapsed, cut to <see cref="MaxTextLength"/> characters without splitting one; null when
    /// nothing is left.
    /// </summary>
    public static string? CleanText(string? value)
    {
        if (value is null) return null;
        var text = new StringBuilder(Math.Min(value.Length, MaxTextLength * 2));
        var space = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (text.Length >= MaxTextLength * 2) break;
            if (Rune.IsWhiteSpace(rune))
            {
                space = text.Length > 0;
                continue;
            }
            var category = Rune.GetUnicodeCategory(rune);
            if (rune == Rune.ReplacementChar || category is UnicodeCategory.Control or UnicodeCategory.Format
                    or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }
            if (space) text.Append(' ');
            space = false;
            text.Append(rune.ToString());
        }
        var cleaned = text.ToString();
        if (cleaned.Length > MaxTextLength)
        {
            var cut = MaxTextLength;
            if (char.IsLowSurrogate(cleaned[cut])) cut--;
            cleaned = cleaned[..cut].TrimEnd();
        }
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>GPS degrees, minutes, seconds and their hemisphere; null when missing, malformed, out of range or 0, 0 (no fix).</summary>
    public static GeoPosition? LocationOf(Func<string, string?> field)
    {
        var latitude = Degrees(ValueOf(field("exif-ifd3-GPSLatitude")), ValueOf(field("exif-ifd3-GPSLatitudeRef")), 'N', 'S', 90);
        var longitude = Degrees(ValueOf(field("exif-ifd3-GPSLongitude")), ValueOf(field("exif-ifd3-GPSLongitudeRef")), 'E', 'W', 180);
        if (latitude is not { } lat || longitude is not { } lon || (lat == 0 && lon == 0)) return null;
        return new GeoPosition(Math.Round(lat, 6), Math.Round(lon, 6));
    }

    private static double? Degrees(string? rationals, string? reference, char positive, char negative, double limit)
    {
        if (rationals is null) return null;
        var parts = rationals.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 3) return null;
        double total = 0, scale = 1;
        foreach (var part in parts)
        {
            if (Rational(part) is not { } value || value < 0) return null;
            total += value / scale;
            scale *= 60;
        }
        var hemisphere = reference?.Trim().TrimEnd('\0').Trim().ToUpperInvariant();
        if (hemisphere == negative.ToString()) total = -total;
        else if (hemisphere != positive.ToString()) return null;
        return double.IsFinite(total) && Math.Abs(total) <= limit ? total : null;
    }

    private static double? Rational(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
        if (!long.TryParse(text.AsSpan(0, slash), NumberStyles.Integer, CultureInfo.InvariantCulture, out var numerator)
            || !long.TryParse(text.AsSpan(slash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var denominator)
            || denominator == 0)
        {
            return null;
        }
        return (double)numerator / denominator;
    }

    private static string? RawString(Image header, string name)
    {
        if (header.GetTypeOf(name) == 0) return null;
        return header.Get(name) as string;
    }

    [GeneratedRegex(@", [A-Za-z ]+, \d+ components, \d+ bytes\)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FieldSuffix();

    [GeneratedRegex(@"^(?<sign>[+-])(?<h>\d{2}):?(?<m>\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})T(?<hm>\d{2}:\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{1,9}))?)?(?<zone>Z|[+-]\d{2}:\d{2})?$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex XmpTimePattern();
}

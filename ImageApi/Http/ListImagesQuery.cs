using System.ComponentModel;
using System.Globalization;
using CloudImageService.Images;
using Microsoft.AspNetCore.Mvc;

namespace CloudImageService.Http;

/// <summary>Query string of GET /images. Everything arrives as text and is checked here, so bad input is a 400 naming the field.</summary>
public sealed record ListImagesQuery(
    [property: FromQuery(Name = "user_id"), Description("Only this user's images (a GSI query, newest first).")] string? UserId,
    [property: FromQuery(Name = "tag"), Description("Only images carrying this tag.")] string? Tag,
    [property: FromQuery(Name = "start_date"), Description("ISO 8601 date or date-time (UTC unless an offset is given); inclusive.")]
    string? StartDate,
    [property: FromQuery(Name = "end_date"), Description("ISO 8601 date or date-time; inclusive (a date alone means the whole day).")]
    string? EndDate,
    [property: FromQuery(Name = "limit"), Description("Page size, 1 to 1000.")] string? Limit,
    [property: FromQuery(Name = "cursor"), Description("Opaque cursor from the previous page's Link rel=\"next\" header.")] string? Cursor,
    [property: FromQuery(Name = "thumbnail_size"),
        Description("Adds thumbnail_url, a presigned URL of the thumbnail of this size (e.g. 256), to every available image.")]
    string? ThumbnailSize,
    [property: FromQuery(Name = "trashed"),
        Description("true lists the trash instead: trashed images with trashed_at and purge_at, soonest purged last (newest first).")]
    string? Trashed = null,
    [property: FromQuery(Name = "order"),
        Description("uploaded (the default): newest upload first. taken: the timeline, newest photo first by when it was taken "
                    + "(images whose file does not say, by their upload time); start_date and end_date then bound that time.")]
    string? Order = null)
{
    /// <summary>Checks every parameter; <paramref name="callerId"/> (null when auth is off) is the only caller a cursor serves.</summary>
    public bool TryParse(ImageOptions limits, PageCursorProtector cursors, IImageCatalog catalog, string? callerId, out ImageListRequest request,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        request = default!;

        if (InputRules.CheckUserId(UserId, limits.MaxUserIdLength, required: false) is { } userIdError)
            errors["user_id"] = [userIdError];
        if (Tag is not null && InputRules.CheckText(Tag, "tag", limits.MaxTagLength) is { } tagError)
            errors["tag"] = [tagError];

        var from = ParseDate(StartDate, "start_date", endOfDay: false, errors);
        var to = ParseDate(EndDate, "end_date", endOfDay: true, errors);
        if (from > to) errors["end_date"] = ["end_date must not be before start_date."];

        var pageSize = limits.DefaultPageSize;
        if (Limit is not null && (Limit.Length is 0 or > 4 || !Limit.All(char.IsAsciiDigit)
                                  || !int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize)
                                  || pageSize < 1 || pageSize > limits.MaxPageSize))
            errors["limit"] = [$"limit must be a whole number from 1 to {limits.MaxPageSize}."];

        if (ParseFlag(Trashed, "trashed", errors) is not { } trashed) trashed = false;

        var order = ParseOrder(Order, errors);
        var filter = new ImageListFilter(UserId, Tag?.Trim(), from, to, trashed, order);
        PageCursor? cursor = null;
        if (Cursor is not null && CursorError(cursors.Check(Cursor, filter, callerId, out cursor), cursors.Lifetime) is { } cursorError)
            errors["cursor"] = [cursorError];
        // The store says which positions belong to a listing: a second line of defence behind the cursor's tag.
        else if (cursor is not null && !catalog.IsListingPosition(filter, cursor.LastKey))
            errors["cursor"] = [CursorNotOfThisListing];

        if (errors.Count > 0) return false;
        request = new ImageListRequest(filter, pageSize, cursor, limits.MaxStoragePagesPerList);
        return true;
    }

    /// <summary>Why a cursor that is not ours, was edited, or was issued for another listing or position is refused.</summary>
    private const string CursorNotOfThisListing = "cursor is not valid for this listing (other filters?); start again without it.";

    private static string? CursorError(CursorCheck check, TimeSpan lifetime) => check switch
    {
        CursorCheck.Valid => null,
        CursorCheck.Expired => $"cursor expired (cursors serve for {lifetime:c}); list again without it for a fresh one.",
        CursorCheck.IssuedToAnotherCaller => "cursor was issued to another caller; list again without it for your own.",
        _ => CursorNotOfThisListing,
    };

    /// <summary>true or false (any case); absent is false; anything else is an error naming <paramref name="name"/>.</summary>
    public static bool? ParseFlag(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (text is null) return false;
        // Exactly the word: bool.TryParse would also take padding and trailing NULs ("true\0").
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) return false;
        errors[name] = [$"{name} must be true or false."];
        return null;
    }

    private static ImageOrder ParseOrder(string? text, Dictionary<string, string[]> errors)
    {
        if (text is null || string.Equals(text, "uploaded", StringComparison.OrdinalIgnoreCase)) return ImageOrder.Uploaded;
        if (string.Equals(text, "taken", StringComparison.OrdinalIgnoreCase)) return ImageOrder.Taken;
        errors["order"] = ["order must be uploaded or taken."];
        return ImageOrder.Uploaded;
    }

    private static DateTime? ParseDate(string? text, string name, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out var date))
            return !endOfDay ? date : date == DateTime.MaxValue.Date ? DateTime.MaxValue : date.AddDays(1).AddTicks(-1);
        if (text.Length >= 16 && text.Contains('T')
            && DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out var moment))
            return moment;
        errors[name] = [$"{name} must be an ISO 8601 date (2024-01-31) or date-time (2024-01-31T12:00:00Z)."];
        return null;
    }
}

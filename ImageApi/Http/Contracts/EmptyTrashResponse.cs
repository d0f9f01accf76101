using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

/// <summary>What emptying the trash removed.</summary>
public sealed record EmptyTrashResponse(
    string Message,
    [property: Description("Images deleted for good (bytes and all) by this call.")] int DeletedCount,
    [property: Description("True when the trash held more than one call empties: call again.")] bool More);

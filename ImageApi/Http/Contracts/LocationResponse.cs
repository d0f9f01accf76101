using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

/// <summary>A position in decimal degrees (WGS 84).</summary>
public sealed record LocationResponse(
    [property: Description("Degrees north (negative: south), -90 to 90.")] double Latitude,
    [property: Description("Degrees east (negative: west), -180 to 180.")] double Longitude);

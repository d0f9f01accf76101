namespace CloudImageService.Images;

/// <summary>Short codes of why an upload was refused: the tag of the refusals metric and what alarms filter on.</summary>
public static class RefusalReasons
{
    /// <summary>Empty, or its stored size or type differs from what the caller declared.</summary>
    public const string Declaration = "declaration";
    public const string TooLarge = "too_large";
    public const string Checksum = "checksum";
    /// <summary>Not the declared format, or a type this server cannot decode.</summary>
    public const string WrongType = "wrong_type";
    public const string Damaged = "damaged";
    public const string Pixels = "pixels";
    public const string Pages = "pages";
    public const string Memory = "memory";
    public const string Timeout = "timeout";
    /// <summary>Decodes ended without a verdict too often (the process died while decoding).</summary>
    public const string Attempts = "attempts";
    /// <summary>Keeping it would pass its owner's quota.</summary>
    public const string Quota = "quota";
}

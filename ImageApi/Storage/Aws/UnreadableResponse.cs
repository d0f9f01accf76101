using System.Diagnostics;
using Amazon.Runtime;

namespace CloudImageService.Storage.Aws;

/// <summary>
/// Recognises an exception the AWS SDK raised itself while reading a response (an ETag it reads as an MD5 that is not
/// hex, a header it cannot parse) rather than an error storage sent or a fault in our code: storage answered something
/// unreadable, which is as transient as any other storage fault.
/// </summary>
public static class UnreadableResponse
{
    public static bool Is(Exception exception) =>
        exception is FormatException or ArgumentException or OverflowException or IndexOutOfRangeException
        && ThrownInsideSdk(exception);

    /// <summary>The innermost frame outside the base class library is the SDK's (not our code called back by it).</summary>
    private static bool ThrownInsideSdk(Exception exception)
    {
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: false).GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            if (type is null || IsBaseClassLibrary(type)) continue;
            return type.Assembly == typeof(AmazonServiceClient).Assembly
                || type.Namespace?.StartsWith("Amazon.", StringComparison.Ordinal) == true;
        }
        return false;
    }

    private static bool IsBaseClassLibrary(Type type) =>
        type.Namespace is { } name && (name == "System" || name.StartsWith("System.", StringComparison.Ordinal));
}

using System.Text.Json;

namespace CloudImageService.Storage.Aws;

/// <summary>
/// One AWS request the API made, or a presigned URL it signed (the client's request is then authorized as the API):
/// what IAM evaluates it on. Keys name objects, <see cref="Prefix"/> is a listing's <c>s3:prefix</c>.
/// </summary>
public sealed record AwsCall(
    string Service,
    string Operation,
    string? Bucket = null,
    IReadOnlyList<string>? Keys = null,
    string? Prefix = null,
    string? SourceBucket = null,
    string? SourceKey = null,
    string? Table = null,
    string? Index = null,
    bool Presigned = false);

/// <summary>
/// Off unless <c>Diagnostics:AwsCallLog</c> names a directory: then every distinct <see cref="AwsCall"/> of this process
/// is appended to <c>{directory}/{process id}.jsonl</c>. The end-to-end tests turn it on and judge the calls against
/// the IAM policy the CDK app deploys.
/// </summary>
public static class AwsCallLog
{
    public const string DirectorySetting = "Diagnostics:AwsCallLog";

    private static readonly AsyncLocal<bool> Suppressed = new();
    private static readonly HashSet<string> Written = [];
    private static StreamWriter? _writer;

    public static bool IsEnabled => _writer is not null;

    public static void Enable(string directory)
    {
        lock (Written)
        {
            if (_writer is not null) return;
            Directory.CreateDirectory(directory);
            _writer = new StreamWriter(Path.Combine(directory, $"{Environment.ProcessId}.jsonl"), append: true) { AutoFlush = true };
        }
    }

    /// <summary>Calls made inside the scope are not recorded: the local modes' resource creation, which Aws mode never makes.</summary>
    public static IDisposable Suppress()
    {
        var previous = Suppressed.Value;
        Suppressed.Value = true;
        return new Restore(previous);
    }

    /// <summary>A presigned URL the API signed; nothing is built when recording is off (signing is on the hot path).</summary>
    public static void RecordPresigned(string operation, string bucket, string key)
    {
        if (IsEnabled) Record(new AwsCall("s3", operation, bucket, [key], Presigned: true));
    }

    public static void Record(AwsCall call)
    {
        if (_writer is null || Suppressed.Value) return;
        var line = JsonSerializer.Serialize(call, SerializerOptions);
        lock (Written)
        {
            if (Written.Add(line)) _writer.WriteLine(line);
        }
    }

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    private sealed class Restore(bool previous) : IDisposable
    {
        public void Dispose() => Suppressed.Value = previous;
    }
}

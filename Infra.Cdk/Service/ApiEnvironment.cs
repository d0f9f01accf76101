namespace CloudImageService.Infra.Service;

/// <summary>
/// The container's environment: ASP.NET Core configuration keys with <c>__</c> for <c>:</c>. The names are the keys the
/// ImageApi reads (StorageOptions, AuthOptions, the standard JwtBearer section); tests/Infra.Cdk.Tests feeds this
/// environment to the ImageApi's own configuration code to prove it.
/// </summary>
public static class ApiEnvironment
{
    public const int ContainerPort = 8080;

    public const string BucketName = "Storage__BucketName";
    public const string TableName = "Storage__TableName";
    public const string Region = "AWS_REGION";

    /// <summary>Explicit, not the Production default: the deployed API never runs without authentication.</summary>
    public const string AuthMode = "Auth__Mode";
    public const string AuthModeJwt = "Jwt";

    /// <summary>The issuer's metadata supplies the signing keys (the API refuses to start without keys or an authority).</summary>
    public const string JwtAuthority = "Authentication__Schemes__Bearer__Authority";
    public const string JwtValidIssuer = "Authentication__Schemes__Bearer__ValidIssuer";
    public const string JwtValidAudiencesPrefix = "Authentication__Schemes__Bearer__ValidAudiences__";

    /// <summary>
    /// The load balancer's addresses lie in the VPC: trust X-Forwarded-For/-Proto from there and nowhere else, so the
    /// API sees the client's address (per-address limits, logs) and https links behind an https listener.
    /// </summary>
    public const string ForwardedHeadersKnownNetwork = "ForwardedHeaders__KnownNetworks__0";

    public const string HttpPorts = "ASPNETCORE_HTTP_PORTS";

    /// <summary>
    /// The root filesystem is read-only; <see cref="ApiTask.ScratchPath"/> is the task's writable volume. .NET's
    /// Path.GetTempPath (ingest spools originals there), libvips' temporary images and the runtime's diagnostics socket
    /// all follow TMPDIR.
    /// </summary>
    public const string TempDirectory = "TMPDIR";

    /// <summary>ServiceDefaults exports OpenTelemetry over OTLP when this is set: to the <see cref="TelemetryCollector"/>.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The collector takes metrics only: traces and logs are not sent to it (logs reach CloudWatch through awslogs).</summary>
    public const string TracesExporter = "OTEL_TRACES_EXPORTER";
    public const string LogsExporter = "OTEL_LOGS_EXPORTER";

    /// <summary>No upload URL without a signed length: the original service's unsized request is refused (400 naming size_bytes).</summary>
    public const string RequireDeclaredSize = "Images__RequireDeclaredSize";

    /// <summary>How long the host lets requests and background work finish after SIGTERM (the standard HostOptions).</summary>
    public const string HostShutdownTimeout = "HostOptions__ShutdownTimeout";

    public static Dictionary<string, string> For(
        ServiceContext context, string bucketName, string tableName, string region, string vpcCidr)
    {
        var environment = new Dictionary<string, string>
        {
            [BucketName] = bucketName,
            [TableName] = tableName,
            [Region] = region,
            [AuthMode] = AuthModeJwt,
            [JwtAuthority] = context.JwtIssuer,
            [JwtValidIssuer] = context.JwtIssuer,
            [ForwardedHeadersKnownNetwork] = vpcCidr,
            [HttpPorts] = ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TempDirectory] = ApiTask.ScratchPath,
            [OtlpEndpoint] = TelemetryCollector.OtlpEndpoint,
            [TracesExporter] = "none",
            [LogsExporter] = "none",
            [RequireDeclaredSize] = "true",
            [HostShutdownTimeout] = TimeSpan.FromSeconds(GracefulStop.HostShutdownSeconds).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < context.JwtAudiences.Count; i++)
        {
            environment[JwtValidAudiencesPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                context.JwtAudiences[i];
        }
        return environment;
    }
}

namespace CloudImageService.AppHost.LocalAws;

/// <summary>Which S3 and DynamoDB the ImageApi talks to. Configuration key <c>LocalAws:Mode</c>.</summary>
public enum LocalAwsMode
{
    /// <summary>LocalStack when a container runtime answers, otherwise Emulators.</summary>
    Auto,
    /// <summary>A localstack/localstack container (needs Docker or Podman).</summary>
    LocalStack,
    /// <summary>dynalite and s3rver as Node.js processes: no container runtime needed.</summary>
    Emulators,
    /// <summary>Real AWS through the default credential chain; CDK owns the bucket and table.</summary>
    Aws,
}

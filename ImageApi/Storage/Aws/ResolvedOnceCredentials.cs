using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace CloudImageService.Storage.Aws;

/// <summary>
/// The SDK's default credential chain, resolved at the first call instead of on every call. A client built without
/// credentials asks the chain on each request whether the environment changed (several environment reads), and
/// environment credentials are read again each time; the profile showed both on every DynamoDB call. The provider
/// the chain picks still refreshes itself (container, instance profile, web identity); environment credentials,
/// which cannot change under a running process, are read once.
/// </summary>
public sealed class ResolvedOnceCredentials(IClientConfig config) : AWSCredentials
{
    private readonly Lazy<AWSCredentials> _resolved = new(() => Snapshot(DefaultAWSCredentialsIdentityResolver.GetCredentials(config)),
        LazyThreadSafetyMode.PublicationOnly);

    public override ImmutableCredentials GetCredentials() => _resolved.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _resolved.Value.GetCredentialsAsync();

    /// <summary>When the credentials last handed out stop working (temporary ones); null for long-term keys.</summary>
    public override DateTime? Expiration
    {
        get => _resolved.Value.Expiration;
        set => _resolved.Value.Expiration = value;
    }

    private static AWSCredentials Snapshot(AWSCredentials credentials)
    {
        if (credentials is not EnvironmentVariablesAWSCredentials) return credentials;
        var current = credentials.GetCredentials();
        return current.UseToken
            ? new SessionAWSCredentials(current.AccessKey, current.SecretKey, current.Token)
            : new BasicAWSCredentials(current.AccessKey, current.SecretKey);
    }
}

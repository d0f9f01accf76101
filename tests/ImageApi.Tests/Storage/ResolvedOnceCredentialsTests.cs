using Amazon;
using Amazon.DynamoDBv2;
using CloudImageService.Storage.Aws;

namespace ImageApi.Tests.Storage;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "The process environment (changed by these tests)";
}

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ResolvedOnceCredentialsTests : IDisposable
{
    private static readonly string[] Variables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(name => name, Environment.GetEnvironmentVariable);
    private readonly AmazonDynamoDBConfig _config = new() { RegionEndpoint = RegionEndpoint.USEast1 };

    [Fact]
    public void Environment_credentials_are_read_at_the_first_call_and_kept()
    {
        SetEnvironment("AKIDFIRST", "first-secret", token: null);
        var credentials = new ResolvedOnceCredentials(_config);

        var first = credentials.GetCredentials();
        SetEnvironment("AKIDSECOND", "second-secret", token: "second-token");
        var later = credentials.GetCredentials();

        Assert.Equal(("AKIDFIRST", "first-secret", false), (first.AccessKey, first.SecretKey, first.UseToken));
        Assert.Equal(first, later);
        // The chain itself still sees the change: a new client would get the new credentials.
        Assert.Equal("AKIDSECOND", new ResolvedOnceCredentials(_config).GetCredentials().AccessKey);
    }

    [Fact]
    public async Task Session_credentials_keep_their_token()
    {
        SetEnvironment("AKIDSESSION", "session-secret", token: "session-token");

        var credentials = await new ResolvedOnceCredentials(_config).GetCredentialsAsync();

        Assert.Equal(("AKIDSESSION", "session-token", true), (credentials.AccessKey, credentials.Token, credentials.UseToken));
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }

    private static void SetEnvironment(string accessKey, string secretKey, string? token)
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", accessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", secretKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", token);
    }
}

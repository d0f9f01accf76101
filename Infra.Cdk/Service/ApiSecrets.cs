using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace CloudImageService.Infra.Service;

/// <summary>
/// Settings every task must share that are secrets, injected from Secrets Manager by the task's execution role (the
/// task role keeps exactly the storage policy). Today: the pagination cursor key, without which each task signs
/// cursors with its own random key and a listing's next page fails on any other task.
/// </summary>
public sealed class ApiSecrets : Construct
{
    public const string CursorKeyVariable = "Pagination__CursorKey";

    /// <summary>44 letters and digits are valid base64 for 33 bytes (264 bits): the API requires 32 or more.</summary>
    public const int CursorKeyLength = 44;

    public ApiSecrets(Construct scope, string id) : base(scope, id)
    {
        CursorKey = new Secret(this, "CursorKey", new SecretProps
        {
            Description = "Cloud Image Service: HMAC key of listing cursors (base64), shared by every task",
            GenerateSecretString = new SecretStringGenerator
            {
                PasswordLength = CursorKeyLength,
                ExcludePunctuation = true,
                IncludeSpace = false,
            },
            // Losing it only invalidates the Link of listings in flight.
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        ContainerSecrets = new Dictionary<string, EcsSecret> { [CursorKeyVariable] = EcsSecret.FromSecretsManager(CursorKey) };
    }

    public Secret CursorKey { get; }

    /// <summary>The secrets by the environment variable they are injected as.</summary>
    public IReadOnlyDictionary<string, EcsSecret> ContainerSecrets { get; }
}

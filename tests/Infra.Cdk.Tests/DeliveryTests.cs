extern alias ImageApi;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.CDK;
using CloudImageService.Infra.Delivery;
using CloudImageService.Infra.Service;
using CloudImageService.Storage.Schema;
using DeliveryMode = ImageApi::CloudImageService.Delivery.DeliveryMode;
using DeliveryOptions = ImageApi::CloudImageService.Delivery.DeliveryOptions;

namespace CloudImageService.Infra.Tests;

/// <summary>Two public keys, as during a rotation; generated once (a 2048-bit key takes up to a second).</summary>
public static class DeliveryKeys
{
    public static readonly RSA Signing = RSA.Create(2048);
    public static readonly RSA Standby = RSA.Create(2048);

    public static string PublicPem(RSA key) => key.ExportSubjectPublicKeyInfoPem();

    public static string ContextValue(params RSA[] keys) => string.Join(',', keys.Select(PublicPem));
}

/// <summary>Both stacks with <c>-c cloudFrontPublicKeys=&lt;signing&gt;,&lt;standby&gt;</c>.</summary>
public sealed class SynthesizedDelivery() : SynthesizedService(new Dictionary<string, object>
{
    [CloudFrontPublicKey.ContextKey] = DeliveryKeys.ContextValue(DeliveryKeys.Signing, DeliveryKeys.Standby),
});

/// <summary>
/// With public keys in the context, the storage stack puts a CloudFront distribution in front of the still private bucket
/// (origin access control, HTTPS only, signed URLs of the key group only, one cached copy per object) and the service
/// stack hands the API the domain, the signing key's id and, as an ECS secret, its private key.
/// </summary>
public class DeliveryTests(SynthesizedDelivery stacks) : IClassFixture<SynthesizedDelivery>
{
    private StackTemplate Storage => stacks.Storage;

    private JsonElement Distribution => Storage.Properties("AWS::CloudFront::Distribution").GetProperty("DistributionConfig");

    private string DistributionId => Storage.Single("AWS::CloudFront::Distribution").LogicalId;

    private string KeyGroupId => Storage.Single("AWS::CloudFront::KeyGroup").LogicalId;

    private JsonElement Behavior(string pathPattern) =>
        Distribution.GetProperty("CacheBehaviors").EnumerateArray().Single(behavior => behavior.GetProperty("PathPattern").GetString() == pathPattern);

    public static TheoryData<string> ServedPatterns => new() { ImageStoreSchema.ObjectKeyPrefix + "*", ImageStoreSchema.ThumbnailKeyPrefix + "*" };

    [Fact]
    public void The_behaviours_are_the_published_prefixes_of_the_object_layout()
    {
        Assert.Equal(["images/*", "thumbnails/*"], Distribution.GetProperty("CacheBehaviors").EnumerateArray()
            .Select(behavior => behavior.GetProperty("PathPattern").GetString()!).Order());
        Assert.DoesNotContain(ImageStoreSchema.StagingKeyPrefix, ImageDelivery.ServedPrefixes);
    }

    [Theory]
    [MemberData(nameof(ServedPatterns))]
    public void Each_behaviour_serves_https_only_to_urls_signed_by_the_key_group(string pathPattern)
    {
        var behavior = Behavior(pathPattern);

        Assert.Equal("https-only", behavior.GetProperty("ViewerProtocolPolicy").GetString());
        Assert.Equal($"${{{KeyGroupId}}}", StackTemplate.Render(Assert.Single(behavior.GetProperty("TrustedKeyGroups").EnumerateArray())));
        Assert.Equal(["GET", "HEAD"], StackTemplate.Strings(behavior.GetProperty("AllowedMethods")));
        Assert.Equal($"${{{Storage.Single("AWS::CloudFront::CachePolicy").LogicalId}}}", StackTemplate.Render(behavior.GetProperty("CachePolicyId")));
    }

    [Fact]
    public void The_default_behaviour_needs_a_signature_too()
    {
        var fallback = Distribution.GetProperty("DefaultCacheBehavior");

        Assert.Equal("https-only", fallback.GetProperty("ViewerProtocolPolicy").GetString());
        Assert.Equal($"${{{KeyGroupId}}}", StackTemplate.Render(Assert.Single(fallback.GetProperty("TrustedKeyGroups").EnumerateArray())));
    }

    [Fact]
    public void The_origin_is_the_bucket_through_origin_access_control()
    {
        var control = Storage.Properties("AWS::CloudFront::OriginAccessControl").GetProperty("OriginAccessControlConfig");
        Assert.Equal("s3", control.GetProperty("OriginAccessControlOriginType").GetString());
        Assert.Equal("always", control.GetProperty("SigningBehavior").GetString());
        Assert.Equal("sigv4", control.GetProperty("SigningProtocol").GetString());

        var origin = Assert.Single(Distribution.GetProperty("Origins").EnumerateArray());
        Assert.Equal($"${{{Storage.Single("AWS::CloudFront::OriginAccessControl").LogicalId}.Id}}",
            StackTemplate.Render(origin.GetProperty("OriginAccessControlId")));
        Assert.Equal($"${{{Storage.Single("AWS::S3::Bucket").LogicalId}.RegionalDomainName}}", StackTemplate.Render(origin.GetProperty("DomainName")));
    }

    [Fact]
    public void The_bucket_stays_private_and_admits_only_this_distribution_and_only_to_published_objects()
    {
        var bucket = Storage.Single("AWS::S3::Bucket").LogicalId;
        var publicAccess = Storage.Properties("AWS::S3::Bucket").GetProperty("PublicAccessBlockConfiguration");
        Assert.All(new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" },
            setting => Assert.True(publicAccess.GetProperty(setting).GetBoolean()));

        var statements = Storage.Properties("AWS::S3::BucketPolicy").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().ToList();
        var allowed = Assert.Single(statements, statement => statement.GetProperty("Effect").GetString() == "Allow");
        Assert.Equal("cloudfront.amazonaws.com", allowed.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal(["s3:GetObject"], StackTemplate.Strings(allowed.GetProperty("Action")));
        Assert.Equal($"arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{DistributionId}}}",
            StackTemplate.Render(allowed.GetProperty("Condition").GetProperty("StringEquals").GetProperty("AWS:SourceArn")));

        var denied = Assert.Single(statements, statement => statement.TryGetProperty("Sid", out var sid) && sid.GetString() == "CloudFrontReadsPublishedObjectsOnly");
        Assert.Equal("Deny", denied.GetProperty("Effect").GetString());
        Assert.Equal([$"${{{bucket}.Arn}}/images/*", $"${{{bucket}.Arn}}/thumbnails/*"],
            denied.GetProperty("NotResource").EnumerateArray().Select(StackTemplate.Render).Order());
    }

    [Fact]
    public void The_key_group_holds_both_keys_of_a_rotation()
    {
        var items = Storage.Properties("AWS::CloudFront::KeyGroup").GetProperty("KeyGroupConfig").GetProperty("Items").EnumerateArray()
            .Select(StackTemplate.Render).ToList();
        var keys = Storage.Resources("AWS::CloudFront::PublicKey").ToList();

        Assert.Equal(2, items.Count);
        Assert.Equal(keys.Select(key => $"${{{key.LogicalId}}}").Order(), items.Order());
        Assert.Equal(new[] { DeliveryKeys.Signing, DeliveryKeys.Standby }.Select(key => DeliveryKeys.PublicPem(key).Trim()).Order(),
            keys.Select(key => key.Resource.GetProperty("Properties").GetProperty("PublicKeyConfig").GetProperty("EncodedKey").GetString()!.Trim()).Order());
    }

    [Fact]
    public void The_cache_key_holds_no_query_string_header_or_cookie_and_objects_stay_long()
    {
        var policy = Storage.Properties("AWS::CloudFront::CachePolicy").GetProperty("CachePolicyConfig");
        var key = policy.GetProperty("ParametersInCacheKeyAndForwardedToOrigin");

        Assert.Equal("none", key.GetProperty("QueryStringsConfig").GetProperty("QueryStringBehavior").GetString());
        Assert.Equal("none", key.GetProperty("HeadersConfig").GetProperty("HeaderBehavior").GetString());
        Assert.Equal("none", key.GetProperty("CookiesConfig").GetProperty("CookieBehavior").GetString());
        // Above zero: the objects say Cache-Control: private, which CloudFront caches only with a minimum TTL.
        Assert.True(policy.GetProperty("MinTTL").GetInt32() > 0);
        Assert.Equal(365 * 24 * 3600, policy.GetProperty("DefaultTTL").GetInt32());
    }

    [Fact]
    public void Originals_forward_only_the_apis_response_overrides_to_s3_and_thumbnails_nothing()
    {
        var policy = Storage.Single("AWS::CloudFront::OriginRequestPolicy");
        var queries = policy.Resource.GetProperty("Properties").GetProperty("OriginRequestPolicyConfig").GetProperty("QueryStringsConfig");

        Assert.Equal("whitelist", queries.GetProperty("QueryStringBehavior").GetString());
        Assert.Equal(["response-content-disposition", "response-content-type"], StackTemplate.Strings(queries.GetProperty("QueryStrings")).Order());
        Assert.Equal($"${{{policy.LogicalId}}}", StackTemplate.Render(Behavior("images/*").GetProperty("OriginRequestPolicyId")));
        Assert.False(Behavior("thumbnails/*").TryGetProperty("OriginRequestPolicyId", out _));
    }

    [Theory]
    [MemberData(nameof(ServedPatterns))]
    public void Responses_carry_the_security_headers(string pathPattern)
    {
        var headers = ResponseHeaders(pathPattern).GetProperty("SecurityHeadersConfig");

        var hsts = headers.GetProperty("StrictTransportSecurity");
        Assert.True(hsts.GetProperty("AccessControlMaxAgeSec").GetInt32() >= 365 * 24 * 3600);
        Assert.True(hsts.GetProperty("IncludeSubdomains").GetBoolean());
        Assert.True(headers.GetProperty("ContentTypeOptions").GetProperty("Override").GetBoolean());
        Assert.Equal("DENY", headers.GetProperty("FrameOptions").GetProperty("FrameOption").GetString());
        Assert.Equal("no-referrer", headers.GetProperty("ReferrerPolicy").GetProperty("ReferrerPolicy").GetString());
    }

    [Fact]
    public void Thumbnails_are_immutable_for_browsers_too_and_originals_keep_their_stored_headers()
    {
        var custom = Assert.Single(ResponseHeaders("thumbnails/*").GetProperty("CustomHeadersConfig").GetProperty("Items").EnumerateArray());
        Assert.Equal("Cache-Control", custom.GetProperty("Header").GetString());
        Assert.Equal("public, max-age=31536000, immutable", custom.GetProperty("Value").GetString());
        Assert.True(custom.GetProperty("Override").GetBoolean());

        Assert.False(ResponseHeaders("images/*").TryGetProperty("CustomHeadersConfig", out _));
    }

    [Fact]
    public void The_galleries_origin_may_fetch_images_by_script()
    {
        var cors = ResponseHeaders("thumbnails/*").GetProperty("CorsConfig");

        Assert.Equal([SynthesizedService.PublicOrigin], StackTemplate.Strings(cors.GetProperty("AccessControlAllowOrigins").GetProperty("Items")));
        Assert.False(cors.GetProperty("AccessControlAllowCredentials").GetBoolean());
    }

    [Fact]
    public void The_api_signs_cloudfront_urls_for_the_distribution_with_the_first_key()
    {
        var environment = stacks.Container.GetProperty("Environment").EnumerateArray()
            .ToDictionary(variable => variable.GetProperty("Name").GetString()!, variable => StackTemplate.Render(variable.GetProperty("Value")));

        Assert.Equal(nameof(DeliveryMode.CloudFront), environment[Key(nameof(DeliveryOptions.Mode))]);
        Assert.Equal(Imported($"{DistributionId}.DomainName"), environment[Key(nameof(DeliveryOptions.CloudFrontDomain))]);
        Assert.Equal(Imported(SigningKey("AWS::CloudFront::PublicKey")), environment[Key(nameof(DeliveryOptions.KeyPairId))]);
    }

    [Fact]
    public void The_private_key_reaches_the_container_as_a_secret_from_the_signing_keys_secret()
    {
        var secret = Assert.Single(stacks.Container.GetProperty("Secrets").EnumerateArray(),
            variable => variable.GetProperty("Name").GetString() == Key(nameof(DeliveryOptions.PrivateKey)));

        Assert.Equal(DeliveryEnvironment.PrivateKey, Key(nameof(DeliveryOptions.PrivateKey)));
        Assert.Equal(Imported(SigningKey("AWS::SecretsManager::Secret")), StackTemplate.Render(secret.GetProperty("ValueFrom")));
    }

    [Fact]
    public void Only_the_execution_role_may_read_the_key_and_only_that_secret_of_the_two()
    {
        var grants = stacks.Service.Resources("AWS::IAM::Policy")
            .SelectMany(policy => policy.Resource.GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
                .Where(statement => StackTemplate.Strings(statement.GetProperty("Action")).Any(action => action.StartsWith("secretsmanager:", StringComparison.Ordinal)))
                .Select(statement => (Role: StackTemplate.Render(policy.Resource.GetProperty("Properties").GetProperty("Roles")[0]),
                    Resource: StackTemplate.Render(statement.GetProperty("Resource")))))
            .ToList();

        var key = Assert.Single(grants, grant => grant.Resource == Imported(SigningKey("AWS::SecretsManager::Secret")));
        Assert.Contains("TaskExecutionRole", key.Role, StringComparison.Ordinal);
        Assert.DoesNotContain(grants, grant => grant.Role.Contains("TaskRole3", StringComparison.Ordinal));
        Assert.DoesNotContain(grants, grant => grant.Resource.Contains(StandbyFingerprint, StringComparison.Ordinal));
    }

    [Fact]
    public void No_template_holds_a_private_key_and_each_secret_starts_as_a_placeholder()
    {
        Assert.DoesNotContain("PRIVATE KEY", Storage.Json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", stacks.Service.Json.GetRawText(), StringComparison.Ordinal);
        Assert.All(Storage.Resources("AWS::SecretsManager::Secret"), secret =>
            Assert.Equal(ImageDelivery.SecretPlaceholder, secret.Resource.GetProperty("Properties").GetProperty("SecretString").GetString()));
    }

    [Fact]
    public void The_outputs_name_the_domain_and_each_keys_id_and_secret_and_every_key_is_exported_for_a_rotation()
    {
        var outputs = Storage.Json.GetProperty("Outputs");
        string Value(string name) => StackTemplate.Render(outputs.GetProperty(name).GetProperty("Value"));

        Assert.Equal($"${{{DistributionId}.DomainName}}", Value(ImageStorageStack.DeliveryOutputs.DistributionDomainName));
        Assert.Equal($"${{{SigningKey("AWS::CloudFront::PublicKey")}}}", Value(ImageStorageStack.DeliveryOutputs.KeyPairId));
        Assert.Equal($"${{{SigningKey("AWS::SecretsManager::Secret")}}}", Value(ImageStorageStack.DeliveryOutputs.PrivateKeySecretArn));
        Assert.Contains(StandbyFingerprint, Value(ImageStorageStack.DeliveryOutputs.StandbyKeyPairId), StringComparison.Ordinal);
        Assert.Contains(StandbyFingerprint, Value(ImageStorageStack.DeliveryOutputs.StandbyPrivateKeySecretArn), StringComparison.Ordinal);

        var exported = outputs.EnumerateObject().Where(output => output.Value.TryGetProperty("Export", out _))
            .Select(output => StackTemplate.Render(output.Value.GetProperty("Value"))).ToList();
        Assert.All(Storage.Resources("AWS::CloudFront::PublicKey").Concat(Storage.Resources("AWS::SecretsManager::Secret")),
            resource => Assert.Contains($"${{{resource.LogicalId}}}", exported));
    }

    private static string Key(string name) => $"{DeliveryOptions.SectionName}__{name}";

    private static string Fingerprint(RSA key) => Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..8];

    private static string StandbyFingerprint => Fingerprint(DeliveryKeys.Standby);

    private string SigningKey(string type) =>
        Assert.Single(Storage.Resources(type), resource => resource.LogicalId.Contains(Fingerprint(DeliveryKeys.Signing), StringComparison.Ordinal)).LogicalId;

    private JsonElement ResponseHeaders(string pathPattern)
    {
        var id = StackTemplate.Render(Behavior(pathPattern).GetProperty("ResponseHeadersPolicyId"));
        return Storage.Resources("AWS::CloudFront::ResponseHeadersPolicy").Single(policy => $"${{{policy.LogicalId}}}" == id)
            .Resource.GetProperty("Properties").GetProperty("ResponseHeadersPolicyConfig");
    }

    // What the service stack imports for a storage value, e.g. "${Import:CloudImageService:ExportsOutputRef...}".
    private string Imported(string storageValue)
    {
        var export = Storage.Json.GetProperty("Outputs").EnumerateObject().Single(output =>
            output.Value.TryGetProperty("Export", out _) && StackTemplate.Render(output.Value.GetProperty("Value")) == $"${{{storageValue}}}");
        return $"${{Import:{export.Value.GetProperty("Export").GetProperty("Name").GetString()}}}";
    }
}

/// <summary>The context: public keys only, at most two, 2048 bits; nothing changes for a deployment without them.</summary>
public class DeliveryContextTests
{
    [Fact]
    public void Without_public_keys_the_stacks_have_no_distribution_and_the_api_keeps_s3_urls()
    {
        var stacks = new SynthesizedService();

        Assert.Empty(stacks.Storage.Resources("AWS::CloudFront::Distribution"));
        Assert.Empty(stacks.Storage.Resources("AWS::SecretsManager::Secret"));
        Assert.DoesNotContain(stacks.Container.GetProperty("Environment").EnumerateArray(),
            variable => variable.GetProperty("Name").GetString()!.StartsWith("Delivery__", StringComparison.Ordinal));
    }

    [Fact]
    public void Swapping_the_keys_in_a_rotation_replaces_no_resource_and_switches_the_signing_key()
    {
        static (string[] Ids, string Signing) Synth(params RSA[] keys)
        {
            var app = new App(new AppProps { Context = new Dictionary<string, object> { [CloudFrontPublicKey.ContextKey] = DeliveryKeys.ContextValue(keys) } });
            var stack = new StackTemplate(new ImageStorageStack(app, DeploymentNames.StorageStack, StackContext.From(app.Node)));
            return ([.. stack.Json.GetProperty("Resources").EnumerateObject().Select(resource => resource.Name).Order()],
                StackTemplate.Render(stack.Json.GetProperty("Outputs").GetProperty(ImageStorageStack.DeliveryOutputs.KeyPairId).GetProperty("Value")));
        }

        var before = Synth(DeliveryKeys.Signing, DeliveryKeys.Standby);
        var after = Synth(DeliveryKeys.Standby, DeliveryKeys.Signing);

        Assert.Equal(before.Ids, after.Ids);
        Assert.NotEqual(before.Signing, after.Signing);
    }

    [Fact]
    public void A_private_key_is_refused_and_never_quoted()
    {
        var pem = DeliveryKeys.Signing.ExportPkcs8PrivateKeyPem();

        var refusal = Assert.Throws<ArgumentException>(() => CloudFrontPublicKey.Parse(pem, "."));

        Assert.Contains("PRIVATE key", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(pem.Split('\n')[1], refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_is_read_from_a_file_relative_to_the_cdk_app()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "public_key.pem"), DeliveryKeys.PublicPem(DeliveryKeys.Signing));

            var key = CloudFrontPublicKey.Parse("public_key.pem", directory.FullName);

            Assert.Equal(DeliveryKeys.PublicPem(DeliveryKeys.Signing).Trim(), key.Pem.Trim());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Keys_cloudfront_would_refuse_are_refused_at_synthesis()
    {
        using var small = RSA.Create(1024);
        using var third = RSA.Create(2048);

        Assert.Throws<ArgumentException>(() => CloudFrontPublicKey.Parse(small.ExportSubjectPublicKeyInfoPem(), "."));
        Assert.Throws<ArgumentException>(() => CloudFrontPublicKey.Parse("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----", "."));
        Assert.Throws<ArgumentException>(() => CloudFrontPublicKey.Parse("missing.pem", "."));
        Assert.Throws<ArgumentException>(() => CloudFrontPublicKey.ParseList(DeliveryKeys.ContextValue(DeliveryKeys.Signing, DeliveryKeys.Standby, third), "."));
        Assert.Throws<ArgumentException>(() => CloudFrontPublicKey.ParseList(DeliveryKeys.ContextValue(DeliveryKeys.Signing, DeliveryKeys.Signing), "."));
    }
}

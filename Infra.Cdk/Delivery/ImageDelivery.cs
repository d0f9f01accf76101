using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using CloudImageService.Storage.Schema;
using Constructs;

namespace CloudImageService.Infra.Delivery;

/// <param name="Bucket">The private image bucket; it stays private: only this distribution may read it (origin access control).</param>
/// <param name="PublicKeys">The key group's keys; the first is the one the API signs with.</param>
/// <param name="CorsOrigins">Origins whose pages may fetch images by script (the gallery's own origin); none: no CORS headers.</param>
public sealed record ImageDeliveryProps(IBucket Bucket, IReadOnlyList<CloudFrontPublicKey> PublicKeys, IReadOnlyList<string> CorsOrigins);

/// <summary>One trusted public key and the secret that holds its private key (put there by the operator, never by CDK).</summary>
public sealed record DeliveryKey(PublicKey PublicKey, Secret PrivateKey);

/// <summary>
/// Images and thumbnails through CloudFront, to viewers holding a URL the API signed with the key group's key
/// (docs/delivery.md). Every task signs with the same key, so they all hand out the same URL for an object within a
/// signing window, and the edge and browsers cache one copy per object.
/// </summary>
/// <remarks>
/// <para>
/// <b>Origin.</b> S3 through origin access control: CloudFront signs its requests to S3 (SigV4), and the bucket policy
/// admits the CloudFront service principal only with <c>AWS:SourceArn</c> equal to this distribution, for the published
/// prefixes only (<see cref="ServedPrefixes"/>; staged uploads stay out of reach). Viewers must use HTTPS.
/// </para>
/// <para>
/// <b>Cache key.</b> Path only: no query string (so <c>Expires</c>, <c>Signature</c> and <c>Key-Pair-Id</c> never split the
/// cache), no header, no cookie. CloudFront checks the signature before it looks in the cache. The minimum TTL is above
/// zero because the objects say <c>Cache-Control: private, …, immutable</c> (written for browsers reading S3 directly),
/// and CloudFront caches a <c>private</c> response only when the minimum TTL is above zero.
/// </para>
/// <para>
/// <b>Originals</b> keep the <c>Content-Type</c> the API stored on the published copy, and the API's download URL
/// names <c>response-content-type</c> and <c>response-content-disposition</c>. Those two are forwarded to S3 by an
/// origin request policy but are not part of the cache key; S3 honours them because OAC requests are signed. Both are
/// derived from the image record alone (its type and id), so every URL of an object asks for the same headers and one
/// cached copy serves them all; the signature covers the whole URL, so a viewer cannot change them.
/// </para>
/// <para>
/// <b>Thumbnails</b> are content-addressed by their recipe and never change under a key: their response headers
/// policy replaces <c>Cache-Control</c> by <see cref="ThumbnailCaching"/>, for the edge and browsers alike.
/// </para>
/// </remarks>
public sealed class ImageDelivery : Construct
{
    public const string ThumbnailCaching = "public, max-age=31536000, immutable";

    /// <summary>The overrides the API signs into an original's download URL (ObjectUrlSigner): forwarded, never cached by.</summary>
    public static readonly string[] ForwardedOverrides = ["response-content-type", "response-content-disposition"];

    /// <summary>What viewers may fetch: published originals and thumbnails. Staged uploads (<c>uploads/</c>) never.</summary>
    public static readonly string[] ServedPrefixes = [ImageStoreSchema.ObjectKeyPrefix, ImageStoreSchema.ThumbnailKeyPrefix];

    public static readonly Duration MinTtl = Duration.Days(1);
    public static readonly Duration MaxTtl = Duration.Days(365);

    /// <summary>
    /// What each private key's secret holds until the operator puts the key there (docs/delivery.md). Never change it:
    /// CloudFormation writes a changed value over the key.
    /// </summary>
    public const string SecretPlaceholder = "not-set: put the PEM private key of this CloudFront public key here (docs/delivery.md)";

    public ImageDelivery(Construct scope, string id, ImageDeliveryProps props) : base(scope, id)
    {
        if (props.PublicKeys.Count == 0) throw new ArgumentException("A distribution needs at least one public key.", nameof(props));

        Keys = [.. props.PublicKeys.Select(key => new DeliveryKey(
            new PublicKey(this, $"PublicKey{key.Fingerprint}", new PublicKeyProps
            {
                EncodedKey = key.Pem,
                Comment = $"Cloud Image Service: verifies signed image URLs (SHA-256 {key.Fingerprint}…)",
            }),
            new Secret(this, $"PrivateKey{key.Fingerprint}", new SecretProps
            {
                Description = $"Cloud Image Service: PEM private key of CloudFront public key {key.Fingerprint}… (signs image URLs)",
                SecretStringValue = SecretValue.UnsafePlainText(SecretPlaceholder),
                // A retired key's secret goes with its public key; a new pair is one openssl command away.
                RemovalPolicy = RemovalPolicy.DESTROY,
            })))];

        KeyGroup = new KeyGroup(this, "KeyGroup", new KeyGroupProps
        {
            Items = [.. Keys.Select(key => (IPublicKey)key.PublicKey)],
            Comment = "Cloud Image Service: keys whose signed URLs may fetch images and thumbnails",
        });

        CachePolicy = new CachePolicy(this, "CachePolicy", new CachePolicyProps
        {
            Comment = "Cloud Image Service: one cached copy per object; the signature's query string is not in the key",
            QueryStringBehavior = CacheQueryStringBehavior.None(),
            HeaderBehavior = CacheHeaderBehavior.None(),
            CookieBehavior = CacheCookieBehavior.None(),
            MinTtl = MinTtl,
            DefaultTtl = MaxTtl,
            MaxTtl = MaxTtl,
            // Images are compressed already.
            EnableAcceptEncodingGzip = false,
            EnableAcceptEncodingBrotli = false,
        });

        OriginalRequests = new OriginRequestPolicy(this, "OriginalRequests", new OriginRequestPolicyProps
        {
            Comment = "Cloud Image Service: the API's response overrides reach S3 (not the cache key)",
            QueryStringBehavior = OriginRequestQueryStringBehavior.AllowList(ForwardedOverrides),
            HeaderBehavior = OriginRequestHeaderBehavior.None(),
            CookieBehavior = OriginRequestCookieBehavior.None(),
        });

        SecurityHeaders = new ResponseHeadersPolicy(this, "SecurityHeaders", new ResponseHeadersPolicyProps
        {
            Comment = "Cloud Image Service: security headers on originals",
            SecurityHeadersBehavior = Security(),
            CorsBehavior = Cors(props.CorsOrigins),
        });
        ThumbnailHeaders = new ResponseHeadersPolicy(this, "ThumbnailHeaders", new ResponseHeadersPolicyProps
        {
            Comment = "Cloud Image Service: security headers, and thumbnails cached as immutable by browsers too",
            SecurityHeadersBehavior = Security(),
            CorsBehavior = Cors(props.CorsOrigins),
            CustomHeadersBehavior = new ResponseCustomHeadersBehavior
            {
                CustomHeaders = [new ResponseCustomHeader { Header = "Cache-Control", Value = ThumbnailCaching, Override = true }],
            },
        });

        var origin = S3BucketOrigin.WithOriginAccessControl(props.Bucket, new S3BucketOriginWithOACProps
        {
            OriginAccessLevels = [AccessLevel.READ],
        });
        Distribution = new Distribution(this, StableIds.MainResource, new DistributionProps
        {
            Comment = "Cloud Image Service: signed image and thumbnail URLs",
            HttpVersion = HttpVersion.HTTP2_AND_3,
            // Nothing but the two prefixes is served; anything else needs a signature too, and the bucket policy refuses it.
            DefaultBehavior = Behavior(origin, OriginalRequests, SecurityHeaders),
            AdditionalBehaviors = new Dictionary<string, IBehaviorOptions>
            {
                [ImageStoreSchema.ObjectKeyPrefix + "*"] = Behavior(origin, OriginalRequests, SecurityHeaders),
                [ImageStoreSchema.ThumbnailKeyPrefix + "*"] = Behavior(origin, null, ThumbnailHeaders),
            },
        });

        // OAC's grant reads every key; CloudFront must never read what the API has not published.
        props.Bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudFrontReadsPublishedObjectsOnly",
            Effect = Effect.DENY,
            Principals = [new ServicePrincipal("cloudfront.amazonaws.com")],
            Actions = ["s3:GetObject"],
            NotResources = [.. ServedPrefixes.Select(prefix => props.Bucket.ArnForObjects(prefix + "*"))],
        }));
    }

    /// <summary>The trusted keys; the first signs.</summary>
    public IReadOnlyList<DeliveryKey> Keys { get; }

    public DeliveryKey SigningKey => Keys[0];
    public KeyGroup KeyGroup { get; }
    public CachePolicy CachePolicy { get; }
    public OriginRequestPolicy OriginalRequests { get; }
    public ResponseHeadersPolicy SecurityHeaders { get; }
    public ResponseHeadersPolicy ThumbnailHeaders { get; }
    public Distribution Distribution { get; }

    private BehaviorOptions Behavior(IOrigin origin, IOriginRequestPolicy? requests, IResponseHeadersPolicy headers) => new()
    {
        Origin = origin,
        ViewerProtocolPolicy = ViewerProtocolPolicy.HTTPS_ONLY,
        AllowedMethods = AllowedMethods.ALLOW_GET_HEAD,
        CachedMethods = CachedMethods.CACHE_GET_HEAD,
        CachePolicy = CachePolicy,
        OriginRequestPolicy = requests,
        ResponseHeadersPolicy = headers,
        TrustedKeyGroups = [KeyGroup],
        Compress = false,
    };

    private static ResponseSecurityHeadersBehavior Security() => new()
    {
        StrictTransportSecurity = new ResponseHeadersStrictTransportSecurity
        {
            AccessControlMaxAge = Duration.Days(730),
            IncludeSubdomains = true,
            Override = true,
        },
        ContentTypeOptions = new ResponseHeadersContentTypeOptions { Override = true },
        FrameOptions = new ResponseHeadersFrameOptions { FrameOption = HeadersFrameOption.DENY, Override = true },
        ReferrerPolicy = new ResponseHeadersReferrerPolicy { ReferrerPolicy = HeadersReferrerPolicy.NO_REFERRER, Override = true },
    };

    private static ResponseHeadersCorsBehavior? Cors(IReadOnlyList<string> origins) => origins.Count == 0 ? null : new ResponseHeadersCorsBehavior
    {
        AccessControlAllowOrigins = [.. origins],
        AccessControlAllowMethods = ["GET", "HEAD"],
        AccessControlAllowHeaders = ["*"],
        AccessControlAllowCredentials = false,
        AccessControlMaxAge = Duration.Hours(1),
        OriginOverride = true,
    };
}

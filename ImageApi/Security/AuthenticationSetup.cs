using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace CloudImageService.Security;

public static partial class AuthenticationSetup
{
    private const string BearerSection = "Authentication:Schemes:Bearer";

    /// <summary>The claim that names the caller; tokens keep their JWT claim names (no mapping to WS-* URIs).</summary>
    public const string SubjectClaim = "sub";

    /// <summary>
    /// Auth:Mode None or Jwt, failing closed: an unknown mode, None outside Development without
    /// Auth:AllowAnonymousOutsideDevelopment, or Jwt without a token issuer stops start-up with what to set.
    /// </summary>
    public static IHostApplicationBuilder AddImageApiAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        options.Mode ??= builder.Environment.IsDevelopment() ? AuthMode.None : AuthMode.Jwt;
        EnsureModeIsSafe(options, builder.Environment, builder.Configuration[$"{AuthOptions.SectionName}:Mode"]);
        EnsureAdminIsNamed(options, builder.Configuration.GetSection(AuthOptions.SectionName));
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddAuthorization();
        builder.Services.AddHostedService<AnonymousAccessWarning>();

        var authentication = builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        if (options.Mode == AuthMode.Jwt)
        {
            EnsureTokenValidationIsConfigured(builder.Configuration.GetSection(BearerSection));
            authentication.AddJwtBearer(bearer =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters.NameClaimType = SubjectClaim;
                bearer.TokenValidationParameters.RoleClaimType = options.AdminRoleClaimType;
                bearer.Events = new JwtBearerEvents { OnTokenValidated = RequireSubject };
            });
        }
        return builder;
    }

    public static bool IsEnforced(this IOptions<AuthOptions> options) => options.Value.Mode == AuthMode.Jwt;

    public static Caller GetCaller(this HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>();
        return options.IsEnforced() ? Caller.From(context.User, options.Value) : Caller.Anonymous;
    }

    // Images are owned by the subject: a token without one would own nothing and could act on everything.
    private static Task RequireSubject(TokenValidatedContext context)
    {
        if (string.IsNullOrWhiteSpace(context.Principal?.FindFirstValue(SubjectClaim)))
        {
            context.Fail("The token has no subject ('sub' claim), so it cannot own images.");
        }
        return Task.CompletedTask;
    }

    private static void EnsureModeIsSafe(AuthOptions options, IHostEnvironment environment, string? configured)
    {
        if (!Enum.IsDefined(options.Mode!.Value))
        {
            throw new InvalidOperationException($"Auth:Mode must be 'None' or 'Jwt', not '{configured}'.");
        }
        if (options.Mode == AuthMode.None && !environment.IsDevelopment() && !options.AllowAnonymousOutsideDevelopment)
        {
            throw new InvalidOperationException(
                $"Auth:Mode is None in the {environment.EnvironmentName} environment: anyone could read and delete every image. " +
                "Configure JWT (see docs/security.md) or, to run an open API on purpose, also set Auth:AllowAnonymousOutsideDevelopment=true.");
        }
    }

    // An empty name would match an empty claim value: a token with "role": "" would be an admin.
    private static void EnsureAdminIsNamed(AuthOptions options, IConfigurationSection configured)
    {
        var blank = new[] { nameof(AuthOptions.AdminRole), nameof(AuthOptions.AdminRoleClaimType), nameof(AuthOptions.AdminScope) }
            .Where(name => configured.GetSection(name) is { Value: { } value } && string.IsNullOrWhiteSpace(value))
            .Concat(string.IsNullOrWhiteSpace(options.AdminRole) ? [nameof(AuthOptions.AdminRole)] : [])
            .Concat(string.IsNullOrWhiteSpace(options.AdminRoleClaimType) ? [nameof(AuthOptions.AdminRoleClaimType)] : [])
            .Distinct()
            .Select(name => $"{AuthOptions.SectionName}:{name}")
            .ToList();
        if (blank.Count == 0) return;
        throw new InvalidOperationException(
            $"{string.Join(", ", blank)} is empty: an empty name matches an empty claim value, so anyone could be an admin. " +
            "Name the admin role (and its claim type), or remove Auth:AdminScope to grant admin by role alone.");
    }

    private static void EnsureTokenValidationIsConfigured(IConfigurationSection bearer)
    {
        var issuers = bearer.GetSection("ValidIssuers").GetChildren().Select(child => child.Value)
            .Append(bearer["ValidIssuer"])
            .Where(issuer => !string.IsNullOrWhiteSpace(issuer))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (issuers.Count > 1)
        {
            throw new InvalidOperationException(
                $"{issuers.Count} token issuers are configured ({string.Join(", ", issuers)}). Images are owned by the token's " +
                "subject alone, and two issuers may hand out the same subject to different people: trust exactly one issuer.");
        }

        var hasAuthority = !string.IsNullOrWhiteSpace(bearer["Authority"]);
        var hasKey = bearer.GetSection("SigningKeys").GetChildren().Any();
        if (hasAuthority || (issuers.Count == 1 && hasKey)) return;

        throw new InvalidOperationException(
            "Auth:Mode is Jwt (the default outside Development) but no token issuer is configured. Set " +
            $"{BearerSection}:Authority (an OpenID Connect issuer) or {BearerSection}:ValidIssuer with " +
            $"{BearerSection}:SigningKeys (see docs/security.md), or set Auth:Mode=None for local development only.");
    }

    private sealed partial class AnonymousAccessWarning(IOptions<AuthOptions> options, IHostEnvironment environment, ILogger<AnonymousAccessWarning> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!options.IsEnforced())
            {
                LogAuthenticationOff(environment.EnvironmentName);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "AUTHENTICATION IS OFF (Auth:Mode=None, environment {Environment}): anyone who reaches this API can read and delete every image.")]
        private partial void LogAuthenticationOff(string environment);
    }
}

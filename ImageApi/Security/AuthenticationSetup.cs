using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace CloudImageService.Security;

public static class AuthenticationSetup
{
    private const string BearerSection = "Authentication:Schemes:Bearer";

    /// <summary>The claim that names the caller; tokens keep their JWT claim names (no mapping to WS-* URIs).</summary>
    public const string SubjectClaim = "sub";

    /// <summary>
    /// Auth:Mode None or Jwt. Jwt reads the standard Authentication:Schemes:Bearer section (what `dotnet user-jwts`
    /// writes) and fails closed: without an authority or an issuer and signing key the API refuses to start.
    /// </summary>
    public static IHostApplicationBuilder AddImageApiAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        options.Mode ??= builder.Environment.IsDevelopment() ? AuthMode.None : AuthMode.Jwt;
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddAuthorization();

        var authentication = builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        if (options.Mode == AuthMode.Jwt)
        {
            EnsureTokenValidationIsConfigured(builder.Configuration.GetSection(BearerSection));
            authentication.AddJwtBearer(bearer =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters.NameClaimType = SubjectClaim;
                bearer.TokenValidationParameters.RoleClaimType = "role";
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

    private static void EnsureTokenValidationIsConfigured(IConfigurationSection bearer)
    {
        var hasAuthority = !string.IsNullOrWhiteSpace(bearer["Authority"]);
        var hasIssuer = !string.IsNullOrWhiteSpace(bearer["ValidIssuer"]) || bearer.GetSection("ValidIssuers").GetChildren().Any();
        var hasKey = bearer.GetSection("SigningKeys").GetChildren().Any();
        if (hasAuthority || (hasIssuer && hasKey)) return;

        throw new InvalidOperationException(
            "Auth:Mode is Jwt (the default outside Development) but no token issuer is configured. Set " +
            $"{BearerSection}:Authority (an OpenID Connect issuer) or {BearerSection}:ValidIssuer with " +
            $"{BearerSection}:SigningKeys (see README, Security), or set Auth:Mode=None for local development only.");
    }
}

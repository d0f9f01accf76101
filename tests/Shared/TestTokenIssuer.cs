using System.Security.Claims;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TestSupport;

/// <summary>
/// An identity provider of the tests' own: puts the ImageApi in Jwt mode trusting only its key (random per fixture),
/// and issues tokens as a real provider would. Linked into every AppHost-based test project.
/// </summary>
public sealed class TestTokenIssuer(string issuer, string audience)
{
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

    public IResourceBuilder<ProjectResource> TrustedBy(IResourceBuilder<ProjectResource> imageApi) => imageApi
        .WithEnvironment("Auth__Mode", "Jwt")
        .WithEnvironment("Authentication__Schemes__Bearer__ValidIssuer", issuer)
        .WithEnvironment("Authentication__Schemes__Bearer__ValidAudiences__0", audience)
        .WithEnvironment("Authentication__Schemes__Bearer__SigningKeys__0__Issuer", issuer)
        .WithEnvironment("Authentication__Schemes__Bearer__SigningKeys__0__Value", Convert.ToBase64String(_signingKey));

    /// <summary>A token for <paramref name="subject"/> (none: a token without one); another <paramref name="key"/> makes one the API refuses.</summary>
    public string Token(string? subject, string? role = null, string? scope = null, TimeSpan? lifetime = null, byte[]? key = null)
    {
        var claims = new List<Claim>();
        if (subject is not null) claims.Add(new Claim("sub", subject));
        if (role is not null) claims.Add(new Claim("role", role));
        if (scope is not null) claims.Add(new Claim("scope", scope));
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(30));
        // An already expired token was issued before it expired.
        var issued = expires < now ? expires.AddMinutes(-10) : now;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = issued,
            IssuedAt = issued,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? _signingKey), SecurityAlgorithms.HmacSha256),
        });
    }
}

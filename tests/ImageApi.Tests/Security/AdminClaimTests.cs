using System.Security.Claims;
using CloudImageService.Security;

namespace ImageApi.Tests.Security;

/// <summary>Admin comes from a role or group claim; a scope grants it only when the operator opts in.</summary>
public class AdminClaimTests
{
    private static ClaimsPrincipal Token(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity([new Claim("sub", "someone"), .. claims.Select(claim => new Claim(claim.Type, claim.Value))], "Bearer"));

    [Fact]
    public void The_admin_role_makes_an_admin() =>
        Assert.True(Caller.From(Token(("role", "admin")), new AuthOptions()).IsAdmin);

    [Fact]
    public void The_admin_scope_makes_no_admin_by_default() =>
        Assert.False(Caller.From(Token(("scope", "openid images:admin")), new AuthOptions()).IsAdmin);

    [Fact]
    public void A_configured_admin_scope_makes_an_admin()
    {
        var options = new AuthOptions { AdminScope = "images:admin" };

        Assert.True(Caller.From(Token(("scope", "openid images:admin")), options).IsAdmin);
        Assert.False(Caller.From(Token(("scope", "openid images:read")), options).IsAdmin);
    }

    [Fact]
    public void The_role_claim_type_is_configurable()
    {
        var options = new AuthOptions { AdminRoleClaimType = "cognito:groups", AdminRole = "image-admins" };

        Assert.True(Caller.From(Token(("cognito:groups", "staff"), ("cognito:groups", "image-admins")), options).IsAdmin);
        Assert.False(Caller.From(Token(("role", "image-admins")), options).IsAdmin);
    }

    [Fact]
    public void A_role_of_another_name_or_case_makes_no_admin()
    {
        Assert.False(Caller.From(Token(("role", "Admin")), new AuthOptions()).IsAdmin);
        Assert.False(Caller.From(Token(("role", "administrators")), new AuthOptions()).IsAdmin);
        Assert.False(Caller.From(Token(("roles", "admin")), new AuthOptions()).IsAdmin);
    }
}

using System.Security.Claims;

namespace CloudImageService.Security;

/// <summary>Who is calling, and what that allows. With auth mode None every caller may do everything.</summary>
public sealed record Caller(string? UserId, bool IsAdmin, bool IsEnforced)
{
    public static readonly Caller Anonymous = new(null, IsAdmin: false, IsEnforced: false);

    /// <summary>Lets handlers take the caller as a parameter (minimal APIs call this; it never appears in OpenAPI).</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult<Caller?>(context.GetCaller());

    public static Caller From(ClaimsPrincipal user, AuthOptions options) => new(
        user.FindFirstValue(AuthenticationSetup.SubjectClaim),
        HasAdminRole(user, options) || HasAdminScope(user, options),
        IsEnforced: true);

    private static bool HasAdminRole(ClaimsPrincipal user, AuthOptions options) =>
        user.FindAll(options.AdminRoleClaimType).Any(claim => claim.Value == options.AdminRole);

    private static bool HasAdminScope(ClaimsPrincipal user, AuthOptions options) =>
        options.AdminScope is { } adminScope
        && user.FindAll("scope").SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(adminScope);

    /// <summary>May the caller upload or list as <paramref name="userId"/>?</summary>
    public bool MayActFor(string? userId) => !IsEnforced || IsAdmin || (userId is not null && userId == UserId);

    /// <summary>The only owner whose images the caller may delete; null when it may delete any.</summary>
    public string? OwnImagesOnly => IsEnforced && !IsAdmin ? UserId : null;

    /// <summary>May the caller list every user's images?</summary>
    public bool MayListEveryone => !IsEnforced || IsAdmin;

    /// <summary>Only the owner sees an image; to anyone else it does not exist.</summary>
    public bool MaySee(string ownerId) => MayActFor(ownerId);

    /// <summary>
    /// Is the caller the owner itself (an admin acting for another is not)? With auth mode None there is no one to tell
    /// apart: the caller is whoever the request names, as everywhere else.
    /// </summary>
    public bool IsOwnerOf(string ownerId) => !IsEnforced || (UserId is not null && UserId == ownerId);

    /// <summary>The user id to record for an upload that names none: the caller's own, when known.</summary>
    public string? DefaultUserId(string? requested) => requested ?? (IsEnforced ? UserId : null);
}

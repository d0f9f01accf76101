namespace CloudImageService.Security;

public enum AuthMode
{
    /// <summary>Anyone may do anything, as with the original service: for local development and its old clients.</summary>
    None,
    /// <summary>JWT bearer tokens; the caller is the token's <c>sub</c> and sees only its own images.</summary>
    Jwt,
}

/// <summary>Section "Auth". The token validation itself is configured the standard way, under Authentication:Schemes:Bearer.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Null: Jwt, except in the Development environment.</summary>
    public AuthMode? Mode { get; set; }

    /// <summary>The second, explicit switch an open API (Mode None) needs outside the Development environment.</summary>
    public bool AllowAnonymousOutsideDevelopment { get; set; }

    /// <summary>A role that may list every user's images (GET /images without user_id) and act on any image.</summary>
    public string AdminRole { get; set; } = "admin";

    /// <summary>
    /// The token claim that carries roles or groups (a string or an array), e.g. <c>roles</c> (Entra ID) or
    /// <c>cognito:groups</c> (Cognito). The caller is an admin when one of its values is <see cref="AdminRole"/>.
    /// </summary>
    public string AdminRoleClaimType { get; set; } = "role";

    /// <summary>
    /// Null (the default): no scope makes anyone an admin. Set, a scope in the space-separated "scope" claim that grants
    /// the same as <see cref="AdminRole"/>: only for an identity provider that hands this scope to admins alone.
    /// </summary>
    public string? AdminScope { get; set; }
}

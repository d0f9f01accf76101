using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImageApi.Tests.Security;

/// <summary>Misconfiguration stops the API at start-up with a message that says what to set, before it serves anyone.</summary>
public class StartupSafetyTests
{
    [Fact]
    public void Production_without_a_token_issuer_refuses_to_start()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host.UseEnvironment("Production"));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Auth:Mode is Jwt", Flatten(failure));
        Assert.Contains("Authentication:Schemes:Bearer:Authority", Flatten(failure));
    }

    [Fact]
    public void A_cursor_key_that_is_too_short_refuses_to_start()
    {
        var failure = StartupFailure(() => new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting("Pagination:CursorKey", Convert.ToBase64String(new byte[8]))));

        Assert.Contains("Pagination:CursorKey", failure);
    }

    [Theory]
    [InlineData("00:10:00", "00:15:00")]
    [InlineData("00:15:30", "00:15:00")]
    public void A_staging_retention_within_an_uploads_window_refuses_to_start(string retention, string expiry)
    {
        var failure = StartupFailure(() => new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting("Images:UploadUrlExpiry", expiry)
            .UseSetting("Images:UploadGracePeriod", "00:01:00")
            .UseSetting("Ingest:StagingRetention", retention)));

        Assert.Contains("Ingest:StagingRetention must be longer than Images:UploadUrlExpiry + Images:UploadGracePeriod", failure);
    }

    [Theory]
    [InlineData("7.00:00:00", "00:05:00", "at most 7 days")]
    [InlineData("6.23:00:00", "01:00:01", "at most 7 days")]
    [InlineData("01:00:00.5", "00:05:00", "whole seconds")]
    public void A_url_signing_window_that_sigv4_cannot_sign_refuses_to_start(string window, string expiry, string reason)
    {
        var failure = StartupFailure(() => new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting("Images:UrlSigningWindow", window)
            .UseSetting("Images:DownloadUrlExpiry", expiry)));

        Assert.Contains("Images:UrlSigningWindow", failure);
        Assert.Contains(reason, failure);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("Off")]
    public void An_unknown_auth_mode_refuses_to_start(string mode)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("Auth:Mode", mode));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Auth:Mode", Flatten(failure));
    }

    [Fact]
    public async Task Auth_mode_none_outside_development_needs_a_second_explicit_setting()
    {
        using var refused = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Production")
            .UseSetting("Auth:Mode", "None"));
        var failure = Assert.ThrowsAny<Exception>(() => refused.CreateClient());
        Assert.Contains("Auth:AllowAnonymousOutsideDevelopment", Flatten(failure));

        using var allowed = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Production")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting("Auth:Mode", "None")
            .UseSetting("Auth:AllowAnonymousOutsideDevelopment", "true"));
        using var client = allowed.CreateClient();
        using var alive = await client.GetAsync("/alive");
        Assert.Equal(System.Net.HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public void Two_token_issuers_refuse_to_start_because_a_subject_names_a_user_only_within_one()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Production")
            .UseSetting("Authentication:Schemes:Bearer:ValidIssuers:0", "https://one.example")
            .UseSetting("Authentication:Schemes:Bearer:ValidIssuers:1", "https://two.example")
            .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", "https://one.example")
            .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(new byte[32])));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("exactly one issuer", Flatten(failure));
    }

    [Theory]
    [InlineData("AdminRole", "")]
    [InlineData("AdminRole", "  ")]
    [InlineData("AdminRoleClaimType", "")]
    [InlineData("AdminScope", "")]
    public void An_empty_admin_name_refuses_to_start_because_it_would_match_an_empty_claim(string setting, string value)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting($"Auth:{setting}", value));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains($"Auth:{setting} is empty", Flatten(failure));
    }

    [Fact]
    public void A_cursor_lifetime_of_zero_refuses_to_start()
    {
        var failure = StartupFailure(() => new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting("Pagination:CursorLifetime", "00:00:00")));

        Assert.Contains("Pagination:CursorLifetime", failure);
    }

    /// <summary>
    /// Why a host that validates its options on start refused to start. WebApplicationFactory runs the app's entry
    /// point on its own thread; when that thread disposes the failed host before the factory reads the failure, the
    /// factory reports "Cannot access a disposed object" instead. That race is the harness's, so ask again.
    /// </summary>
    private static string StartupFailure(Func<WebApplicationFactory<Program>> make)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var factory = make();
            var failure = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
            if (!failure.StartsWith("Cannot access a disposed object", StringComparison.Ordinal) || attempt == 5) return failure;
        }
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : "");
}

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
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting("Pagination:CursorKey", Convert.ToBase64String(new byte[8])));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Pagination:CursorKey", Flatten(failure));
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : "");
}

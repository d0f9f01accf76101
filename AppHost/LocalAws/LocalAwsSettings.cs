using Microsoft.Extensions.Configuration;

namespace CloudImageService.AppHost.LocalAws;

/// <summary>
/// Section <c>LocalAws</c> of the AppHost configuration. Region, bucket and table are null unless configured (or, in
/// Aws mode, deployed): the ImageApi's own defaults and the SDK's region resolution then apply.
/// </summary>
public sealed record LocalAwsSettings(
    LocalAwsMode Mode,
    bool InMemory,
    string DataDirectory,
    string? Region,
    string? BucketName,
    string? TableName,
    string CdkOutputsFile)
{
    public const string SectionName = "LocalAws";

    public static LocalAwsSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection(SectionName);
        var modeText = section["Mode"] ?? nameof(LocalAwsMode.Auto);
        if (!Enum.TryParse<LocalAwsMode>(modeText, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            throw new InvalidOperationException(
                $"LocalAws:Mode '{modeText}' is not one of {string.Join(", ", Enum.GetNames<LocalAwsMode>())}.");
        }

        return new LocalAwsSettings(
            mode,
            section.GetValue("InMemory", false),
            section["DataDirectory"] is { Length: > 0 } dir
                ? Path.GetFullPath(dir, appHostDirectory)
                : Path.Combine(appHostDirectory, ".emulator-data"),
            section["Region"],
            section["BucketName"],
            section["TableName"],
            section["CdkOutputsFile"] is { Length: > 0 } outputs
                ? Path.GetFullPath(outputs, appHostDirectory)
                : CdkOutputs.DefaultPath(appHostDirectory));
    }

    /// <summary>In Aws mode, the names <c>cdk deploy</c> wrote take precedence over the configured ones.</summary>
    public LocalAwsSettings WithDeployedNames() => CdkOutputs.TryRead(CdkOutputsFile) is { } deployed
        ? this with { BucketName = deployed.BucketName, TableName = deployed.TableName, Region = deployed.Region }
        : this;
}

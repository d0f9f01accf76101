using Amazon.CDK;
using Constructs;

namespace CloudImageService.Infra;

/// <summary>
/// Keeps what CloudFormation knows deployed resources by. A resource's logical ID derives from its construct path, and
/// CloudFormation replaces a resource whose logical ID changes: the bucket and the table would be created anew and
/// empty, a log group would lose its logs. The building blocks became constructs after stacks had been deployed, which
/// put every resource one level deeper; these keep the IDs (and the few values derived from the path) as they were.
/// </summary>
public static class StableIds
{
    /// <summary>
    /// The id of a building block's main resource. CDK leaves <c>Default</c> out of logical IDs, so the resource and all
    /// it creates get the IDs they would have if created directly with the block's own id.
    /// </summary>
    public const string MainResource = "Default";

    /// <summary>Pins the logical ID that a resource was deployed with before it moved into a building block.</summary>
    public static void Keep(IConstruct resource, string logicalId) =>
        (resource as CfnElement ?? (CfnElement)resource.Node.DefaultChild!).OverrideLogicalId(logicalId);

    /// <summary>The construct path without <see cref="MainResource"/> levels, as it was before the blocks were constructs.</summary>
    public static string PathOf(IConstruct construct) =>
        string.Join('/', construct.Node.Path.Split('/').Where(id => id != MainResource));
}

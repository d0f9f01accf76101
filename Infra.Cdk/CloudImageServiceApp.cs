using Amazon.CDK;
using CloudImageService.Infra.Service;
using CloudImageService.Storage.Schema;

namespace CloudImageService.Infra;

/// <summary>
/// The stacks of <c>cdk synth</c>/<c>cdk deploy</c>: always the storage stack; the service stack too when the JWT issuer
/// and audience are given as context (the API cannot run without authentication).
/// </summary>
public static class CloudImageServiceApp
{
    public static (ImageStorageStack Storage, ImageServiceStack? Service) Define(App app)
    {
        var storage = new ImageStorageStack(app, DeploymentNames.StorageStack, StackContext.From(app.Node));
        var service = ServiceContext.From(app.Node) is { } context
            ? new ImageServiceStack(app, DeploymentNames.ServiceStack, context, storage)
            : null;
        Tags.Of(app).Add("project", "cloud-image-service");
        return (storage, service);
    }
}

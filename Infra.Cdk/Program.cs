using Amazon.CDK;
using CloudImageService.Infra;
using CloudImageService.Storage;

var app = new App();
_ = new ImageStorageStack(app, DeploymentNames.StorageStack, StackContext.From(app.Node));
Tags.Of(app).Add("project", "cloud-image-service");
app.Synth();

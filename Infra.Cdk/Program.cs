using Amazon.CDK;
using CloudImageService.Infra;

var app = new App();
_ = new ImageStorageStack(app, ImageStorageStack.Name, StackContext.From(app.Node));
Tags.Of(app).Add("project", "cloud-image-service");
app.Synth();

using Amazon.CDK;
using CloudImageService.Infra;

var app = new App();
CloudImageServiceApp.Define(app);
app.Synth();

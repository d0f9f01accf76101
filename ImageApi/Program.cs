using CloudImageService.Images;
using CloudImageService.Infrastructure;
using CloudImageService.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiConventions();
builder.AddApiDocumentation();
builder.AddImageStorage();
builder.AddImagesApi();

var app = builder.Build();

app.UseApiConventions();
app.MapDefaultEndpoints();
app.MapApiDocumentation();
app.MapImagesApi();

app.Run();

public partial class Program;

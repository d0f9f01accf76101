using CloudImageService.Delivery;
using CloudImageService.Gallery;
using CloudImageService.Http;
using CloudImageService.Images;
using CloudImageService.Ingest;
using CloudImageService.Security;
using CloudImageService.Storage.Startup;


var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiConventions();
builder.AddApiDocumentation();
builder.AddImageApiAuthentication();
builder.AddRateLimiting();
builder.AddImageStorage();
builder.AddImageIngest();
builder.AddImagesApi();
builder.AddSharesApi();
builder.AddDelivery();

var app = builder.Build();
if (VariantCommand.Matches(args)) return await VariantCommand.RunAsync(app, args);
if (UsageCommand.Matches(args)) return await UsageCommand.RunAsync(app.Services, args);
if (TimelineCommand.Matches(args)) return await TimelineCommand.RunAsync(app, args);

app.UseApiConventions();
app.UseGallery();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseMiddleware<StorageDeadline>();
app.MapDefaultEndpoints();
app.MapApiDocumentation();
app.MapImagesApi();
app.MapSharesApi();
app.MapSharedLinkPage();
app.MapUsersApi();
app.MapGallery();

app.Run();
return 0;

public partial class Program;

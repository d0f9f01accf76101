using CloudImageService.Configuration;
using CloudImageService.Images;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Registers ingest: its options and their cross-checks, the decode budget, threads and admission, the processor
    /// and publisher, and what confirmation needs of its settings.
    /// </summary>
    public static IHostApplicationBuilder AddImageIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>()
            .BindConfigurationReplacingArrays(IngestOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.ThumbnailSizes.All(size => size is >= 16 and <= 4096), "Ingest:ThumbnailSizes must be from 16 to 4096 px.")
            .Validate<IOptions<ImageOptions>>((ingest, images) => ingest.StagingRetention > images.Value.UploadUrlExpiry + images.Value.UploadGracePeriod,
                "Ingest:StagingRetention must be longer than Images:UploadUrlExpiry + Images:UploadGracePeriod, "
                + "or the staged bytes of uploads still in their window would expire.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DecodeBudget>();
        builder.Services.AddSingleton<DecodeThreads>();
        builder.Services.AddSingleton<IngestAdmission>();
        builder.Services.AddSingleton<IConfirmationAdmission>(services => services.GetRequiredService<IngestAdmission>());
        builder.Services.AddSingleton<ThumbnailWriter>();
        builder.Services.AddOptions<IngestFacts>().Configure<IOptions<IngestOptions>>((facts, ingest) => Describe(ingest.Value, facts));
        builder.Services.TryAddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<ImageProcessor>();
        builder.Services.AddSingleton<IUploadPublisher, UploadPublisher>();
        builder.Services.AddTransient<VariantRebuilder>();
        builder.Services.AddTransient<TimelineBackfill>();
        return builder;
    }

    /// <summary>Fills in what the domain needs to know of ingest's options.</summary>
    public static IngestFacts Describe(IngestOptions ingest, IngestFacts facts)
    {
        facts.MaxDecodeAttempts = ingest.MaxDecodeAttempts;
        facts.ThumbnailSizes = ingest.ThumbnailSizes;
        facts.StagingRetention = ingest.StagingRetention;
        facts.DecodableContentTypes = ImageFormats.SupportedContentTypes;
        facts.VariantRecipe = ThumbnailRecipe.Of(ingest);
        return facts;
    }
}

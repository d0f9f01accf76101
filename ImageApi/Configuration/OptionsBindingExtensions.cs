using Microsoft.Extensions.Options;

namespace CloudImageService.Configuration;

public static class OptionsBindingExtensions
{
    /// <summary>
    /// Like BindConfiguration, except that an array given in configuration replaces the property's default instead
    /// of being appended to it (the binder's behaviour for arrays), so "AllowedContentTypes:0=image/png" means only PNG.
    /// </summary>
    public static OptionsBuilder<TOptions> BindConfigurationReplacingArrays<TOptions>(this OptionsBuilder<TOptions> builder, string sectionPath)
        where TOptions : class
    {
        builder.Configure<IConfiguration>((options, configuration) =>
        {
            var section = configuration.GetSection(sectionPath);
            foreach (var property in typeof(TOptions).GetProperties().Where(p => p.PropertyType.IsArray && p.CanWrite))
            {
                if (section.GetSection(property.Name).GetChildren().Any())
                {
                    property.SetValue(options, Array.CreateInstance(property.PropertyType.GetElementType()!, 0));
                }
            }
        });
        return builder.BindConfiguration(sectionPath);
    }
}

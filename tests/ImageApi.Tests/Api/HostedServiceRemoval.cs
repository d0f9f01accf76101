using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageApi.Tests.Api;

internal static class HostedServiceRemoval
{
    /// <summary>
    /// Drops the hosted services of these types, including those registered through a factory (which only says what
    /// it made once called): those are replaced by an idle service.
    /// </summary>
    public static IServiceCollection RemoveHostedServices(this IServiceCollection services, params Type[] types)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService) continue;
            if (descriptor.ImplementationType is { } type && types.Contains(type))
            {
                services.RemoveAt(i);
            }
            else if (descriptor.ImplementationFactory is { } factory)
            {
                services[i] = ServiceDescriptor.Describe(typeof(IHostedService),
                    provider => factory(provider) is var made && types.Contains(made.GetType()) ? new IdleService() : made,
                    descriptor.Lifetime);
            }
        }
        return services;
    }

    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RoutingCore.Workload;

/// <summary>Creates and registers the built-in <see cref="IWorkloadSplitter"/>.</summary>
public static class WorkloadSplitter
{
    /// <summary>Creates the built-in splitter (exact quota split, thread-safe), with no skill configured.</summary>
    /// <returns>A new splitter.</returns>
    public static IWorkloadSplitter Create() => new QuotaWorkloadSplitter();

    /// <summary>
    /// Registers the built-in splitter as the singleton <see cref="IWorkloadSplitter"/>, unless one is registered already
    /// (so a host replaces it by registering its own first).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection TryAddWorkloadSplitter(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IWorkloadSplitter>(_ => new QuotaWorkloadSplitter());
        return services;
    }
}

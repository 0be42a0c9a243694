using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers engines from the packed package with nothing imported but Microsoft.Extensions.DependencyInjection (no
/// <c>using RoutingCore;</c>): this file compiles only while the registration lives in that namespace.
/// </summary>
internal static class Registration
{
    public static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddRoutingEngine(options => options.Strategy = "least-loaded");
        services.AddRoutingEngine("tenant-b", options => options.Steps = 1);
        return services.BuildServiceProvider();
    }
}

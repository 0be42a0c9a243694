using Microsoft.Extensions.Options;

namespace RoutingCore.Orleans;

/// <summary>Validates <see cref="RoutingCoreOrleansOptions"/>, reporting every error together.</summary>
internal sealed class RoutingCoreOrleansOptionsValidator : IValidateOptions<RoutingCoreOrleansOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingCoreOrleansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.StorageName))
        {
            errors.Add($"RoutingCoreOrleansOptions.StorageName is '{options.StorageName}'; name the grain storage provider that keeps the tenants' state (default '{RoutingCoreOrleansOptions.DefaultStorageName}').");
        }

        if (options.ObserverExpiry <= TimeSpan.Zero)
        {
            errors.Add($"RoutingCoreOrleansOptions.ObserverExpiry is {options.ObserverExpiry}; it must be positive (default 10 minutes).");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}

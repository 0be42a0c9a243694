using Microsoft.Extensions.Options;

namespace RoutingCore.Orleans;

/// <summary>Validates <see cref="RoutingCoreOrleansOptions"/>, reporting every error together.</summary>
internal sealed class RoutingCoreOrleansOptionsValidator(IOptions<global::Orleans.Hosting.ReminderOptions>? reminders = null) : IValidateOptions<RoutingCoreOrleansOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingCoreOrleansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.StorageName))
        {
            errors.Add($"RoutingCoreOrleansOptions.StorageName is '{options.StorageName}'; name the grain storage provider that keeps the tenants' state (default '{RoutingCoreOrleansOptions.DefaultStorageName}').");
        }

        if (options.Redis is not null && string.IsNullOrWhiteSpace(options.Redis))
        {
            errors.Add($"RoutingCoreOrleansOptions.Redis is '{options.Redis}'; give a Redis configuration string (for example 'redis:6379'), or null to keep journals in memory.");
        }

        if (options.SnapshotAfterRecords is < 1 or > 10_000_000)
        {
            errors.Add($"RoutingCoreOrleansOptions.SnapshotAfterRecords is {options.SnapshotAfterRecords}; it must be from 1 to 10,000,000 (default 10,000).");
        }

        if (options.SnapshotInterval < TimeSpan.FromSeconds(1) || options.SnapshotInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"RoutingCoreOrleansOptions.SnapshotInterval is {options.SnapshotInterval}; it must be from 1 second to 1 day (default 1 minute).");
        }

        if (options.WakeUpPeriod < TimeSpan.FromSeconds(1) || options.WakeUpPeriod > TimeSpan.FromDays(1))
        {
            errors.Add($"RoutingCoreOrleansOptions.WakeUpPeriod is {options.WakeUpPeriod}; it must be from 1 second to 1 day (default 1 minute), and at least ReminderOptions.MinimumReminderPeriod.");
        }

        else if (reminders?.Value.MinimumReminderPeriod is { } minimum && options.WakeUpPeriod < minimum)
        {
            errors.Add($"RoutingCoreOrleansOptions.WakeUpPeriod is {options.WakeUpPeriod}; it is below the silo's ReminderOptions.MinimumReminderPeriod ({minimum}): raise it, or lower the minimum (Configure<ReminderOptions>).");
        }

        if (options.EventRetention is < 100 or > 100_000_000)
        {
            errors.Add($"RoutingCoreOrleansOptions.EventRetention is {options.EventRetention}; it must be from 100 to 100,000,000 (default 100,000).");
        }

        if (options.ObserverExpiry <= TimeSpan.Zero)
        {
            errors.Add($"RoutingCoreOrleansOptions.ObserverExpiry is {options.ObserverExpiry}; it must be positive (default 10 minutes).");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}

namespace RoutingCore.Orleans.WakeUps;

/// <summary>
/// The durable wake-up of a tenant: while its engine has a timer armed, an Orleans reminder (kept in the reminder table,
/// Redis in production) ticks every <see cref="RoutingCoreOrleansOptions.WakeUpPeriod"/>. A tick activates the tenant
/// wherever it is placed, so after its silo dies, or stops, its pending timers run without anybody calling: at most the
/// period plus the cluster's failure detection late (a graceful stop has no detection delay).
/// </summary>
/// <remarks>
/// The reminder is registered when a timer is armed and none is registered (one write, on that transition only); it is
/// removed on a tick that finds no timer armed, so the request path pays nothing while the engine stays busy.
/// </remarks>
internal sealed class TenantWakeUps(Grain grain, TimeSpan period)
{
    /// <summary>The reminder's name.</summary>
    public const string ReminderName = "routingcore-wake-up";

    private bool _registered;

    /// <summary>Learns whether the tenant's reminder exists (at activation).</summary>
    public async Task LoadAsync() => _registered = await grain.GetReminder(ReminderName) is not null;

    /// <summary>Registers the reminder when a timer is armed and it is not registered yet.</summary>
    public async Task ArmedAsync(bool armed)
    {
        if (armed && !_registered)
        {
            await grain.RegisterOrUpdateReminder(ReminderName, period, period);
            _registered = true;
        }
    }

    /// <summary>On a tick: removes the reminder when no timer is armed any more.</summary>
    public async Task TickAsync(bool armed)
    {
        if (armed || !_registered)
        {
            return;
        }

        if (await grain.GetReminder(ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        _registered = false;
    }
}

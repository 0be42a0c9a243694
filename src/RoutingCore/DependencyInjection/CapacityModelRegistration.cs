namespace RoutingCore.DependencyInjection;

/// <summary>
/// A capacity model of a user's, made for each engine that names it by the factory given to
/// <c>AddCapacityModel(name, factory)</c> (a singleton instance in the service collection, one per name).
/// </summary>
internal sealed class CapacityModelRegistration(string name, Func<IServiceProvider, string, ICapacityModel> factory)
{
    public string Name { get; } = name;

    /// <summary>Makes the model of engine <paramref name="engine"/>, which must be named as registered.</summary>
    public ICapacityModel Make(IServiceProvider services, string engine)
    {
        ICapacityModel model = factory(services, engine)
            ?? throw new InvalidOperationException($"The capacity model factory registered as '{Name}' returned null for routing engine {IdValidation.Show(engine)}; return an instance.");
        if (!string.Equals(model.Name, Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The capacity model factory registered as '{Name}' made a model named '{model.Name}' ({model.GetType().FullName}) for routing engine {IdValidation.Show(engine)}; the model's Name must be '{Name}', the name it is registered and chosen by.");
        }

        return model;
    }
}

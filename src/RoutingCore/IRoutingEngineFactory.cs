namespace RoutingCore;

/// <summary>
/// Creates routing engines with the strategies, capacity models and <see cref="TimeProvider"/> registered in dependency
/// injection, each with its own options (for example one engine per tenant).
/// </summary>
public interface IRoutingEngineFactory
{
    /// <summary>Creates an engine.</summary>
    /// <param name="options">The engine's options; validated first, every error reported together.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    IRoutingEngine Create(RoutingOptions options);
}

namespace RoutingCore.Orleans.Tests;

/// <summary>Starts one Redis server for every fixture and stops it at the end.</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    private static RedisServer? _redis;

    /// <summary>host:port of the tests' Redis server.</summary>
    internal static string RedisEndpoint => _redis?.Endpoint ?? throw new InvalidOperationException("Redis is not started.");

    [OneTimeSetUp]
    public void StartRedis() => _redis = RedisServer.Start();

    [OneTimeTearDown]
    public void StopRedis()
    {
        _redis?.Dispose();
        _redis = null;
    }
}

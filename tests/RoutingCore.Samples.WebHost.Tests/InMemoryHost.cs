using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>The base of the tests of the host in memory: a new host for each test, keeping nothing (no data folder).</summary>
public abstract class InMemoryHost(string environment = "Development")
{
    private WebApplicationFactory<Program> _factory = null!;

    /// <summary>A client of this test's host.</summary>
    protected HttpClient Client { get; private set; } = null!;

    [SetUp]
    public void StartHost()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            builder.UseEnvironment(environment).UseSetting("Sample:DataFolder", "")); // in memory only
        Client = _factory.CreateClient();
    }

    [TearDown]
    public void StopHost()
    {
        Client.Dispose();
        _factory.Dispose();
    }
}

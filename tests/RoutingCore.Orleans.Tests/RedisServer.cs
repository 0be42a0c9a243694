using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RoutingCore.Orleans.Tests;

/// <summary>
/// A Redis server for the tests' grain storage: the one named by ROUTINGCORE_TEST_REDIS (host:port) when set, else a
/// <c>redis-server</c> child process on a free loopback port, stopped by <see cref="Dispose"/>. As in production, it runs
/// with append-only persistence (every write logged, fsync every second), its files in a temporary folder deleted at the end.
/// The tests never install it (issue 21: "the tests themselves never install system packages"): <c>.ci/run</c> does, and
/// without it the start fails saying how to install it.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process? _process;
    private readonly string? _folder;

    private RedisServer(string endpoint, Process? process, string? folder = null)
    {
        Endpoint = endpoint;
        _process = process;
        _folder = folder;
    }

    /// <summary>host:port of the server.</summary>
    public string Endpoint { get; }

    public static RedisServer Start()
    {
        if (Environment.GetEnvironmentVariable("ROUTINGCORE_TEST_REDIS") is { Length: > 0 } existing)
        {
            return new RedisServer(existing, null);
        }

        int port = FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string folder = Directory.CreateTempSubdirectory("routingcore-redis-").FullName;
        foreach (string argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", folder, "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server was not found on PATH; install it (Debian: apt-get install redis-server; .ci/run does) or set ROUTINGCORE_TEST_REDIS=host:port.", e);
        }

        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer($"127.0.0.1:{port}", process, folder);
        server.WaitUntilReady(port);
        return server;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void WaitUntilReady(int port)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!deadline.IsCancellationRequested)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at once with code {_process.ExitCode}.");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                NetworkStream stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                int read = stream.Read(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            Thread.Sleep(50);
        }

        Dispose();
        throw new InvalidOperationException($"redis-server did not answer on 127.0.0.1:{port} within 15 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

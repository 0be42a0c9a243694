using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RoutingCore.Samples.WebHost.Tests;

/// <summary>
/// The real web host as a child process (<c>dotnet RoutingCore.Samples.WebHost.dll</c>, built beside the tests), on a free
/// loopback port it picks itself (read from its "Now listening on" line) and the given data folder.
/// </summary>
internal sealed partial class WebHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private WebHostProcess(Process process, ConcurrentQueue<string> output, Uri address)
    {
        _process = process;
        _output = output;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    /// <summary>What the host wrote to its console (its log).</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the host and waits until it listens (it restores its data folder before that).</summary>
    public static async Task<WebHostProcess> StartAsync(string dataFolder, CancellationToken cancellation, params string[] settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory, // the content root: the sample's appsettings.json is copied here
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RoutingCore.Samples.WebHost.dll"));
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        start.ArgumentList.Add($"--Sample:DataFolder={dataFolder}");
        start.ArgumentList.Add("--Logging:LogLevel:RoutingCore.Events=Warning");
        foreach (string setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new AssertionException($"The web host exited before it listened:{Environment.NewLine}{string.Join(Environment.NewLine, output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Uri address = await listening.Task.WaitAsync(cancellation);
            return new WebHostProcess(process, output, address);
        }
        catch
        {
            Stop(process);
            throw;
        }

        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
    }

    /// <summary>Kills the process at once (SIGKILL on Linux, as <c>kill -9</c>): no stop, no last snapshot.</summary>
    public void Kill() => Stop(_process);

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
        Client.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}

using BenchmarkDotNet.Running;

namespace RoutingCore.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release -- --filter '*'</c> (or pick classes with --filter; each class says how
/// to run it at its top). <c>dotnet run -c Release -- --memory</c> prints the engine's memory per agent instead
/// (<see cref="MemoryFootprint"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--memory"])
        {
            MemoryFootprint.Run(Console.Out);
            return;
        }

        if (args is ["--soak", ..])
        {
            Environment.ExitCode = SoakCommand.Run(args[1..], Console.Out);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

using BenchmarkDotNet.Running;

namespace RoutingCore.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release -- --filter '*'</c> (or pick classes with --filter).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

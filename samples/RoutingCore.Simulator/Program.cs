// The contact-center simulator: a day of messaging traffic through the real engine on a fake clock.
// dotnet run --project samples/RoutingCore.Simulator -- --help
using RoutingCore.Simulator;

return SimulatorProgram.Run(args, Console.Out, Console.Error);

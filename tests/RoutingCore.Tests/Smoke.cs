namespace RoutingCore.Tests; public class SmokeTests { [Test] public void Works() => 1.ShouldBe(1); }

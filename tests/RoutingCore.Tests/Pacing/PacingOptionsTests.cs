using static RoutingCore.Tests.Pacing.PacingTestData;

namespace RoutingCore.Tests.Pacing;

public class PacingOptionsTests
{
    [Test]
    public void Constructor_Defaults_MatchPacingDefaults()
    {
        var options = new PacingOptions();
        options.Interval.ShouldBe(TimeSpan.FromSeconds(10));
        options.Target.ShouldBe(PacingTarget.AbandonmentRate);
        options.AbandonmentRate.ShouldBe(0.03);
        options.BusyFactor.ShouldBe(0.8);
        options.MaxInvitationsPerInterval.ShouldBe(PacingDefaults.MaxInvitationsPerInterval);
        options.StaleAfter.ShouldBe(TimeSpan.FromSeconds(PacingDefaults.StaleAfterSeconds));
        options.InvitationTimeout.ShouldBe(TimeSpan.FromSeconds(PacingDefaults.InvitationTimeoutSeconds));
        options.SmallGroupSlots.ShouldBe(0); // was 30: the prediction now meets the target in small groups too (issue 17, part 7)
        options.AbandonmentCatchUp.ShouldBe(50);
    }

    [Test]
    public void Validate_Defaults_HasNoErrors() => PacingOptionsValidator.Validate(new PacingOptions()).ShouldBeEmpty();

    [Test]
    public void Create_EveryPropertyInvalid_ThrowsOneErrorNamingEveryProperty()
    {
        var options = new PacingOptions
        {
            Interval = TimeSpan.Zero,
            Target = (PacingTarget)7,
            AbandonmentRate = double.NaN,
            BusyFactor = 1.5,
            MaxInvitationsPerInterval = 0,
            StaleAfter = TimeSpan.FromSeconds(-1),
            InvitationTimeout = TimeSpan.Zero,
            SmallGroupSlots = -1,
            AbandonmentCatchUp = -5,
        };

        PacingOptionsValidator.Validate(options).Count().ShouldBe(9);
        var ex = Should.Throw<ArgumentException>(() => PacingCalculatorFactory.Create(options));
        ex.ParamName.ShouldBe("options");
        foreach (string property in new[] { "Interval", "Target", "AbandonmentRate", "BusyFactor", "MaxInvitationsPerInterval", "StaleAfter", "InvitationTimeout", "SmallGroupSlots", "AbandonmentCatchUp" })
        {
            ex.Message.ShouldContain($"PacingOptions.{property} must");
        }

        ex.Message.ShouldContain("PacingOptions.AbandonmentCatchUp must be at least 0 (got -5); 0 turns the correction off.");
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(-0.2)]
    public void Validate_AbandonmentRateOutsideOpenUnitInterval_ReportsIt(double rate)
        => PacingOptionsValidator.Validate(new PacingOptions { AbandonmentRate = rate }).ShouldHaveSingleItem().ShouldContain("AbandonmentRate");

    [Test]
    public void Create_OptionsChangedAfterwards_CalculatorKeepsItsCopy()
    {
        var options = new PacingOptions { MaxInvitationsPerInterval = 3 };
        var calculator = PacingCalculatorFactory.Create(options);
        options.MaxInvitationsPerInterval = 1000;
        calculator.Calculate(Large() with { Load = 0, ChatsInService = 0 }, Now).Invitations.ShouldBe(3);
    }
}

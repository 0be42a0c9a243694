
namespace RoutingCore.Tests.Workload;

public class WorkloadDistributionValidationTests
{
    private static readonly SkillId Skill = new("sales-es");
    private static readonly AgentGroupId[] Known = [new("vendor-a"), new("vendor-b"), new("vendor-c"), new("overflow-x"), new("overflow-y")];

    private static WorkloadDistributionOptions Options(string primary, string secondary = "", TimeSpan? maxWait = null)
    {
        var options = new WorkloadDistributionOptions { MaxWait = maxWait };
        options.PrimaryGroups.AddRange(Parse(primary));
        options.SecondaryGroups.AddRange(Parse(secondary));
        return options;

        static IEnumerable<AgentGroupShareOptions> Parse(string list) =>
            list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item =>
            {
                var parts = item.Split('=');
                return new AgentGroupShareOptions { Group = parts[0], Percentage = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) };
            });
    }

    private static string Reject(WorkloadDistributionOptions options)
    {
        var exception = Should.Throw<ArgumentException>(() => WorkloadDistribution.FromOptions(Skill, options, Known));
        exception.ParamName.ShouldBe("options");
        return exception.Message;
    }

    private static List<string> Errors(WorkloadDistributionOptions options)
    {
        var errors = new List<string>();
        WorkloadDistributionValidation.Validate(Skill.Value, options, Known.Select(g => g.Value).ToArray(), errors);
        return errors;
    }

    [Test]
    public void FromOptions_ValidPrimaryAndSecondary_BuildsDistributionInConfiguredOrder()
    {
        var distribution = WorkloadDistribution.FromOptions(
            Skill, Options("vendor-a=40, vendor-b=30, vendor-c=30", "overflow-x=50, overflow-y=50", TimeSpan.FromMinutes(2)), Known);
        distribution.Primary.ShouldBe([new(new("vendor-a"), 40), new(new("vendor-b"), 30), new(new("vendor-c"), 30)]);
        distribution.Secondary.ShouldBe([new(new("overflow-x"), 50), new(new("overflow-y"), 50)]);
        distribution.MaxWait.ShouldBe(TimeSpan.FromMinutes(2));
    }

    [Test]
    public void FromOptions_AwkwardButValidPercentages_Accepted()
    {
        Should.NotThrow(() => WorkloadDistribution.FromOptions(Skill, Options("vendor-a=33.33, vendor-b=33.33, vendor-c=33.34"), Known));
        Should.NotThrow(() => WorkloadDistribution.FromOptions(Skill, Options("vendor-a=99.5, vendor-b=0.5"), Known));
        Should.NotThrow(() => WorkloadDistribution.FromOptions(Skill, Options("vendor-a=33.33, vendor-b=33.33, vendor-c=33.33"), Known)); // 99.99: within 0.01
        Should.NotThrow(() => WorkloadDistribution.FromOptions(Skill, Options("vendor-a=100, vendor-b=0"), Known));
        Should.NotThrow(() => WorkloadDistribution.FromOptions(Skill, Options("vendor-a=100", "overflow-x=100"), Known));
    }

    [Test]
    public void FromOptions_NoKnownGroupsGiven_SkipsTheUnknownGroupCheck()
    {
        Should.NotThrow(() => WorkloadDistribution.FromOptions(Skill, Options("anyone=50, someone=50")));
    }

    [Test]
    public void FromOptions_SumNotHundred_RejectedNamingSkillGroupsAndSum()
    {
        string message = Reject(Options("vendor-a=40, vendor-b=50"));
        message.ShouldContain("skill 'sales-es'");
        message.ShouldContain("the percentages of the primary groups ('vendor-a' 40, 'vendor-b' 50) sum to 90; they must sum to 100 (within 0.01)");
    }

    [Test]
    public void FromOptions_SumJustOutsideTolerance_Rejected()
    {
        Reject(Options("vendor-a=50, vendor-b=50.02")).ShouldContain("sum to 100.02");
    }

    [Test]
    public void FromOptions_SecondarySumNotHundred_RejectedNamingTheSecondaryList()
    {
        Reject(Options("vendor-a=50, vendor-b=50", "overflow-x=60, overflow-y=60"))
            .ShouldContain("the percentages of the secondary groups ('overflow-x' 60, 'overflow-y' 60) sum to 120");
    }

    [Test]
    public void FromOptions_PercentageAboveHundred_RejectedNamingSkillAndGroup()
    {
        string message = Reject(Options("vendor-a=-30, vendor-b=130"));
        message.ShouldContain("Workload distribution of skill 'sales-es': agent group 'vendor-b' in the primary groups has percentage 130; percentages must be between 0 and 100");
        message.ShouldNotContain("the percentages of the primary groups");
    }

    [Test]
    public void FromOptions_NegativePercentage_RejectedNamingSkillAndGroup()
    {
        Reject(Options("vendor-a=110, vendor-b=-10"))
            .ShouldContain("skill 'sales-es': agent group 'vendor-b' in the primary groups has percentage -10; percentages must be between 0 and 100");
    }

    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "Infinity")]
    [TestCase(double.NegativeInfinity, "-Infinity")]
    public void FromOptions_NonFinitePercentage_RejectedNamingSkillAndGroup(double percentage, string shown)
    {
        var options = Options("vendor-a=50", "overflow-x=100");
        options.PrimaryGroups.Add(new AgentGroupShareOptions { Group = "vendor-b", Percentage = percentage });
        var errors = Errors(options);
        errors.Count.ShouldBe(1);
        errors[0].ShouldBe($"Workload distribution of skill 'sales-es': agent group 'vendor-b' in the primary groups has percentage {shown}; percentages must be finite numbers between 0 and 100, and each list must sum to 100.");
    }

    [Test]
    public void FromOptions_GroupTwiceInOneList_RejectedOnce()
    {
        var errors = Errors(Options("vendor-a=25, vendor-b=25, vendor-a=25, vendor-a=25"));
        errors.ShouldBe(["Workload distribution of skill 'sales-es': agent group 'vendor-a' is listed more than once in the primary groups; list each group once."]);
    }

    [Test]
    public void FromOptions_GroupInBothLists_Rejected()
    {
        Reject(Options("vendor-a=50, vendor-b=50", "vendor-b=100"))
            .ShouldContain("skill 'sales-es': agent group 'vendor-b' is listed in both the primary and the secondary groups");
    }

    [Test]
    public void FromOptions_UnknownGroup_RejectedNamingItAndTheKnownGroups()
    {
        Reject(Options("vendor-a=50, vendor-z=50"))
            .ShouldContain("skill 'sales-es': agent group 'vendor-z' in the primary groups is not a known agent group; known groups are 'overflow-x', 'overflow-y', 'vendor-a', 'vendor-b', 'vendor-c'.");
    }

    [Test]
    public void FromOptions_SecondaryWithoutPrimary_Rejected()
    {
        var errors = Errors(Options("", "overflow-x=50, overflow-y=50"));
        errors.ShouldBe(["Workload distribution of skill 'sales-es': there are secondary groups ('overflow-x' 50, 'overflow-y' 50) but no primary groups; configure the primary groups too, or remove the distribution."]);
    }

    [Test]
    public void FromOptions_SingleGroup_Rejected()
    {
        Errors(Options("vendor-a=100")).ShouldBe(
            ["Workload distribution of skill 'sales-es': only agent group 'vendor-a' is configured; a workload distribution needs at least two agent groups across its primary and secondary groups."]);
    }

    [Test]
    public void FromOptions_NoGroups_Rejected()
    {
        Reject(Options("")).ShouldContain("skill 'sales-es': no agent group is configured; a workload distribution needs at least two agent groups");
    }

    [Test]
    public void FromOptions_EmptyGroupName_RejectedNamingTheEntry()
    {
        var options = Options("vendor-a=50");
        options.PrimaryGroups.Add(new AgentGroupShareOptions { Group = " ", Percentage = 50 });
        Reject(options).ShouldContain("skill 'sales-es': entry #2 of the primary groups has agent group ' ', which is not a valid agent group id");
    }

    [Test]
    public void FromOptions_NonPositiveMaxWait_Rejected()
    {
        Reject(Options("vendor-a=50, vendor-b=50", maxWait: TimeSpan.FromSeconds(-5)))
            .ShouldContain("skill 'sales-es': MaxWait is -00:00:05; it must be positive");
        Reject(Options("vendor-a=50, vendor-b=50", maxWait: TimeSpan.Zero)).ShouldContain("MaxWait is 00:00:00");
    }

    [Test]
    public void FromOptions_SeveralProblems_AllReportedInOneMessage()
    {
        var options = Options("vendor-a=130, vendor-a=10, vendor-z=10", "vendor-a=50, overflow-x=40");
        options.SecondaryGroups.Add(new AgentGroupShareOptions { Group = "overflow-y", Percentage = double.NaN });
        string message = Reject(options);
        message.ShouldStartWith("The workload distribution of skill 'sales-es' is invalid (6 errors):");
        message.ShouldContain("agent group 'vendor-a' in the primary groups has percentage 130");
        message.ShouldContain("agent group 'vendor-a' is listed more than once in the primary groups");
        message.ShouldContain("agent group 'vendor-z' in the primary groups is not a known agent group");
        message.ShouldContain("the percentages of the primary groups ('vendor-a' 130, 'vendor-a' 10, 'vendor-z' 10) sum to 150");
        message.ShouldContain("agent group 'overflow-y' in the secondary groups has percentage NaN");
        message.ShouldContain("agent group 'vendor-a' is listed in both the primary and the secondary groups");
        message.Split(Environment.NewLine).Skip(1).ShouldAllBe(line => line.StartsWith("  - Workload distribution of skill 'sales-es': ", StringComparison.Ordinal));
    }

    [Test]
    public void Create_InvalidShares_ThrowsListingEveryError()
    {
        var exception = Should.Throw<ArgumentException>(() => WorkloadDistribution.Create(
            [new(new("vendor-a"), 60), new(new("vendor-a"), 60)], [new(default, 100)]));
        exception.Message.ShouldStartWith("The workload distribution is invalid (4 errors):");
        exception.Message.ShouldContain("agent group 'vendor-a' is listed more than once in the primary groups");
        exception.Message.ShouldContain("sum to 120");
        exception.Message.ShouldContain("entry #1 of the secondary groups has agent group ''");
        exception.Message.ShouldContain("only agent group 'vendor-a' is configured");
    }

    [Test]
    public void ToOptions_RoundTrip_GivesAnEqualDistribution()
    {
        var original = WorkloadDistribution.Create(
            [new(new("vendor-a"), 40), new(new("vendor-b"), 60)], [new(new("overflow-x"), 100)], TimeSpan.FromSeconds(90));
        var copy = WorkloadDistribution.FromOptions(Skill, original.ToOptions(), Known);
        copy.Primary.ShouldBe(original.Primary);
        copy.Secondary.ShouldBe(original.Secondary);
        copy.MaxWait.ShouldBe(original.MaxWait);
    }

    [Test]
    public void Validate_ValidOptions_AddsNoErrors()
    {
        Errors(Options("vendor-a=40, vendor-b=30, vendor-c=30", "overflow-x=100", TimeSpan.FromMinutes(1))).ShouldBeEmpty();
    }

    [Test]
    public void Validate_NullEntryInList_ReportedNotThrown()
    {
        var options = Options("vendor-a=50, vendor-b=50");
        options.PrimaryGroups.Add(null!);
        Errors(options).ShouldContain(e => e.Contains("entry #3 of the primary groups", StringComparison.Ordinal));
    }
}

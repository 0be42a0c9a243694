using System.Collections.Immutable;
using RoutingCore.Tests.State;

namespace RoutingCore.Tests.Engine;

/// <summary>
/// Free text the engine keeps (display names, conversation types, attribute keys and values) must be well-formed UTF-16: an
/// unpaired surrogate cannot be encoded, so a saved state would carry U+FFFD instead and two different values could become
/// one. It is refused like a bad id, naming the field, the escaped value and what is valid, and nothing accepted is lost;
/// well-formed text (surrogate pairs included) is kept exactly, through a save and a restore.
/// </summary>
public sealed class WellFormedTextTests
{
    [Test]
    public void Submit_AttributeKeysDifferingOnlyInAnUnpairedSurrogate_IsRefusedNamingBothAndChangesNothing()
    {
        using var kit = new EngineKit();
        kit.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        kit.Engine.Submit(TestEngine.Chat("c0"));
        kit.Engine.Accept(new ConversationId("c0"), new AgentId("a1"));
        string before = StateKit.Save(kit.Engine);
        var request = new ConversationRequest(new ConversationId("c1"))
        {
            Skill = new SkillId("sales"),
            Attributes = ImmutableDictionary<string, string>.Empty.Add("k\uD800", "1").Add("k\uDBFF", "2"),
        };

        ArgumentException error = Should.Throw<ArgumentException>(() => kit.Engine.Submit(request));

        error.ParamName.ShouldBe("conversation");
        error.Message.ShouldContain("Invalid conversation request (2 problems)");
        error.Message.ShouldContain("conversation 'c1' has an attribute key with an unpaired surrogate U+D800 at index 1 (the Attributes key is 'k\\ud800')");
        error.Message.ShouldContain("conversation 'c1' has an attribute key with an unpaired surrogate U+DBFF at index 1 (the Attributes key is 'k\\udbff')");
        StateKit.Save(kit.Engine).ShouldBe(before);
        kit.Engine.GetConversation(new ConversationId("c0")).State.ShouldBe(ConversationState.Assigned);
        kit.Engine.Submit(TestEngine.Chat("c1")).State.ShouldBe(ConversationState.Offered, "the refused id was not taken");
    }

    [Test]
    public void UpdateAgent_DisplayNameWithAnUnpairedSurrogate_IsRefusedAndTheAgentKeepsItsProfile()
    {
        using var kit = new EngineKit();
        kit.Engine.AddAgent(new AgentProfile(new AgentId("a1")) { DisplayName = "Ann", Tags = ["en"] }, AgentState.Online);

        ArgumentException error = Should.Throw<ArgumentException>(() =>
            kit.Engine.UpdateAgent(new AgentProfile(new AgentId("a1")) { DisplayName = "Ann \uD83D", Tags = ["fr"] }));

        error.ParamName.ShouldBe("profile");
        error.Message.ShouldContain("agent 'a1' has a display name with an unpaired surrogate U+D83D at index 4 (DisplayName is 'Ann \\ud83d'); use well-formed Unicode text (or null for none)");
        AgentProfile kept = kit.Engine.GetAgent(new AgentId("a1")).Profile;
        kept.DisplayName.ShouldBe("Ann");
        kept.Tags.ShouldBe(["en"]);
    }

    [Test]
    public void AddAgent_SeveralBadTags_NamesEachValueAndItsIndexAndAddsNobody()
    {
        using var kit = new EngineKit();
        kit.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);

        ArgumentException error = Should.Throw<ArgumentException>(() =>
            kit.Engine.AddAgent(new AgentProfile(new AgentId("a2")) { Tags = ["en", null!, "\t\n", "fr\u0085"] }, AgentState.Online));

        error.ParamName.ShouldBe("profile");
        error.Message.ShouldContain("Invalid agent profile (3 problems)");
        error.Message.ShouldContain("agent 'a2' has a null, empty or white-space tag (Tags[1] is null)");
        error.Message.ShouldContain("agent 'a2' has a null, empty or white-space tag (Tags[2] is '\\u0009\\u000a')");
        error.Message.ShouldContain("agent 'a2' has tag 'fr\\u0085' with a control character (Tags[3])");
        kit.Engine.GetAgents().Select(a => a.Id.Value).ShouldBe(["a1"]);
    }

    [Test]
    public void RestoreState_WellFormedTextWithSurrogatePairs_KeepsEveryValueExactly()
    {
        const string Name = "Zoë 👩‍💻";
        const string Type = "urgent 🔥";
        ImmutableDictionary<string, string> attributes = ImmutableDictionary<string, string>.Empty
            .Add("k😀", "v👍")
            .Add("k😁", "v👍")
            .Add("empty", string.Empty);
        string document;
        using (var saved = new EngineKit(o => o.ResponseSla.ByConversationType[Type] = TimeSpan.FromMinutes(5)))
        {
            saved.Engine.AddAgent(new AgentProfile(new AgentId("a1")) { DisplayName = Name, Skills = [new SkillId("sales")] }, AgentState.Online);
            saved.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales"), ConversationType = Type, Attributes = attributes });
            document = StateKit.Save(saved.Engine);
        }

        using var restored = new EngineKit(o => o.ResponseSla.ByConversationType[Type] = TimeSpan.FromMinutes(5));
        StateKit.Restore(restored.Engine, document);

        restored.Engine.GetAgent(new AgentId("a1")).Profile.DisplayName.ShouldBe(Name);
        ConversationRequest request = restored.Engine.GetConversation(new ConversationId("c1")).Request;
        request.ConversationType.ShouldBe(Type);
        request.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).ShouldBe(attributes.OrderBy(a => a.Key, StringComparer.Ordinal));
        restored.Engine.GetConversation(new ConversationId("c1")).SlaDue.ShouldBe(EngineKit.Start + TimeSpan.FromMinutes(5));
    }
}

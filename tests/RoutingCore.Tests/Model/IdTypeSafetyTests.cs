using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RoutingCore.Tests.Model;

/// <summary>
/// The id types cannot be mixed up: C# snippets are compiled with Roslyn against the RoutingCore assembly under test, and a
/// swapped pair of ids, a bare string where an id is expected, or one kind of id where another is expected does not compile.
/// Every snippet that must fail has a twin that must compile, so a broken harness (a missing reference, a typo in the
/// wrapper) cannot pass the negative cases by accident.
/// </summary>
public sealed class IdTypeSafetyTests
{
    /// <summary>What comes before a snippet: an engine, two ids and a flag at hand.</summary>
    private const string Prefix = """
        using RoutingCore;

        public static class Snippet
        {
            public static void Run(IRoutingEngine engine, AgentId agentId, ConversationId conversationId, bool flag)
            {

        """;

    /// <summary>What comes after a snippet.</summary>
    private const string Suffix = """

            }
        }
        """;

    private static readonly string[] IdTypes = ["AgentId", "ConversationId", "ConsumerId", "SkillId", "AgentGroupId", "MediaType", "OperationId", "MessageId"];

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var paths = new HashSet<string>(StringComparer.Ordinal) { typeof(IRoutingEngine).Assembly.Location };
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        foreach (string path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.GetFileName(path).Equals(Path.GetFileName(typeof(IRoutingEngine).Assembly.Location), StringComparison.OrdinalIgnoreCase))
            {
                paths.Add(path);
            }
        }

        return [.. paths.Select(path => MetadataReference.CreateFromFile(path))];
    });

    [Test]
    public void Compile_CorrectAccept_HasNoError() =>
        Errors("engine.Accept(conversationId, agentId);").ShouldBeEmpty();

    [Test]
    public void Compile_AcceptWithAgentAndConversationSwapped_FailsWithCS1503ForBothArguments()
    {
        ImmutableArray<Diagnostic> errors = Errors("engine.Accept(agentId, conversationId);");

        errors.Select(e => e.Id).ShouldBe(["CS1503", "CS1503"]);
        errors[0].GetMessage().ShouldContain("Argument 1: cannot convert from 'RoutingCore.AgentId' to 'RoutingCore.ConversationId'");
        errors[1].GetMessage().ShouldContain("Argument 2: cannot convert from 'RoutingCore.ConversationId' to 'RoutingCore.AgentId'");
    }

    [Test]
    public void Compile_AcceptWithStringLiterals_FailsWithCS1503()
    {
        ImmutableArray<Diagnostic> errors = Errors("engine.Accept(\"conv-1\", \"alice\");");

        errors.Select(e => e.Id).ShouldBe(["CS1503", "CS1503"]);
        errors[0].GetMessage().ShouldContain("Argument 1: cannot convert from 'string' to 'RoutingCore.ConversationId'");
        errors[1].GetMessage().ShouldContain("Argument 2: cannot convert from 'string' to 'RoutingCore.AgentId'");
    }

    [Test]
    public void Compile_AcceptWithIdsBuiltFromTheSameStrings_HasNoError() =>
        Errors("engine.Accept(new ConversationId(\"conv-1\"), AgentId.From(\"alice\"));").ShouldBeEmpty();

    [Test]
    public void Compile_StringAssignedToAnId_FailsAndTheExplicitConversionCompiles()
    {
        Errors("AgentId a = \"alice\";").Select(e => e.Id).ShouldBe(["CS0266"], "an explicit conversion exists, an implicit one does not");
        Errors("AgentId a = (AgentId)\"alice\";").ShouldBeEmpty();
    }

    [Test]
    public void Compile_OneKindOfIdWhereAnotherIsExpected_FailsForEveryPair()
    {
        var lines = new List<(string Target, string Source)>();
        foreach (string target in IdTypes)
        {
            foreach (string source in IdTypes.Where(s => s != target))
            {
                lines.Add((target, source));
            }
        }

        // One statement a line, each on its own line: every line must carry its own error.
        string body = string.Join("\n", lines.Select(l => $"{{ {l.Target} v = default({l.Source}); }}"));
        ImmutableArray<Diagnostic> errors = Errors(body);

        int firstLine = LineOfBody();
        for (int i = 0; i < lines.Count; i++)
        {
            (string target, string source) = lines[i];
            errors.ShouldContain(
                e => e.Location.GetLineSpan().StartLinePosition.Line == firstLine + i && e.Id == "CS0029",
                $"{source} must not convert to {target}");
        }

        Errors(string.Join("\n", IdTypes.Select(t => $"{{ {t} v = default({t}); }}"))).ShouldBeEmpty("the same type converts");
    }

    [Test]
    public void Compile_RetryIds_GoOnlyWhereTheyBelong()
    {
        // Issue 18: an operation id names a call (ReturnToQueue, Transfer), a message id a message (ReportMessage).
        Errors("""
            engine.ReturnToQueue(conversationId, new OperationId("op-1"));
            engine.Transfer(conversationId, new SkillId("sales"), new OperationId("op-2"));
            engine.ReportMessage(conversationId, MessageAuthor.Consumer, null, new MessageId("m-1"));
            engine.ReportMessage(conversationId, MessageAuthor.Consumer, message: null);
            """).ShouldBeEmpty();
        Errors("engine.Transfer(conversationId, new SkillId(\"sales\"), new MessageId(\"m-1\"));").Select(e => e.Id).ShouldBe(["CS1503"]);
        Errors("engine.ReportMessage(conversationId, MessageAuthor.Consumer, null, new OperationId(\"op-1\"));").Select(e => e.Id).ShouldBe(["CS1503"]);
        Errors("engine.ReturnToQueue(conversationId, \"op-1\");").Select(e => e.Id).ShouldBe(["CS1503"]);
    }

    [Test]
    public void Compile_NullForNullableIds_Compiles()
    {
        const string Body = """
            ConsumerId? c = flag ? new ConsumerId("u1") : null;
            SkillId? s = null;
            SkillId? t = flag ? null : new SkillId("sales");
            var request = new ConversationRequest(conversationId) { Consumer = flag ? new ConsumerId("u1") : null, Skill = null };
            request = new ConversationRequest(conversationId) { Consumer = null, Skill = s ?? t };
            _ = engine.GetWaitingConversations(null);
            _ = engine.GetWaitingConversations(s);
            _ = c;
            """;

        Errors(Body).ShouldBeEmpty();
    }

    [Test]
    public void NullableIds_NullThroughAConditionalOrAnInitializer_NeverThrows()
    {
        bool flag = false;
        ConsumerId? none = flag ? new ConsumerId("u1") : null;
        SkillId? noSkill = null;
        none.ShouldBeNull();
        noSkill.ShouldBeNull();
        flag = true;
        ConsumerId? some = flag ? new ConsumerId("u1") : null;
        some.ShouldBe(new ConsumerId("u1"));

        using var kit = new EngineKit();
        kit.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);
        var request = new ConversationRequest(new ConversationId("c1")) { Consumer = none, Skill = noSkill };
        ConversationSnapshot submitted = kit.Engine.Submit(request);

        submitted.State.ShouldBe(ConversationState.Offered);
        submitted.Request.Consumer.ShouldBeNull();
        submitted.Request.Skill.ShouldBeNull();
    }

    [Test]
    public void GetWaitingConversations_Null_ListsEveryWaitingConversation()
    {
        using var kit = new EngineKit();
        kit.Engine.AddAgent(TestEngine.Agent("a1", "sales"), AgentState.Away); // held skills: conversations wait on them
        kit.Engine.AddAgent(TestEngine.Agent("a2", "support"), AgentState.Away);
        kit.Engine.Submit(TestEngine.Chat("c1", "sales"));
        kit.Engine.Submit(TestEngine.Chat("c2", "support"));

        kit.Engine.GetWaitingConversations(null).Select(w => w.Request.Id.Value).ShouldBe(["c1", "c2"], ignoreOrder: true);
        kit.Engine.GetWaitingConversations(new SkillId("support")).Select(w => w.Request.Id.Value).ShouldBe(["c2"]);
    }

    [Test]
    public void Options_NullDefaultAndFallbackSkills_AreValidAndRouteToAnyAgent()
    {
        using var kit = new EngineKit(o =>
        {
            o.DefaultSkill = null;
            o.FallbackSkill = null;
            o.Skills["sales"] = new SkillOptions { FallbackSkill = null };
        });
        kit.Engine.AddAgent(TestEngine.Agent("a1"), AgentState.Online);

        kit.Engine.Submit(TestEngine.Chat("c1", skill: null)).OfferedTo.ShouldBe([new AgentId("a1")]);
    }

    /// <summary>The compile errors of <paramref name="body"/>, the body of a method with an engine, two ids and a flag at hand.</summary>
    private static ImmutableArray<Diagnostic> Errors(string body)
    {
        string source = Prefix + body + Suffix;
        CSharpCompilation compilation = CSharpCompilation.Create(
            "IdSnippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Location.SourceSpan.Start)];
    }

    /// <summary>The zero-based line a snippet's body starts on.</summary>
    private static int LineOfBody() => Prefix.Count(c => c == '\n');
}

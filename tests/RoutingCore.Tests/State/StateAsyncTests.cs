using System.Text;

namespace RoutingCore.Tests.State;

/// <summary>SaveStateAsync and RestoreStateAsync: for streams that refuse synchronous I/O (an ASP.NET Core body).</summary>
public sealed class StateAsyncTests
{
    private static EngineKit Busy()
    {
        var kit = new EngineKit(o => o.StepDelay = TimeSpan.FromSeconds(10));
        kit.Engine.AddAgent(new AgentProfile(new AgentId("ann")) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
        kit.Engine.AddAgent(new AgentProfile(new AgentId("bob")) { Skills = [new AgentSkill(new SkillId("sales"))] }, AgentState.Online);
        kit.Engine.Submit(new ConversationRequest(new ConversationId("c1")) { Skill = new SkillId("sales") });
        kit.Engine.Accept(new ConversationId("c1"), new AgentId("ann"));
        kit.Engine.Submit(new ConversationRequest(new ConversationId("c2")) { Skill = new SkillId("sales") });
        return kit;
    }

    [Test]
    public async Task SaveStateAsync_ToAStreamThatRefusesSynchronousWrites_WritesWhatSaveStateWrites()
    {
        using EngineKit kit = Busy();
        using var body = new AsyncOnlyStream();
        await kit.Engine.SaveStateAsync(body);
        Encoding.UTF8.GetString(body.ToArray()).ShouldBe(StateKit.Save(kit.Engine));
    }

    [Test]
    public async Task RestoreStateAsync_FromAStreamThatRefusesSynchronousReads_RestoresTheSameState()
    {
        using EngineKit kit = Busy();
        string document = StateKit.Save(kit.Engine);
        using var restored = new EngineKit(o => o.StepDelay = TimeSpan.FromSeconds(10), clock: kit.Clock);
        using var body = new AsyncOnlyStream(Encoding.UTF8.GetBytes(document));
        await restored.Engine.RestoreStateAsync(body);
        StateKit.Save(restored.Engine).ShouldBe(document);
        restored.Engine.GetConversation(new ConversationId("c1")).Agent.ShouldBe(new AgentId("ann"));
    }

    [Test]
    public async Task RestoreStateAsync_Canceled_LeavesTheEngineEmptyAndRestorableLater()
    {
        using EngineKit kit = Busy();
        string document = StateKit.Save(kit.Engine);
        using var restored = new EngineKit(o => o.StepDelay = TimeSpan.FromSeconds(10), clock: kit.Clock);
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => restored.Engine.RestoreStateAsync(new MemoryStream(Encoding.UTF8.GetBytes(document)), canceled.Token));
        restored.Engine.GetAgents().ShouldBeEmpty();
        await restored.Engine.RestoreStateAsync(new MemoryStream(Encoding.UTF8.GetBytes(document)));
        StateKit.Save(restored.Engine).ShouldBe(document);
    }

    [Test]
    public async Task SaveStateAsync_Canceled_ThrowsAndChangesNothing()
    {
        using EngineKit kit = Busy();
        string before = StateKit.Save(kit.Engine);
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => kit.Engine.SaveStateAsync(new MemoryStream(), canceled.Token));
        StateKit.Save(kit.Engine).ShouldBe(before);
    }

    [Test]
    public async Task RestoreStateAsync_IntoAnEngineWithAgents_IsRefusedBeforeReading()
    {
        using EngineKit kit = Busy();
        using var body = new AsyncOnlyStream(Encoding.UTF8.GetBytes(StateKit.Save(kit.Engine)));
        RoutingOperationException refused = await Should.ThrowAsync<RoutingOperationException>(() => kit.Engine.RestoreStateAsync(body));
        refused.Code.ShouldBe(RoutingErrorCode.EngineNotEmpty);
        refused.Message.ShouldContain("no agents and no conversations");
        body.Position.ShouldBe(0);
    }

    [Test]
    public async Task StateAsync_BadStreams_AreRefusedNamingTheParameter()
    {
        using EngineKit kit = Busy();
        (await Should.ThrowAsync<ArgumentNullException>(() => kit.Engine.SaveStateAsync(null!))).ParamName.ShouldBe("destination");
        (await Should.ThrowAsync<ArgumentNullException>(() => kit.Engine.RestoreStateAsync(null!))).ParamName.ShouldBe("source");
        using var readOnly = new MemoryStream(new byte[4], writable: false);
        (await Should.ThrowAsync<ArgumentException>(() => kit.Engine.SaveStateAsync(readOnly))).ParamName.ShouldBe("destination");
        using var writeOnly = new WriteOnlyStream();
        (await Should.ThrowAsync<ArgumentException>(() => kit.Engine.RestoreStateAsync(writeOnly))).ParamName.ShouldBe("source");
    }

    [Test]
    public async Task RestoreStateAsync_ACorruptDocument_IsRefusedAndTheEngineStaysEmpty()
    {
        using var restored = new EngineKit();
        await Should.ThrowAsync<RoutingStateException>(() => restored.Engine.RestoreStateAsync(new AsyncOnlyStream(Encoding.UTF8.GetBytes("{\"formatVersion\":1,"))));
        restored.Engine.GetAgents().ShouldBeEmpty();
    }

    /// <summary>Like an ASP.NET Core body: synchronous reads and writes throw; asynchronous ones go to a memory buffer.</summary>
    private sealed class AsyncOnlyStream : Stream
    {
        private readonly MemoryStream _inner;

        public AsyncOnlyStream()
        {
            _inner = new MemoryStream();
        }

        public AsyncOnlyStream(byte[] content)
        {
            _inner = new MemoryStream(content);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => throw new NotSupportedException();
        }

        public byte[] ToArray() => _inner.ToArray();

        public override int Read(byte[] buffer, int offset, int count) => throw Disallowed();

        public override void Write(byte[] buffer, int offset, int count) => throw Disallowed();

        public override void Flush() => throw Disallowed();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private static InvalidOperationException Disallowed() => new("Synchronous operations are disallowed.");
    }

    private sealed class WriteOnlyStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}

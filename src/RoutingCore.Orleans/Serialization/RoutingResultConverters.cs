namespace RoutingCore.Orleans.Serialization;

/// <summary>The wire form of <see cref="RoutingResult"/>: success (code 0, which no <see cref="RoutingErrorCode"/> uses), or its code and message.</summary>
[GenerateSerializer]
internal struct RoutingResultSurrogate
{
    [Id(0)]
    public int Code;

    [Id(1)]
    public string? Message;
}

[RegisterConverter]
internal sealed class RoutingResultConverter : IConverter<RoutingResult, RoutingResultSurrogate>
{
    public RoutingResult ConvertFromSurrogate(in RoutingResultSurrogate surrogate) =>
        surrogate.Code == 0 ? RoutingResult.Success : RoutingResult.Failure((RoutingErrorCode)surrogate.Code, surrogate.Message ?? "");

    public RoutingResultSurrogate ConvertToSurrogate(in RoutingResult value) =>
        new() { Code = value.Error is { } code ? (int)code : 0, Message = value.Message };
}

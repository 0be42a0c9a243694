namespace RoutingCore.Orleans.Serialization;

/// <summary>
/// The wire form of <see cref="RoutingOperationException"/> (the core library does not depend on Orleans, so the
/// exception carries no serializer of its own): its code and message reach the caller as the same exception type.
/// </summary>
[GenerateSerializer]
internal struct RoutingOperationExceptionSurrogate
{
    [Id(0)]
    public int Code;

    [Id(1)]
    public string Message;
}

[RegisterConverter]
internal sealed class RoutingOperationExceptionConverter : IConverter<RoutingOperationException, RoutingOperationExceptionSurrogate>
{
    public RoutingOperationException ConvertFromSurrogate(in RoutingOperationExceptionSurrogate surrogate) =>
        new((RoutingErrorCode)surrogate.Code, surrogate.Message);

    public RoutingOperationExceptionSurrogate ConvertToSurrogate(in RoutingOperationException value) =>
        new() { Code = (int)value.Code, Message = value.Message };
}

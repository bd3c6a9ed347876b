namespace Stevedore.Aws.Protocols;

/// <summary>What a protocol encoder answers: status, content type, body and any extra headers.</summary>
public sealed record WireResponse(int Status, string ContentType, ReadOnlyMemory<byte> Body)
{
    /// <summary>Headers to send besides <c>Content-Type</c> and the request id.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}

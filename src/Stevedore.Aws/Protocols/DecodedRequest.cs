using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>A request decoded by its protocol: the implemented operation and its validated input tree.</summary>
/// <param name="Operation">The implemented operation's model.</param>
/// <param name="Input">The input keyed by model member names; timestamps are <see cref="DateTimeOffset"/> values and blobs
/// <c>byte[]</c> values, whatever the wire form.</param>
public sealed record DecodedRequest(OperationModel Operation, JsonObject Input)
{
    /// <summary>The operation's name (<c>CreateRole</c>).</summary>
    public string Name => Operation.Name;
}

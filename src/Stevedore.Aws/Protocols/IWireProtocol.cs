using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// One AWS wire protocol (Query, EC2, JSON 1.0/1.1, REST-XML): how a request names its operation and
/// carries its input, and how outputs and errors go back. Services describe their shapes with the
/// model; the protocol alone knows the wire.
/// </summary>
public interface IWireProtocol
{
    /// <summary>Finds the operation and decodes and validates its input.</summary>
    /// <exception cref="AwsServiceException">The protocol's errors for unknown or unimplemented operations, bad bodies and validation.</exception>
    DecodedRequest Decode(ServiceModel model, WireRequest request);

    /// <summary>Encodes a successful output (keyed by model member names; null for none).</summary>
    WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId);

    /// <summary>Encodes an error in the protocol's shape.</summary>
    WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId);
}

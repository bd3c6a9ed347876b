using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// A blob member in a request or output tree: a <see cref="JsonValue"/> holding the bytes (read back with
/// <c>GetValue&lt;byte[]&gt;()</c>). Made with source-generated metadata, so it works in the ahead-of-time compiled binary.
/// </summary>
public static class BlobValue
{
    public static JsonValue Create(byte[] bytes) => JsonValue.Create(bytes, BlobJsonContext.Default.ByteArray)!;
}

/// <summary>Serializer metadata for blobs, generated at compile time.</summary>
[JsonSerializable(typeof(byte[]))]
internal sealed partial class BlobJsonContext : JsonSerializerContext;

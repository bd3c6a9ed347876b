namespace Stevedore.Aws.Models;

/// <summary>
/// A reference to a shape with the serialization traits attached at the point of use: a
/// structure member, a list's <c>member</c>, a map's <c>key</c>/<c>value</c>, or an operation's
/// input/output.
/// </summary>
public sealed class MemberModel
{
    internal MemberModel(string name, Shape shape)
    {
        Name = name;
        Shape = shape;
    }

    /// <summary>The member name as the model spells it (<c>RoleName</c>); for list members
    /// <c>member</c>, for map parts <c>key</c>/<c>value</c>.</summary>
    public string Name { get; }

    /// <summary>The target shape.</summary>
    public Shape Shape { get; }

    /// <summary>The wire name override (<c>locationName</c>), if any.</summary>
    public string? LocationName { get; internal init; }

    /// <summary>Where a REST protocol puts the member (header, uri, querystring, …), if any.</summary>
    public string? Location { get; internal init; }

    /// <summary>EC2 query name override (<c>queryName</c>), if any.</summary>
    public string? QueryName { get; internal init; }

    /// <summary>Member-level <c>flattened</c> trait (lists and maps in XML).</summary>
    public bool Flattened { get; internal init; }

    /// <summary>Whether the member is an XML attribute rather than an element.</summary>
    public bool XmlAttribute { get; internal init; }

    /// <summary>Member-level XML namespace, if any.</summary>
    public string? XmlNamespace { get; internal init; }

    /// <summary>Member-level timestamp format override, if any.</summary>
    public string? TimestampFormat { get; internal init; }

    /// <summary>Whether a JSON string member carries a JSON document (<c>jsonvalue</c>).</summary>
    public bool JsonValue { get; internal init; }

    /// <summary>Whether the member is a streaming body (REST protocols: the raw HTTP body).</summary>
    public bool Streaming { get; internal init; }

    /// <summary>Whether the client fills this member with an idempotency token.</summary>
    public bool IdempotencyToken { get; internal init; }

    /// <summary>The name on the wire for XML and Query: <see cref="LocationName"/> or <see cref="Name"/>.</summary>
    public string WireName => LocationName ?? Name;

    /// <summary>Whether this list/map is serialized flattened (member or shape trait).</summary>
    public bool IsFlattened => Flattened || Shape.Flattened;

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Shape.Name}";
}

using System.Text.RegularExpressions;

namespace Stevedore.Aws.Models;

/// <summary>A named shape of an AWS service model with the constraints Stevedore validates.</summary>
public sealed class Shape
{
    private static readonly IReadOnlyList<MemberModel> NoMembers = [];
    private static readonly IReadOnlyDictionary<string, MemberModel> NoMemberMap = new Dictionary<string, MemberModel>();
    private Regex? _regex;

    internal Shape(string name, ShapeType type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>REST protocols: the member that is the whole HTTP body (<c>payload</c> trait), if any.</summary>
    public string? Payload { get; internal init; }

    /// <summary>The shape's name in the model (<c>roleNameType</c>).</summary>
    public string Name { get; }

    /// <summary>The shape's type.</summary>
    public ShapeType Type { get; }

    /// <summary>Structure members in model order.</summary>
    public IReadOnlyList<MemberModel> Members { get; internal set; } = NoMembers;

    /// <summary>Structure members by model name.</summary>
    public IReadOnlyDictionary<string, MemberModel> MembersByName { get; internal set; } = NoMemberMap;

    /// <summary>Names of the required structure members.</summary>
    public IReadOnlySet<string> Required { get; internal set; } = new HashSet<string>();

    /// <summary>The element of a list.</summary>
    public MemberModel? Member { get; internal set; }

    /// <summary>The key of a map.</summary>
    public MemberModel? Key { get; internal set; }

    /// <summary>The value of a map.</summary>
    public MemberModel? Value { get; internal set; }

    /// <summary>Shape-level <c>flattened</c> trait.</summary>
    public bool Flattened { get; internal init; }

    /// <summary>Shape-level wire name (rare; used by some XML shapes).</summary>
    public string? LocationName { get; internal init; }

    /// <summary>Minimum length (strings, lists, maps, blobs) or value (numbers).</summary>
    public long? Min { get; internal init; }

    /// <summary>Maximum length (strings, lists, maps, blobs) or value (numbers).</summary>
    public long? Max { get; internal init; }

    /// <summary>The Java-style regular expression a string must match entirely, as the model writes it.</summary>
    public string? Pattern { get; internal init; }

    /// <summary>The allowed values of an enum string, if any.</summary>
    public IReadOnlyList<string>? Enum { get; internal init; }

    /// <summary>Whether values are sensitive (never echoed in messages).</summary>
    public bool Sensitive { get; internal init; }

    /// <summary>Timestamp format (<c>iso8601</c>, <c>unixTimestamp</c>, <c>rfc822</c>), if the model sets one.</summary>
    public string? TimestampFormat { get; internal init; }

    /// <summary>Whether this structure is an error shape.</summary>
    public bool IsException { get; internal init; }

    /// <summary>Error code on the wire (the <c>error.code</c> trait, or the shape name).</summary>
    public string? ErrorCode { get; internal init; }

    /// <summary>HTTP status of the error (the <c>error.httpStatusCode</c> trait; 400 by default).</summary>
    public int ErrorHttpStatus { get; internal init; } = 400;

    /// <summary>Whether the error is the caller's fault (<c>Sender</c>) rather than the service's.</summary>
    public bool ErrorSenderFault { get; internal init; } = true;

    /// <summary>Whether the model marks this error as a fault of the service.</summary>
    public bool Fault { get; internal init; }

    /// <summary>The pattern compiled for .NET with Java semantics (ASCII <c>\w</c> and <c>\d</c>, whole-value match).</summary>
    public Regex? PatternRegex => Pattern is null ? null : _regex ??= JavaRegex.Compile(Pattern);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Type})";
}

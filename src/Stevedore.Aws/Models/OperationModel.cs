namespace Stevedore.Aws.Models;

/// <summary>An operation of a service model.</summary>
public sealed class OperationModel
{
    internal OperationModel(string name) => Name = name;

    /// <summary>The operation name (<c>CreateRole</c>).</summary>
    public string Name { get; }

    /// <summary>HTTP method (<c>POST</c> for Query and JSON protocols).</summary>
    public string HttpMethod { get; internal init; } = "POST";

    /// <summary>Request URI template (<c>/</c> for Query and JSON protocols).</summary>
    public string RequestUri { get; internal init; } = "/";

    /// <summary>HTTP status of a successful response (REST protocols; 200 unless the model says otherwise).</summary>
    public int ResponseCode { get; internal init; } = 200;

    /// <summary>Input reference, or null when the operation takes no input.</summary>
    public MemberModel? Input { get; internal init; }

    /// <summary>Output reference, or null when the operation returns nothing.</summary>
    public MemberModel? Output { get; internal init; }

    /// <summary>The Query protocol's result element (<c>CreateRoleResult</c>), if any.</summary>
    public string? ResultWrapper { get; internal init; }

    /// <summary>The error shapes the model declares for this operation.</summary>
    public IReadOnlyList<Shape> Errors { get; internal init; } = [];

    /// <inheritdoc/>
    public override string ToString() => Name;
}

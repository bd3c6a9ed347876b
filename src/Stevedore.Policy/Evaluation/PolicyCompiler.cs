using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;

namespace Stevedore.Policy.Evaluation;

/// <summary>Turns documents into immutable <see cref="CompiledPolicy"/> objects.</summary>
public static class PolicyCompiler
{
    public static CompiledPolicy Compile(PolicyDocument document, PolicyType type, string id = "inline") => new(id, type, document);

    /// <summary>Parses, validates and compiles; throws <see cref="PolicyParseException"/> with IAM's message on failure.</summary>
    public static CompiledPolicy Compile(string json, PolicyType type, string id = "inline")
    {
        var result = PolicyParser.Parse(json, type);
        if (!result.Success)
        {
            throw new PolicyParseException(result.FirstError!);
        }

        return new CompiledPolicy(id, type, result.Document!);
    }
}

public sealed class PolicyParseException(PolicyError error) : Exception(error.ToString())
{
    public PolicyError Error { get; } = error;
}

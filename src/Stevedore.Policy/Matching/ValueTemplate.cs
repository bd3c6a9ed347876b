using System.Text;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Matching;

/// <summary>
/// Policy text that may hold variables: <c>${aws:username}</c>, <c>${aws:PrincipalTag/team, 'default'}</c>,
/// and the escapes <c>${*}</c>, <c>${?}</c>, <c>${$}</c>. With <c>wildcards</c>, plain <c>*</c> and <c>?</c> are
/// encoded as wildcards while the escapes and substituted values stay literal.
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
public sealed class ValueTemplate
{
    private readonly Segment[] _segments;

    private ValueTemplate(string? constant, Segment[] segments)
    {
        Constant = constant;
        _segments = segments;
    }

    /// <summary>The encoded text when there is nothing to substitute.</summary>
    public string? Constant { get; }

    public bool HasVariables => Constant is null;

    /// <summary>The variable keys this template reads.</summary>
    public IEnumerable<string> VariableKeys => _segments.Where(s => s.Key is not null).Select(s => s.Key!);

    public static ValueTemplate Create(string text, bool wildcards, bool variables)
    {
        if (!variables || !text.Contains("${", StringComparison.Ordinal))
        {
            return new ValueTemplate(wildcards ? Wildcard.Encode(text) : text, []);
        }

        var segments = new List<Segment>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var close = -1;
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                close = text.IndexOf('}', i + 2);
            }

            if (close < 0)
            {
                literal.Append(wildcards ? EncodeChar(text[i]) : text[i]);
                i++;
                continue;
            }

            var inner = text.AsSpan(i + 2, close - i - 2).Trim();
            if (inner is "*" or "?" or "$")
            {
                literal.Append(inner[0]);
            }
            else
            {
                if (literal.Length > 0)
                {
                    segments.Add(new Segment(literal.ToString(), null, null));
                    literal.Clear();
                }

                segments.Add(ParseVariable(inner.ToString()));
            }

            i = close + 1;
        }

        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), null, null));
        }

        if (segments.All(s => s.Key is null))
        {
            return new ValueTemplate(string.Concat(segments.Select(s => s.Literal)), []);
        }

        return new ValueTemplate(null, [.. segments]);
    }

    /// <summary>Substitutes variables; null when one cannot be resolved and has no default (it then matches nothing).</summary>
    public string? Resolve(RequestContext context)
    {
        if (Constant is not null)
        {
            return Constant;
        }

        var builder = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.Key is null)
            {
                builder.Append(segment.Literal);
                continue;
            }

            var value = context.ResolveVariable(segment.Key) ?? segment.Default;
            if (value is null)
            {
                return null;
            }

            builder.Append(value);
        }

        return builder.ToString();
    }

    private static char EncodeChar(char c) => c switch
    {
        '*' => Wildcard.Star,
        '?' => Wildcard.Question,
        _ => c,
    };

    private static Segment ParseVariable(string inner)
    {
        // ${key, 'default'}: a comma, then the default in single quotes.
        var comma = inner.IndexOf(',');
        if (comma > 0)
        {
            var key = inner[..comma].Trim();
            var rest = inner[(comma + 1)..].Trim();
            if (rest.Length >= 2 && rest[0] == '\'' && rest[^1] == '\'')
            {
                return new Segment(null, key, rest[1..^1]);
            }
        }

        return new Segment(null, inner, null);
    }

    private sealed record Segment(string? Literal, string? Key, string? Default);
}

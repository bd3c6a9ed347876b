namespace Stevedore.Policy.Matching;

/// <summary>
/// An ARN pattern compiled into six encoded glob parts. Wildcards in the first five parts stay inside
/// their part; in the resource part <c>*</c> also crosses <c>/</c> and <c>:</c>.
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
public sealed class ArnPattern
{
    private readonly string[]? _parts;
    private readonly string _whole;
    private readonly bool _matchAll;

    // When the first five parts hold no wildcard they compare as one literal prefix (colons included),
    // and only the resource part needs the glob; a pattern with no wildcard at all is one string compare.
    private readonly string? _literalPrefix;
    private readonly string? _resourcePart;
    private readonly bool _literal;

    private ArnPattern(string encoded)
    {
        _whole = encoded;
        _matchAll = encoded.Length == 1 && encoded[0] == Wildcard.Star;
        Span<int> colons = stackalloc int[5];
        if (!_matchAll && ArnParts.TrySplit(encoded, colons))
        {
            if (!Wildcard.HasWildcards(encoded.AsSpan(0, colons[4])))
            {
                _resourcePart = encoded[(colons[4] + 1)..];
                _literal = !Wildcard.HasWildcards(_resourcePart);
                _literalPrefix = _literal ? "" : encoded[..(colons[4] + 1)];
            }
            else
            {
                _parts = new string[6];
                for (var i = 0; i < 6; i++)
                {
                    _parts[i] = ArnParts.Part(encoded, colons, i).ToString();
                }
            }
        }
    }

    /// <summary>Compiles a pattern already encoded with <see cref="Wildcard.Encode"/>.</summary>
    public static ArnPattern FromEncoded(string encoded) => new(encoded);

    public bool MatchesAll => _matchAll;

    public bool Matches(ReadOnlySpan<char> value)
    {
        if (_matchAll)
        {
            return true;
        }

        if (_literal)
        {
            return value.SequenceEqual(_whole);
        }

        if (_literalPrefix is not null)
        {
            return value.StartsWith(_literalPrefix, StringComparison.Ordinal) &&
                Wildcard.Match(_resourcePart, value[_literalPrefix.Length..], ignoreCase: false);
        }

        if (_parts is null)
        {
            // An ARN pattern with fewer than six parts cannot match part by part, so it matches nothing;
            // a pattern that is not an ARN at all is compared as a whole.
            return !_whole.StartsWith("arn:", StringComparison.Ordinal) && Wildcard.Match(_whole, value, ignoreCase: false);
        }

        Span<int> colons = stackalloc int[5];
        if (!ArnParts.TrySplit(value, colons))
        {
            return false;
        }

        for (var i = 0; i < 6; i++)
        {
            if (!Wildcard.Match(_parts[i], ArnParts.Part(value, colons, i), ignoreCase: false))
            {
                return false;
            }
        }

        return true;
    }
}

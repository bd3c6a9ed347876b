namespace Stevedore.Policy.Matching;

/// <summary>Action patterns, matched case-insensitively with <c>*</c> and <c>?</c>.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
public sealed class ActionMatcher
{
    private readonly string[] _patterns;
    private readonly bool _matchesAll;

    public ActionMatcher(IEnumerable<string> actions)
    {
        _patterns = [.. actions.Select(Wildcard.Encode)];
        _matchesAll = _patterns.Any(p => p.Length == 1 && p[0] == Wildcard.Star);
    }

    public bool Matches(string action)
    {
        if (_matchesAll)
        {
            return true;
        }

        var patterns = _patterns;
        for (var i = 0; i < patterns.Length; i++)
        {
            var pattern = patterns[i];

            // Cheap first-character test before the glob: most patterns start with a literal vendor.
            if (pattern.Length > 0 && action.Length > 0 && pattern[0] != Wildcard.Star && pattern[0] != Wildcard.Question &&
                (pattern[0] | 0x20) != (action[0] | 0x20))
            {
                continue;
            }

            if (Wildcard.Match(pattern, action, ignoreCase: true))
            {
                return true;
            }
        }

        return false;
    }
}

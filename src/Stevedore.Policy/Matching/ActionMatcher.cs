namespace Stevedore.Policy.Matching;

/// <summary>Action patterns, matched case-insensitively with <c>*</c> and <c>?</c>.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
public sealed class ActionMatcher
{
    private readonly string[] _patterns;
    private readonly bool[] _literal;
    private readonly bool _matchesAll;

    public ActionMatcher(IReadOnlyList<string> actions)
    {
        _patterns = new string[actions.Count];
        _literal = new bool[actions.Count];
        for (var i = 0; i < _patterns.Length; i++)
        {
            var pattern = Wildcard.Encode(actions[i]);
            _patterns[i] = pattern;
            _literal[i] = !Wildcard.HasWildcards(pattern);
            _matchesAll |= pattern.Length == 1 && pattern[0] == Wildcard.Star;
        }
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

            if (_literal[i] ? string.Equals(pattern, action, StringComparison.OrdinalIgnoreCase) : Wildcard.Match(pattern, action, ignoreCase: true))
            {
                return true;
            }
        }

        return false;
    }
}

using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Matching;

/// <summary>Resource patterns: ARN-aware, case-sensitive, with policy variables where the version allows them.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
public sealed class ResourceMatcher
{
    private readonly ArnPattern?[] _constant;
    private readonly ValueTemplate?[] _templates;
    private readonly bool _matchesAll;

    public ResourceMatcher(IEnumerable<string> resources, bool variables)
    {
        var templates = resources.Select(r => ValueTemplate.Create(r, wildcards: true, variables)).ToArray();
        _constant = [.. templates.Select(t => t.Constant is null ? null : ArnPattern.FromEncoded(t.Constant))];
        _templates = [.. templates.Select(t => t.HasVariables ? t : null)];
        _matchesAll = _constant.Any(p => p is { MatchesAll: true });
    }

    public IEnumerable<string> VariableKeys => _templates.Where(t => t is not null).SelectMany(t => t!.VariableKeys);

    public bool Matches(string resource, RequestContext context)
    {
        if (_matchesAll)
        {
            return true;
        }

        for (var i = 0; i < _constant.Length; i++)
        {
            var pattern = _constant[i];
            if (pattern is null)
            {
                // An unresolvable variable makes the entry match nothing.
                var resolved = _templates[i]!.Resolve(context);
                if (resolved is null)
                {
                    continue;
                }

                pattern = ArnPattern.FromEncoded(resolved);
            }

            if (pattern.Matches(resource))
            {
                return true;
            }
        }

        return false;
    }
}

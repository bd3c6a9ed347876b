using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Matching;

/// <summary>Resource patterns: ARN-aware, case-sensitive, with policy variables where the version allows them.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
public sealed class ResourceMatcher
{
    private readonly ArnPattern?[] _constant;
    private readonly ValueTemplate?[] _templates;
    private readonly bool _matchesAll;

    public ResourceMatcher(IReadOnlyList<string> resources, bool variables)
    {
        _constant = new ArnPattern?[resources.Count];
        _templates = new ValueTemplate?[resources.Count];
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            if (variables && resource.Contains("${", StringComparison.Ordinal))
            {
                var template = ValueTemplate.Create(resource, wildcards: true, variables);
                if (template.HasVariables)
                {
                    _templates[i] = template;
                    continue;
                }

                _constant[i] = ArnPattern.FromEncoded(template.Constant!);
            }
            else
            {
                _constant[i] = ArnPattern.FromEncoded(Wildcard.Encode(resource));
            }

            _matchesAll |= _constant[i]!.MatchesAll;
        }

        VariableKeys = [.. _templates.Where(t => t is not null).SelectMany(t => t!.VariableKeys)];
    }

    /// <summary>The variables the patterns read (for explanations).</summary>
    public IReadOnlyList<string> VariableKeys { get; }

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

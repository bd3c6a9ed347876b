using Stevedore.Policy.Evaluation;

namespace Stevedore.Cli;

/// <summary>
/// Reads <c>--context key=value</c> options: a key given twice, or written <c>key=[a,b]</c>, is multi-valued
/// (<c>key=[]</c> is an empty set); otherwise single-valued.
/// </summary>
internal static class ContextArguments
{
    public static RequestContext Parse(IEnumerable<string> items)
    {
        var values = new Dictionary<string, (List<string> Values, bool Multi)>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var item in items)
        {
            var equals = item.IndexOf('=');
            if (equals <= 0)
            {
                throw new CliException($"--context expects key=value, got \"{item}\"");
            }

            var key = item[..equals].Trim();
            var value = item[(equals + 1)..];
            if (!values.TryGetValue(key, out var entry))
            {
                entry = ([], false);
                order.Add(key);
            }
            else
            {
                entry.Multi = true;
            }

            if (value.Length >= 2 && value[0] == '[' && value[^1] == ']')
            {
                entry.Multi = true;
                var inner = value[1..^1];
                if (inner.Trim().Length > 0)
                {
                    entry.Values.AddRange(inner.Split(',').Select(v => v.Trim()));
                }
            }
            else
            {
                entry.Values.Add(value);
            }

            values[key] = entry;
        }

        var context = new RequestContext();
        foreach (var key in order)
        {
            var (list, multi) = values[key];
            if (multi)
            {
                context.SetMulti(key, list);
            }
            else
            {
                context.Set(key, list[0]);
            }
        }

        return context;
    }
}

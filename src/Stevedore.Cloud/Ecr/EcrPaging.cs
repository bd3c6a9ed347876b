using System.Text;

namespace Stevedore.Cloud.Ecr;

/// <summary>ECR's <c>nextToken</c>/<c>maxResults</c> paging over an ordered list (the token is opaque to callers).</summary>
internal static class EcrPaging
{
    private const string Prefix = "stevedore-ecr:";

    /// <summary>One page of <paramref name="items"/> and the token of the next page, or null after the last.</summary>
    public static (List<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> items, string? token, int? maxResults, int defaultSize = 100)
    {
        var start = token is null ? 0 : Decode(token);
        var size = maxResults ?? defaultSize;
        var page = items.Skip(start).Take(size).ToList();
        var next = start + page.Count < items.Count ? Encode(start + page.Count) : null;
        return (page, next);
    }

    private static string Encode(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + offset));

    private static int Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(text.AsSpan(Prefix.Length), out var offset) && offset >= 0)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw EcrErrors.InvalidParameter("Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'");
    }
}

using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;

namespace Stevedore.Cloud.Ssm;

public sealed partial class SsmService
{
    partial void RegisterByPath() => Register("GetParametersByPath", PathTarget, GetParametersByPath);

    /// <summary>GetParametersByPath is authorized on the path's ARN, with <c>ssm:Recursive</c>.</summary>
    private static AuthorizationTarget PathTarget(OperationContext context) =>
        new AuthorizationTarget("ssm:GetParametersByPath", SsmNames.Arn(context.Region, context.AccountId, TrimPath(context.RequiredString("Path"))))
            .With("ssm:Recursive", context.Bool("Recursive") == true ? "true" : "false");

    private static string TrimPath(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    private static JsonObject GetParametersByPath(OperationContext context)
    {
        var path = context.RequiredString("Path");
        if (!path.StartsWith('/') || !SsmNames.IsWellFormed(TrimPath(path)))
        {
            throw SsmErrors.Validation(SsmErrors.InvalidPathMessage);
        }

        path = TrimPath(path);
        var filters = ParameterFilters.ForPath(context.Input);
        var decrypt = context.Bool("WithDecryption") == true;
        var max = context.Int("MaxResults") ?? 10;
        var after = context.String("NextToken") is { } token ? ReadToken(token) : null;
        var matches = SsmNames.HasReservedPrefix(path, "aws")
            ? [] // public parameters (/aws/service/…) are not emulated
            : Under(context, path, context.Bool("Recursive") == true).Where(filters.Matches);
        var page = matches.Where(p => after is null || string.CompareOrdinal(SsmNames.KeyOf(p.Name), after) > 0).Take(max + 1).ToList();

        var list = new JsonArray();
        foreach (var parameter in page.Take(max))
        {
            list.Add((JsonNode)(Describe(context, parameter, parameter.Current, decrypt)));
        }

        var result = new JsonObject { ["Parameters"] = list };
        if (page.Count > max)
        {
            result["NextToken"] = Token(SsmNames.KeyOf(page[max - 1].Name));
        }

        return result;
    }

    /// <summary>The parameters under a path: its direct children, or every descendant when recursive.</summary>
    private static IEnumerable<StoredParameter> Under(OperationContext context, string path, bool recursive)
    {
        var prefix = path == "/" ? "" : SsmNames.KeyOf(path) + "/";
        return SsmStore.List(context.Store, context.AccountId, context.Region, prefix)
            .Where(p => recursive || !SsmNames.KeyOf(p.Name)[prefix.Length..].Contains('/'));
    }
}

using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;

namespace Stevedore.Cloud.Ssm;

public sealed partial class SsmService
{
    /// <summary>DescribeParameters has no resource type: it is authorized on <c>*</c>.</summary>
    partial void RegisterDescribe() =>
        Register("DescribeParameters", _ => new AuthorizationTarget("ssm:DescribeParameters", "*"), DescribeParameters);

    private static JsonObject DescribeParameters(OperationContext context)
    {
        var filters = ParameterFilters.ForDescribe(context.Input);
        var max = context.Int("MaxResults") ?? 10;
        var after = context.String("NextToken") is { } token ? ReadToken(token) : null;
        var candidates = filters.Path is { } path
            ? Under(context, TrimPath(path.Path), path.Recursive)
            : SsmStore.List(context.Store, context.AccountId, context.Region, null);
        var page = candidates
            .Where(filters.Matches)
            .Where(p => after is null || string.CompareOrdinal(SsmNames.KeyOf(p.Name), after) > 0)
            .Take(max + 1)
            .ToList();

        var list = new JsonArray();
        foreach (var parameter in page.Take(max))
        {
            list.Add((JsonNode)(Metadata(context, parameter)));
        }

        var result = new JsonObject { ["Parameters"] = list };
        if (page.Count > max)
        {
            result["NextToken"] = Token(SsmNames.KeyOf(page[max - 1].Name));
        }

        return result;
    }

    private static JsonObject Metadata(OperationContext context, StoredParameter parameter)
    {
        var current = parameter.Current;
        var metadata = new JsonObject
        {
            ["Name"] = parameter.Name,
            ["ARN"] = SsmNames.Arn(context.Region, context.AccountId, parameter.Name),
            ["Type"] = current.Type,
            ["LastModifiedDate"] = JsonValue.Create(current.LastModifiedDate),
            ["LastModifiedUser"] = current.LastModifiedUser,
            ["Version"] = current.Version,
            ["Tier"] = current.Tier,
            ["Policies"] = new JsonArray(),
            ["DataType"] = current.DataType,
        };
        Optional(metadata, "KeyId", current.KeyId);
        Optional(metadata, "Description", current.Description);
        Optional(metadata, "AllowedPattern", current.AllowedPattern);
        return metadata;
    }
}

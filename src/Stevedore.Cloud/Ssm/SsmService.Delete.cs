using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ssm;

public sealed partial class SsmService
{
    partial void RegisterDelete()
    {
        Register("DeleteParameter", c => ParameterTarget(c, "ssm:DeleteParameter", c.RequiredString("Name")), DeleteParameter);
        Register("DeleteParameters", c => ParameterTarget(c, "ssm:DeleteParameters", Strings(c.Input, "Names")[0]), DeleteParameters);
    }

    private static JsonObject DeleteParameter(OperationContext context)
    {
        var name = context.RequiredString("Name");
        if (!Delete(context, name))
        {
            throw SsmErrors.NotFound();
        }

        return [];
    }

    /// <summary>Up to ten names; those that do not exist come back in InvalidParameters.</summary>
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DeleteParameters.html
    private static JsonObject DeleteParameters(OperationContext context)
    {
        var names = Strings(context.Input, "Names").Distinct(StringComparer.Ordinal).ToList();
        AuthorizeEach(context, names);
        var deleted = new JsonArray();
        var invalid = new JsonArray();
        foreach (var name in names)
        {
            (Delete(context, name) ? deleted : invalid).Add((JsonNode)name);
        }

        return new JsonObject { ["DeletedParameters"] = deleted, ["InvalidParameters"] = invalid };
    }

    private static bool Delete(OperationContext context, string input)
    {
        var reference = SsmNames.Parse(input);
        if (SsmNames.HasReservedPrefix(reference.Name, "aws"))
        {
            throw SsmErrors.ReservedName(reference.Name);
        }

        RequireWellFormed(reference.Name);
        if ((reference.Account ?? context.AccountId) != context.AccountId || (reference.Region ?? context.Region) != context.Region)
        {
            return false;
        }

        return context.Store.Write(tx => tx.Delete(SsmStore.Key(context.AccountId, context.Region, reference.Name)));
    }
}

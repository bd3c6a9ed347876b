using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;
using Stevedore.Cloud.Ssm.Model;

namespace Stevedore.Cloud.Ssm;

/// <summary>AWS Systems Manager Parameter Store.</summary>
/// <remarks>Authorization: each operation is checked against the parameter's ARN (<see cref="SsmNames.Arn"/>) with its tags
/// as <c>aws:ResourceTag/…</c> and <c>ssm:resourceTag/…</c>; GetParameters and DeleteParameters against every named
/// parameter; GetParametersByPath against the path's ARN with <c>ssm:Recursive</c>; DescribeParameters against <c>*</c>.
/// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html</remarks>
public sealed partial class SsmService : AwsService
{
    public SsmService()
        : base("ssm")
    {
        RegisterPut();
        RegisterGet();
        RegisterByPath();
        RegisterDescribe();
        RegisterDelete();
        RegisterTags();
    }

    /// <summary>JSON services answer <c>AccessDeniedException</c> with HTTP 400.</summary>
    public override AwsServiceException AccessDenied(string message) => new("AccessDeniedException", message, 400);

    partial void RegisterPut();

    partial void RegisterGet();

    partial void RegisterByPath();

    partial void RegisterDescribe();

    partial void RegisterDelete();

    partial void RegisterTags();

    /// <summary>The target for an action on one named parameter (a name or an ARN), with the parameter's tags when it exists.</summary>
    private static AuthorizationTarget ParameterTarget(OperationContext context, string action, string nameOrArn)
    {
        var reference = SsmNames.Parse(nameOrArn);
        var region = reference.Region ?? context.Region;
        var account = reference.Account ?? context.AccountId;
        var target = new AuthorizationTarget(action, SsmNames.Arn(region, account, reference.Name));
        if (account == context.AccountId && region == context.Region && SsmNames.IsWellFormed(reference.Name)
            && SsmStore.Find(context.Store, account, region, reference.Name) is { Tags.Count: > 0 } existing)
        {
            target = target.WithResourceTags(existing.Tags.Select(t => KeyValuePair.Create(t.Key, t.Value)), "ssm");
        }

        return target;
    }

    /// <summary>Authorizes the same action on each further parameter a batch operation names (the first is the operation's own target).</summary>
    private static void AuthorizeEach(OperationContext context, IReadOnlyList<string> names)
    {
        foreach (var name in names.Skip(1))
        {
            context.Authorize(ParameterTarget(context, $"ssm:{context.Operation}", name), "ssm");
        }
    }

    private static List<string> Strings(JsonObject input, string member) =>
        input[member] is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];

    /// <summary>The stored parameter a request names (by name or ARN of this account and region), or null.</summary>
    private static StoredParameter? Find(OperationContext context, ParameterReference reference)
    {
        if ((reference.Account ?? context.AccountId) != context.AccountId || (reference.Region ?? context.Region) != context.Region)
        {
            return null;
        }

        return SsmStore.Find(context.Store, context.AccountId, context.Region, reference.Name);
    }

    /// <summary>Rejects a malformed name with AWS's text.</summary>
    private static void RequireWellFormed(string name)
    {
        if (!SsmNames.IsWellFormed(name) || SsmNames.HasReservedPrefix(name, "ssm"))
        {
            throw SsmErrors.InvalidName();
        }
    }

    private static string Token(string key) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key));

    private static string ReadToken(string token)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw SsmErrors.InvalidNextToken();
        }
    }
}

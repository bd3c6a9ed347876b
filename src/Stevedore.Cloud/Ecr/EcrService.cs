using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;

namespace Stevedore.Cloud.Ecr;

/// <summary>
/// Amazon Elastic Container Registry (private registries): repositories, repository policies, images pushed as
/// manifests with <c>PutImage</c>, the layers those manifests reference, and registry login tokens.
/// </summary>
/// <remarks>
/// One partial file per area (<c>EcrService.Repositories.cs</c>, <c>.Images.cs</c>, <c>.Layers.cs</c>, <c>.Tags.cs</c>);
/// every operation's authorization target is built here, in one place. <c>registryId</c> selects the account whose
/// repository is meant: a caller of another account is authorized against that repository's policy and its own
/// identity policies, as AWS does for a cross-account pull.
/// </remarks>
public sealed partial class EcrService : AwsService
{
    private readonly CompiledPolicyCache _policies = new();

    public EcrService()
        : base("ecr")
    {
        RegisterRepositories();
        RegisterImages();
        RegisterLayers();
        RegisterTags();
    }

    partial void RegisterRepositories();

    partial void RegisterImages();

    partial void RegisterLayers();

    partial void RegisterTags();

    /// <inheritdoc />
    public override IWireProtocol Protocol => EcrWireProtocol.Instance;

    /// <summary>ECR's access-denied error: <c>AccessDeniedException</c>, HTTP 400, as the JSON services answer it.</summary>
    public override AwsServiceException AccessDenied(string message) => new("AccessDeniedException", message, 400);

    /// <summary>Image and layer pulls go through the <c>ecr.dkr</c> endpoint; the rest through <c>ecr.api</c>.</summary>
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
    public override string? EndpointServiceFor(string operation) =>
        operation is "BatchGetImage" or "GetDownloadUrlForLayer" or "BatchCheckLayerAvailability" ? "ecr.dkr" : "ecr.api";

    /// <summary><c>arn:aws:ecr:REGION:ACCOUNT:repository/NAME</c>.</summary>
    internal static string RepositoryArn(string region, string account, string name) => $"arn:aws:ecr:{region}:{account}:repository/{name}";

    /// <summary>The account a request means: <c>registryId</c>, else the caller's.</summary>
    private static string Registry(OperationContext context) => context.String("registryId") ?? context.AccountId;

    /// <summary>The target of an operation on the repository named in the request (<c>repositoryName</c>).</summary>
    private AuthorizationTarget RepositoryTarget(OperationContext context)
    {
        var registry = Registry(context);
        var name = context.RequiredString("repositoryName");
        return TargetFor(Action(context), context.Region, registry, name, EcrStore.FindRepository(context.Store, registry, context.Region, name));
    }

    /// <summary>
    /// The repository's ARN, its policy (a resource policy; the owner is the registry's account) and its tags as
    /// <c>ecr:ResourceTag/…</c> and <c>aws:ResourceTag/…</c>. A repository that does not exist has neither.
    /// </summary>
    private AuthorizationTarget TargetFor(string action, string region, string registry, string name, EcrRepository? repository)
    {
        var arn = RepositoryArn(region, registry, name);
        var policy = repository?.Policy is { } text ? _policies.Get(text, PolicyType.Resource, arn) : null;
        var target = new AuthorizationTarget(action, arn, policy, ResourceAccount: registry);
        return repository is null ? target : target.WithResourceTags(repository.Tags.Select(t => KeyValuePair.Create(t.Key, t.Value)), "ecr");
    }

    /// <summary>Adds <c>aws:RequestTag/…</c> and <c>aws:TagKeys</c> for the tags a request sets.</summary>
    private static AuthorizationTarget WithRequestTags(AuthorizationTarget target, IReadOnlyList<EcrTag> tags)
    {
        if (tags.Count == 0)
        {
            return target;
        }

        foreach (var tag in tags)
        {
            target = target.With($"aws:RequestTag/{tag.Key}", tag.Value);
        }

        return target.WithMulti("aws:TagKeys", [.. tags.Select(t => t.Key)]);
    }

    private static List<EcrTag> ReadTags(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.OfType<JsonObject>().Select(t => new EcrTag(t["Key"]?.GetValue<string>() ?? "", t["Value"]?.GetValue<string>() ?? ""))]
            : [];

    private static JsonArray TagsJson(IEnumerable<EcrTag> tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests.Corpus;

/// <summary>One corpus case (see Corpus/README.md), turned into a policy set and a request.</summary>
public sealed record CorpusCase(string File, string Name, string? Source, JsonObject Json)
{
    public string Expect => Json["expect"]!.GetValue<string>();

    public string? ExpectMessage => Json["expectMessage"]?.GetValue<string>();

    public override string ToString() => $"{File}:{Name}";

    public static IEnumerable<CorpusCase> LoadAll(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var array = JsonNode.Parse(System.IO.File.ReadAllText(file))!.AsArray();
            foreach (var node in array)
            {
                var obj = node!.AsObject();
                yield return new CorpusCase(Path.GetFileName(file), obj["name"]!.GetValue<string>(), obj["source"]?.GetValue<string>(), obj);
            }
        }
    }

    public (AuthorizationRequest Request, PolicySet Policies) Build()
    {
        var policies = Json["policies"]?.AsObject() ?? [];
        var mode = Json["mode"]?.GetValue<string>() ?? "standard";
        var requestNode = Json["request"]!.AsObject();
        var principal = RequestPrincipal.Parse(requestNode["principal"]!.GetValue<string>());
        var context = new RequestContext();
        if (requestNode["context"] is JsonObject contextNode)
        {
            foreach (var (key, value) in contextNode)
            {
                if (value is JsonArray array)
                {
                    context.SetMulti(key, array.Select(Scalar));
                }
                else
                {
                    context.Set(key, Scalar(value));
                }
            }
        }

        var tags = requestNode["principalTags"]?.AsObject().ToDictionary(p => p.Key, p => Scalar(p.Value));
        PrincipalContextKeys.AddTo(context, principal, tags);

        var request = new AuthorizationRequest(principal, requestNode["action"]!.GetValue<string>(),
            requestNode["resource"]?.GetValue<string>() ?? "*", context,
            policies["resourceAccount"]?.GetValue<string>() ?? (principal.IsAwsPrincipal ? principal.AccountId : null));

        var resourceType = mode switch
        {
            "trust" => PolicyType.Trust,
            _ => PolicyType.Resource,
        };
        var set = new PolicySet
        {
            Identity = List(policies["identity"], PolicyType.Identity, "identity"),
            ResourcePolicy = One(policies["resource"], resourceType, "resource"),
            ResourcePolicyKind = mode switch
            {
                "trust" => ResourcePolicyKind.Trust,
                "kms" => ResourcePolicyKind.KeyPolicy,
                _ => ResourcePolicyKind.Standard,
            },
            PermissionsBoundary = One(policies["boundary"], PolicyType.PermissionsBoundary, "boundary"),
            SessionPolicies = policies["session"] is null ? null : List(policies["session"], PolicyType.Session, "session"),
            ServiceControlPolicies = Levels(policies["scps"], PolicyType.ServiceControl, "scp"),
            ResourceControlPolicies = Levels(policies["rcps"], PolicyType.ResourceControl, "rcp"),
            VpcEndpointPolicy = One(policies["vpcEndpoint"], PolicyType.VpcEndpoint, "vpce"),
        };
        return (request, set);
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        null => "",
        _ => node.ToJsonString(),
    };

    private static CompiledPolicy? One(JsonNode? node, PolicyType type, string id) =>
        node is null ? null : PolicyCompiler.Compile(node.ToJsonString(), type, id);

    private static IReadOnlyList<CompiledPolicy> List(JsonNode? node, PolicyType type, string id) =>
        node is JsonArray array ? [.. array.Select((p, i) => PolicyCompiler.Compile(p!.ToJsonString(), type, $"{id}-{i}"))] : [];

    private static IReadOnlyList<IReadOnlyList<CompiledPolicy>> Levels(JsonNode? node, PolicyType type, string id) =>
        node is JsonArray levels ? [.. levels.Select((level, i) => List(level, type, $"{id}-level{i}"))] : [];
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ecr;

/// <summary>Layers (known because a pushed manifest references them) and registry login tokens.</summary>
public sealed partial class EcrService
{
    /// <summary>How long a registry token is valid.</summary>
    // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    partial void RegisterLayers()
    {
        Register("BatchCheckLayerAvailability", RepositoryTarget, BatchCheckLayerAvailability);
        Register("GetDownloadUrlForLayer", RepositoryTarget, GetDownloadUrlForLayer);

        // GetAuthorizationToken has no resource type: it is authorized on "*".
        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
        Register("GetAuthorizationToken", c => new AuthorizationTarget(Action(c), "*"), GetAuthorizationToken);
    }

    /// <summary>A layer a manifest in the repository referenced is AVAILABLE; any other well-formed digest UNAVAILABLE.</summary>
    private JsonObject BatchCheckLayerAvailability(OperationContext context)
    {
        var repository = Existing(context.Store, context);
        var layers = new JsonArray();
        var failures = new JsonArray();
        foreach (var digest in context.Input["layerDigests"]!.AsArray().Select(d => d!.GetValue<string>()))
        {
            if (digest.Length == 0)
            {
                failures.Add((JsonNode)(new JsonObject { ["layerDigest"] = digest, ["failureCode"] = "MissingLayerDigest", ["failureReason"] = "Layer digest is missing" }));
            }
            else if (!EcrManifest.IsDigest(digest))
            {
                failures.Add((JsonNode)(new JsonObject { ["layerDigest"] = digest, ["failureCode"] = "InvalidLayerDigest", ["failureReason"] = "Invalid layer digest" }));
            }
            else if (EcrStore.FindLayer(context.Store, repository.Account, repository.Region, repository.Name, digest) is { } layer)
            {
                layers.Add((JsonNode)(new JsonObject
                {
                    ["layerDigest"] = digest,
                    ["layerAvailability"] = "AVAILABLE",
                    ["layerSize"] = layer.Size,
                    ["mediaType"] = layer.MediaType,
                }));
            }
            else
            {
                layers.Add((JsonNode)(new JsonObject { ["layerDigest"] = digest, ["layerAvailability"] = "UNAVAILABLE" }));
            }
        }

        return new JsonObject { ["layers"] = layers, ["failures"] = failures };
    }

    /// <summary>
    /// A download URL for a layer an image of the repository references. A layer only a deleted image referenced is
    /// inaccessible; one no manifest ever referenced is not found. The URL points at the Stevedore endpoint.
    /// </summary>
    private JsonObject GetDownloadUrlForLayer(OperationContext context)
    {
        var repository = Existing(context.Store, context);
        var digest = context.RequiredString("layerDigest");
        var (account, region, name) = (repository.Account, repository.Region, repository.Name);
        if (EcrStore.FindLayer(context.Store, account, region, name, digest) is null)
        {
            throw EcrErrors.LayersNotFound(digest, name, account);
        }

        if (!EcrStore.ImagesOf(context.Store, account, region, name).Any(i => i.Layers.Any(l => l.Digest == digest)))
        {
            throw EcrErrors.LayerInaccessible(digest);
        }

        var scheme = context.SecureTransport ? "https" : "http";
        var host = context.Request?.Host ?? "localhost";
        return new JsonObject
        {
            ["downloadUrl"] = $"{scheme}://{host}/_stevedore/ecr/{account}/{region}/{name}/blobs/{digest}",
            ["layerDigest"] = digest,
        };
    }

    /// <summary>
    /// One token per registry: base64 of <c>AWS:</c> and an opaque password, the registry's proxy endpoint, and an expiry
    /// twelve hours away.
    /// </summary>
    private static JsonObject GetAuthorizationToken(OperationContext context)
    {
        var registries = context.Input["registryIds"] is JsonArray ids ? ids.Select(i => i!.GetValue<string>()).ToList() : [context.AccountId];
        var expiresAt = context.Now + TokenLifetime;
        var data = new JsonArray();
        foreach (var registry in registries)
        {
            var password = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
                ["datakey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
                ["version"] = "2",
                ["type"] = "DATA_KEY",
                ["expiration"] = expiresAt.ToUnixTimeSeconds(),
            }.ToJsonString();
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(password))));
            data.Add((JsonNode)(new JsonObject
            {
                ["authorizationToken"] = token,
                ["expiresAt"] = expiresAt,
                ["proxyEndpoint"] = $"https://{registry}.dkr.ecr.{context.Region}.amazonaws.com",
            }));
        }

        return new JsonObject { ["authorizationData"] = data };
    }
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ecr;

/// <summary>Images: pushed as manifests with PutImage, read by tag or digest, listed, described and deleted.</summary>
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html and the other image operations
public sealed partial class EcrService
{
    partial void RegisterImages()
    {
        Register("PutImage", RepositoryTarget, PutImage);
        Register("BatchGetImage", RepositoryTarget, BatchGetImage);
        Register("DescribeImages", RepositoryTarget, DescribeImages);
        Register("ListImages", RepositoryTarget, ListImages);
        Register("BatchDeleteImage", RepositoryTarget, BatchDeleteImage);
    }

    private JsonObject PutImage(OperationContext context)
    {
        var text = context.RequiredString("imageManifest");
        var manifest = EcrManifest.Parse(text, context.String("imageManifestMediaType"))
            ?? throw EcrErrors.InvalidParameter("Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
        var digest = EcrManifest.DigestOf(text);
        if (context.String("imageDigest") is { } given && given != digest)
        {
            throw EcrErrors.DigestDoesNotMatch(given, digest);
        }

        var tag = context.String("imageTag");
        var image = context.Store.Write(tx =>
        {
            var repository = Existing(tx, context);
            var (account, region, name) = (repository.Account, repository.Region, repository.Name);
            var images = EcrStore.ImagesOf(tx, account, region, name);
            if (manifest.ReferencedManifests.FirstOrDefault(d => images.All(i => i.Digest != d)) is { } missing)
            {
                throw EcrErrors.ReferencedImagesNotFound(missing);
            }

            var existing = images.FirstOrDefault(i => i.Digest == digest);
            if (existing is not null && (tag is null || existing.Tags.Contains(tag)))
            {
                throw EcrErrors.ImageAlreadyExists(digest, tag, name, account);
            }

            if (tag is not null && images.FirstOrDefault(i => i.Digest != digest && i.Tags.Contains(tag)) is { } holder)
            {
                if (IsImmutable(repository, tag))
                {
                    throw EcrErrors.ImageTagAlreadyExists(tag, name);
                }

                // A mutable tag moves; the image it leaves stays, untagged if that was its last tag.
                tx.Put(EcrStore.ImageKey(account, region, name, holder.Digest), EcrStore.Write(holder with { Tags = [.. holder.Tags.Where(t => t != tag)] }));
            }

            var image = existing is not null
                ? existing with { Tags = [.. existing.Tags, tag!] }
                : new EcrImage(name, digest, tag is null ? [] : [tag], text, manifest.MediaType, manifest.ArtifactMediaType, context.Now,
                    manifest.LayersSize, manifest.Blobs);
            tx.Put(EcrStore.ImageKey(account, region, name, digest), EcrStore.Write(image));
            foreach (var blob in manifest.Blobs)
            {
                tx.Put(EcrStore.LayerKey(account, region, name, blob.Digest), EcrStore.Write(blob));
            }

            return image;
        });

        return new JsonObject { ["image"] = ImageJson(context, image, digest, tag) };
    }

    /// <summary>Whether a tag may not move to another image, under the repository's mutability setting and exclusions.</summary>
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
    private static bool IsImmutable(EcrRepository repository, string tag)
    {
        bool Excluded() => repository.MutabilityExclusionFilters?.Any(f => WildcardMatches(f.Filter, tag)) ?? false;
        return repository.ImageTagMutability switch
        {
            "IMMUTABLE" => true,
            "IMMUTABLE_WITH_EXCLUSION" => !Excluded(),
            "MUTABLE_WITH_EXCLUSION" => Excluded(),
            _ => false,
        };
    }

    private static bool WildcardMatches(string filter, string tag) =>
        Regex.IsMatch(tag, "^" + string.Join(".*", filter.Split('*').Select(Regex.Escape)) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));

    private static JsonObject ImageJson(OperationContext context, EcrImage image, string digest, string? tag)
    {
        var id = new JsonObject { ["imageDigest"] = digest };
        if (tag is not null)
        {
            id["imageTag"] = tag;
        }

        return new JsonObject
        {
            ["registryId"] = Registry(context),
            ["repositoryName"] = image.Repository,
            ["imageId"] = id,
            ["imageManifest"] = image.Manifest,
            ["imageManifestMediaType"] = image.ManifestMediaType,
        };
    }

    /// <summary>An image id resolved against a repository's images: the image, or the failure ECR reports for it.</summary>
    private sealed record Resolved(string? Digest, string? Tag, EcrImage? Image, string? FailureCode, string? FailureReason);

    private static Resolved Resolve(IReadOnlyList<EcrImage> images, JsonNode? id)
    {
        var digest = id?["imageDigest"]?.GetValue<string>();
        var tag = id?["imageTag"]?.GetValue<string>();
        if (digest is null && tag is null)
        {
            return new Resolved(digest, tag, null, "MissingDigestAndTag", EcrErrors.MissingDigestAndTag);
        }

        if (digest is not null && !EcrManifest.IsDigest(digest))
        {
            return new Resolved(digest, tag, null, "InvalidImageDigest", EcrErrors.InvalidDigest);
        }

        var image = digest is not null ? images.FirstOrDefault(i => i.Digest == digest) : images.FirstOrDefault(i => i.Tags.Contains(tag!));
        if (image is null)
        {
            return new Resolved(digest, tag, null, "ImageNotFound", EcrErrors.RequestedImageNotFound);
        }

        if (tag is not null && !image.Tags.Contains(tag))
        {
            return new Resolved(digest, tag, null, "ImageTagDoesNotMatchDigest", EcrErrors.TagDoesNotMatchDigest);
        }

        return new Resolved(image.Digest, tag, image, null, null);
    }

    private static JsonObject Failure(Resolved resolved)
    {
        var id = new JsonObject();
        if (resolved.Digest is not null)
        {
            id["imageDigest"] = resolved.Digest;
        }

        if (resolved.Tag is not null)
        {
            id["imageTag"] = resolved.Tag;
        }

        return new JsonObject { ["imageId"] = id, ["failureCode"] = resolved.FailureCode, ["failureReason"] = resolved.FailureReason };
    }

    /// <summary>Images by tag or digest; <c>acceptedMediaTypes</c> is not used to convert or refuse (a known gap).</summary>
    private JsonObject BatchGetImage(OperationContext context)
    {
        var repository = Existing(context.Store, context);
        var images = EcrStore.ImagesOf(context.Store, repository.Account, repository.Region, repository.Name);
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in context.Input["imageIds"]!.AsArray())
        {
            var resolved = Resolve(images, id);
            if (resolved.Image is null)
            {
                failures.Add((JsonNode)(Failure(resolved)));
            }
            else
            {
                found.Add((JsonNode)(ImageJson(context, resolved.Image, resolved.Image.Digest, resolved.Tag)));
            }
        }

        return new JsonObject { ["images"] = found, ["failures"] = failures };
    }

    private JsonObject DescribeImages(OperationContext context)
    {
        var repository = Existing(context.Store, context);
        var images = EcrStore.ImagesOf(context.Store, repository.Account, repository.Region, repository.Name);
        IReadOnlyList<EcrImage> selected;
        if (context.Input["imageIds"] is JsonArray ids)
        {
            var chosen = new List<EcrImage>();
            foreach (var id in ids)
            {
                var resolved = Resolve(images, id);
                if (resolved.FailureCode is "MissingDigestAndTag" or "InvalidImageDigest")
                {
                    throw EcrErrors.InvalidParameter(resolved.FailureReason!);
                }

                var image = resolved.Image ?? throw EcrErrors.ImageNotFound(resolved.Digest, resolved.Tag, repository.Name, repository.Account);
                if (chosen.All(i => i.Digest != image.Digest))
                {
                    chosen.Add(image);
                }
            }

            selected = chosen;
        }
        else
        {
            selected = Filter(images, context.Input["filter"]?["tagStatus"]?.GetValue<string>());
        }

        var (page, next) = EcrPaging.Page(selected, context.String("nextToken"), context.Int("maxResults"));
        return new JsonObject
        {
            ["imageDetails"] = new JsonArray([.. page.Select(i => (JsonNode)DetailJson(repository, i))]),
            ["nextToken"] = next,
        };
    }

    private static List<EcrImage> Filter(IEnumerable<EcrImage> images, string? tagStatus) => tagStatus switch
    {
        "TAGGED" => [.. images.Where(i => i.Tags.Count > 0)],
        "UNTAGGED" => [.. images.Where(i => i.Tags.Count == 0)],
        _ => [.. images],
    };

    private static JsonObject DetailJson(EcrRepository repository, EcrImage image)
    {
        var detail = new JsonObject
        {
            ["registryId"] = repository.Account,
            ["repositoryName"] = repository.Name,
            ["imageDigest"] = image.Digest,
            ["imageSizeInBytes"] = image.Size,
            ["imagePushedAt"] = image.PushedAt,
            ["imageManifestMediaType"] = image.ManifestMediaType,
            ["artifactMediaType"] = image.ArtifactMediaType,
        };
        if (image.Tags.Count > 0)
        {
            detail["imageTags"] = new JsonArray([.. image.Tags.Select(t => (JsonNode)t)]);
        }

        return detail;
    }

    private JsonObject ListImages(OperationContext context)
    {
        var repository = Existing(context.Store, context);
        var images = Filter(EcrStore.ImagesOf(context.Store, repository.Account, repository.Region, repository.Name),
            context.Input["filter"]?["tagStatus"]?.GetValue<string>());
        var ids = images.SelectMany(i => i.Tags.Count == 0 ? [IdJson(i.Digest, null)] : i.Tags.Select(t => IdJson(i.Digest, t))).ToList();
        var (page, next) = EcrPaging.Page(ids, context.String("nextToken"), context.Int("maxResults"));
        return new JsonObject { ["imageIds"] = new JsonArray([.. page]), ["nextToken"] = next };
    }

    private static JsonNode IdJson(string digest, string? tag)
    {
        var id = new JsonObject { ["imageDigest"] = digest };
        if (tag is not null)
        {
            id["imageTag"] = tag;
        }

        return id;
    }

    /// <summary>
    /// Deleting by tag removes the tag (and the image with its last tag); deleting by digest removes the image and its
    /// tags. The layers the image referenced stay known, but are no longer downloadable unless another image uses them.
    /// </summary>
    // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchDeleteImage.html
    private JsonObject BatchDeleteImage(OperationContext context)
    {
        var (deleted, failures) = context.Store.Write(tx =>
        {
            var repository = Existing(tx, context);
            var (account, region, name) = (repository.Account, repository.Region, repository.Name);
            var images = EcrStore.ImagesOf(tx, account, region, name);
            var deleted = new JsonArray();
            var failures = new JsonArray();
            foreach (var id in context.Input["imageIds"]!.AsArray())
            {
                var resolved = Resolve(images, id);
                if (resolved.Image is not { } image)
                {
                    failures.Add((JsonNode)(Failure(resolved)));
                    continue;
                }

                var key = EcrStore.ImageKey(account, region, name, image.Digest);
                var remaining = resolved.Tag is null ? [] : image.Tags.Where(t => t != resolved.Tag).ToList();
                var removedTags = resolved.Tag is null ? image.Tags : [resolved.Tag];
                if (remaining.Count == 0)
                {
                    tx.Delete(key);
                    images.Remove(image);
                }
                else
                {
                    var updated = image with { Tags = remaining };
                    tx.Put(key, EcrStore.Write(updated));
                    images[images.IndexOf(image)] = updated;
                }

                foreach (var removed in removedTags.DefaultIfEmpty())
                {
                    deleted.Add(IdJson(image.Digest, removed));
                }
            }

            return (deleted, failures);
        });

        return new JsonObject { ["imageIds"] = deleted, ["failures"] = failures };
    }
}

using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecr;

/// <summary>Images pushed as manifests, read back, listed, deleted; layers; login tokens.</summary>
public sealed class EcrImageTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void PutImage_digests_the_manifest_and_tags_it()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            ecr.create_repository(repositoryName="img/app")
            m = manifest("app-1")
            image = ecr.put_image(repositoryName="img/app", imageManifest=m, imageTag="v1")["image"]
            print(image["imageId"]["imageDigest"] == digest_of(m), image["imageId"]["imageTag"], image["imageManifestMediaType"], image["registryId"])
            print(error(lambda: ecr.put_image(repositoryName="img/app", imageManifest=m, imageTag="v1")))
            ecr.put_image(repositoryName="img/app", imageManifest=m, imageTag="latest")
            got = ecr.batch_get_image(repositoryName="img/app", imageIds=[{"imageTag": "latest"}, {"imageDigest": digest_of(m)}, {"imageTag": "nope"},
                {"imageDigest": "bad"}, {}])
            print([i["imageId"].get("imageTag") for i in got["images"]], all(i["imageManifest"] == m for i in got["images"]))
            print([(f["failureCode"], f["failureReason"]) for f in got["failures"]])
            m2 = manifest("app-2")
            ecr.put_image(repositoryName="img/app", imageManifest=m2, imageTag="latest")
            details = {d["imageDigest"]: d for d in ecr.describe_images(repositoryName="img/app")["imageDetails"]}
            print(sorted(details[digest_of(m)]["imageTags"]), details[digest_of(m2)]["imageTags"], details[digest_of(m)]["imageSizeInBytes"])
            print(details[digest_of(m)]["imageManifestMediaType"], details[digest_of(m)]["artifactMediaType"])
            print(error(lambda: ecr.put_image(repositoryName="img/app", imageManifest=manifest("app-3"), imageDigest=digest_of(m))))
            print(error(lambda: ecr.put_image(repositoryName="img/app", imageManifest="not a manifest")))
            print(error(lambda: ecr.put_image(repositoryName="img/ghost", imageManifest=m)))
            oci = json.dumps({"schemaVersion": 2, "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7, "digest": blob("oci-c")},
                "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 9, "digest": blob("oci-l")}]})
            print(ecr.put_image(repositoryName="img/app", imageManifest=oci)["image"]["imageManifestMediaType"])
            """).Succeeded();

        var lines = EcrScripts.Lines(result.Stdout);
        Assert.Equal("True v1 application/vnd.docker.distribution.manifest.v2+json 000000000000", lines[0]);
        Assert.StartsWith("ImageAlreadyExistsException Image with digest 'sha256:", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("' and tag 'v1' already exists in the repository with name 'img/app' in registry with id '000000000000'", lines[1], StringComparison.Ordinal);
        Assert.Equal("['latest', None] True", lines[2]);
        Assert.Equal("[('ImageNotFound', 'Requested image not found'), ('InvalidImageDigest', \"Invalid request parameters: image digest should satisfy " +
            "the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'\"), ('MissingDigestAndTag', 'Invalid request parameters: both tag and digest cannot be null')]", lines[3]);
        Assert.Equal("['v1'] ['latest'] 3000", lines[4]);
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json application/vnd.docker.container.image.v1+json", lines[5]);
        Assert.StartsWith("ImageDigestDoesNotMatchException", lines[6], StringComparison.Ordinal);
        Assert.StartsWith("InvalidParameterException", lines[7], StringComparison.Ordinal);
        Assert.Equal("RepositoryNotFoundException The repository with name 'img/ghost' does not exist in the registry with id '000000000000'", lines[8]);
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", lines[9]);
    }

    [Fact]
    public void An_immutable_repository_refuses_to_move_a_tag()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            ecr.create_repository(repositoryName="img/frozen", imageTagMutability="IMMUTABLE")
            ecr.put_image(repositoryName="img/frozen", imageManifest=manifest("f1"), imageTag="v1")
            print(error(lambda: ecr.put_image(repositoryName="img/frozen", imageManifest=manifest("f2"), imageTag="v1")))
            print(error(lambda: ecr.put_image(repositoryName="img/frozen", imageManifest=manifest("f1"), imageTag="v1")))
            print(error(lambda: ecr.put_image(repositoryName="img/frozen", imageManifest=manifest("f1"), imageTag="v1-alias")))
            ecr.create_repository(repositoryName="img/mostly", imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
                imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": "latest*"}])
            ecr.put_image(repositoryName="img/mostly", imageManifest=manifest("m1"), imageTag="latest")
            print(error(lambda: ecr.put_image(repositoryName="img/mostly", imageManifest=manifest("m2"), imageTag="latest")))
            """).Succeeded();

        var lines = EcrScripts.Lines(result.Stdout);
        Assert.Equal("ImageTagAlreadyExistsException The image tag 'v1' already exists in the 'img/frozen' repository and cannot be overwritten " +
            "because the repository is immutable.", lines[0]);
        Assert.StartsWith("ImageAlreadyExistsException", lines[1], StringComparison.Ordinal);
        Assert.Equal("OK", lines[2]);
        Assert.Equal("OK", lines[3]);
    }

    [Fact]
    public void Images_are_listed_filtered_described_by_id_and_deleted()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            ecr.create_repository(repositoryName="img/list")
            a, b, c = manifest("a"), manifest("b"), manifest("c")
            ecr.put_image(repositoryName="img/list", imageManifest=a, imageTag="one")
            ecr.put_image(repositoryName="img/list", imageManifest=a, imageTag="two")
            ecr.put_image(repositoryName="img/list", imageManifest=b, imageTag="three")
            ecr.put_image(repositoryName="img/list", imageManifest=c)
            ids = []
            page = ecr.list_images(repositoryName="img/list", maxResults=2)
            ids += page["imageIds"]
            while "nextToken" in page:
                page = ecr.list_images(repositoryName="img/list", maxResults=2, nextToken=page["nextToken"])
                ids += page["imageIds"]
            print(len(ids), sorted(i.get("imageTag", "-") for i in ids))
            print([i["imageDigest"] == digest_of(c) for i in ecr.list_images(repositoryName="img/list", filter={"tagStatus": "UNTAGGED"})["imageIds"]])
            print(len(ecr.describe_images(repositoryName="img/list", filter={"tagStatus": "TAGGED"})["imageDetails"]))
            print(error(lambda: ecr.describe_images(repositoryName="img/list", imageIds=[{"imageTag": "ghost"}])))
            d = ecr.describe_images(repositoryName="img/list", imageIds=[{"imageTag": "three"}])["imageDetails"]
            print(len(d), d[0]["imageDigest"] == digest_of(b))
            r = ecr.batch_delete_image(repositoryName="img/list", imageIds=[{"imageTag": "one"}, {"imageTag": "ghost"}])
            print([i.get("imageTag") for i in r["imageIds"]], [(f["imageId"], f["failureCode"], f["failureReason"]) for f in r["failures"]])
            print(ecr.describe_images(repositoryName="img/list", imageIds=[{"imageDigest": digest_of(a)}])["imageDetails"][0]["imageTags"])
            r = ecr.batch_delete_image(repositoryName="img/list", imageIds=[{"imageDigest": digest_of(a)}, {"imageTag": "three"}])
            print(sorted(i.get("imageTag") for i in r["imageIds"]), r["failures"])
            print(len(ecr.list_images(repositoryName="img/list")["imageIds"]))
            """).Succeeded();

        var lines = EcrScripts.Lines(result.Stdout);
        Assert.Equal("4 ['-', 'one', 'three', 'two']", lines[0]);
        Assert.Equal("[True]", lines[1]);
        Assert.Equal("2", lines[2]);
        Assert.Equal("ImageNotFoundException The image with imageId {imageDigest:'null', imageTag:'ghost'} does not exist within the repository " +
            "with name 'img/list' in the registry with id '000000000000'", lines[3]);
        Assert.Equal("1 True", lines[4]);
        Assert.Equal("['one'] [({'imageTag': 'ghost'}, 'ImageNotFound', 'Requested image not found')]", lines[5]);
        Assert.Equal("['two']", lines[6]);
        Assert.Equal("['three', 'two'] []", lines[7]);
        Assert.Equal("1", lines[8]);
    }

    [Fact]
    public void Layers_exist_because_a_manifest_references_them()
    {
        var result = stevedore.Python(EcrScripts.Prelude + """
            ecr.create_repository(repositoryName="img/layers")
            m = manifest("lay")
            ecr.put_image(repositoryName="img/layers", imageManifest=m, imageTag="v1")
            check = ecr.batch_check_layer_availability(repositoryName="img/layers", layerDigests=[blob("lay-layer0"), blob("never"), "bogus"])
            print([(l["layerAvailability"], l.get("layerSize")) for l in check["layers"]], [(f["failureCode"]) for f in check["failures"]])
            url = ecr.get_download_url_for_layer(repositoryName="img/layers", layerDigest=blob("lay-layer1"))
            print(url["layerDigest"] == blob("lay-layer1"), url["downloadUrl"].startswith("http"), "img/layers" in url["downloadUrl"])
            print(error(lambda: ecr.get_download_url_for_layer(repositoryName="img/layers", layerDigest=blob("never"))))
            ecr.batch_delete_image(repositoryName="img/layers", imageIds=[{"imageTag": "v1"}])
            print(error(lambda: ecr.get_download_url_for_layer(repositoryName="img/layers", layerDigest=blob("lay-layer1"))))
            print(error(lambda: ecr.get_download_url_for_layer(repositoryName="img/ghost", layerDigest=blob("lay-layer1"))))
            print(error(lambda: ecr.batch_check_layer_availability(repositoryName="img/ghost", layerDigests=[blob("x")])))
            """).Succeeded();

        var lines = EcrScripts.Lines(result.Stdout);
        Assert.Equal("[('AVAILABLE', 1000), ('UNAVAILABLE', None)] ['InvalidLayerDigest']", lines[0]);
        Assert.Equal("True True True", lines[1]);
        Assert.StartsWith("LayersNotFoundException The layer with digest sha256:", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("does not exist within the repository with name 'img/layers' in the registry with id '000000000000'", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("LayerInaccessibleException", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("RepositoryNotFoundException", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("RepositoryNotFoundException", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_gets_a_login_token_and_password()
    {
        var data = Assert.Single(stevedore.Aws("ecr", "get-authorization-token").Succeeded().Json["authorizationData"]!.AsArray())!;
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data["authorizationToken"]!.GetValue<string>()));

        Assert.StartsWith("AWS:", decoded, StringComparison.Ordinal);
        Assert.Equal("https://000000000000.dkr.ecr.us-east-1.amazonaws.com", data["proxyEndpoint"]!.GetValue<string>());
        var expiresAt = data["expiresAt"]!;
        var expires = expiresAt.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(expiresAt.GetValue<double>() * 1000))
            : DateTimeOffset.Parse(expiresAt.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(11), TimeSpan.FromHours(13));

        var password = stevedore.Aws("ecr", "get-login-password").Succeeded().Stdout.Trim();
        Assert.False(string.IsNullOrWhiteSpace(password));
    }
}

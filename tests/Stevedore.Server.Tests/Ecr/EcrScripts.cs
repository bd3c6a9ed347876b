namespace Stevedore.Server.Tests.Ecr;

/// <summary>Python shared by the ECR tests: a boto3 client and a Docker v2 manifest builder.</summary>
internal static class EcrScripts
{
    public const string Prelude = """
        import boto3, json, hashlib, base64
        from botocore.config import Config
        from botocore.exceptions import ClientError
        cfg = Config(retries={"max_attempts": 1})
        ecr = boto3.client("ecr", config=cfg)

        def blob(seed):
            return "sha256:" + hashlib.sha256(seed.encode()).hexdigest()

        def manifest(seed, layers=2):
            return json.dumps({
                "schemaVersion": 2,
                "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 100, "digest": blob(seed + "-config")},
                "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1000 * (i + 1), "digest": blob(f"{seed}-layer{i}")}
                           for i in range(layers)],
            })

        def digest_of(text):
            return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

        def error(call):
            try:
                call()
                return "OK"
            except ClientError as e:
                return e.response["Error"]["Code"] + " " + e.response["Error"]["Message"]

        """;

    public static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

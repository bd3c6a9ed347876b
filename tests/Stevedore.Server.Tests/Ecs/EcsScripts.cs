namespace Stevedore.Server.Tests.Ecs;

/// <summary>Python shared by the ECS tests: boto3 clients and an error printer.</summary>
internal static class EcsScripts
{
    public const string Prelude = """
        import boto3, json
        from botocore.config import Config
        from botocore.exceptions import ClientError
        cfg = Config(retries={"max_attempts": 1})
        ecs = boto3.client("ecs", config=cfg)
        ec2 = boto3.client("ec2", config=cfg)

        def error(call):
            try:
                call()
                return "OK"
            except ClientError as e:
                return e.response["Error"]["Code"] + " " + e.response["Error"]["Message"]

        def app(**extra):
            return dict({"name": "app", "image": "registry.example.com/app:1", "memory": 256}, **extra)

        RESOURCES = [{"name": "CPU", "type": "INTEGER", "integerValue": 2048}, {"name": "MEMORY", "type": "INTEGER", "integerValue": 4096}]

        """;

    public static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

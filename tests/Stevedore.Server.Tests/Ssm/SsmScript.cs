using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

/// <summary>Runs boto3 test scripts against the fixture with a common prelude: <c>ssm</c>, <c>iam</c>, <c>fail(call, **kw)</c>
/// (returns the error code and message, asserting the call failed) and <c>user(name, policy)</c> (keys of a new IAM user).</summary>
internal static class SsmScript
{
    public const string Account = "000000000000";

    private const string Prelude = """
        import json, boto3, botocore
        from botocore.config import Config
        cfg = Config(retries={"max_attempts": 1})
        ssm = boto3.client("ssm", config=cfg)
        iam = boto3.client("iam", config=cfg)
        ACCOUNT = "000000000000"

        def fail(call, **kw):
            try:
                call(**kw)
            except botocore.exceptions.ClientError as e:
                return e.response["Error"]["Code"], e.response["Error"].get("Message", "")
            raise AssertionError(f"{call.__name__} succeeded")

        def user(name, policy=None):
            iam.create_user(UserName=name)
            if policy is not None:
                iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
            key = iam.create_access_key(UserName=name)["AccessKey"]
            return boto3.client("ssm", config=cfg, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])

        def allow(actions, resources="*", condition=None):
            statement = {"Effect": "Allow", "Action": actions, "Resource": resources}
            if condition:
                statement["Condition"] = condition
            return {"Version": "2012-10-17", "Statement": [statement]}

        """;

    /// <summary>Runs the script (after the prelude) and asserts it exited 0; returns its stdout.</summary>
    public static string Run(StevedoreFixture stevedore, string script) =>
        stevedore.Python(Prelude + script).Succeeded().Stdout;
}

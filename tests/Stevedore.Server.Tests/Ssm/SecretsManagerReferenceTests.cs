using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

/// <summary><c>/aws/reference/secretsmanager/NAME</c> through Parameter Store.</summary>
public sealed class SecretsManagerReferenceTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void A_reference_returns_the_secret_value_as_a_secure_string()
    {
        SsmScript.Run(stevedore, """
            sm = boto3.client("secretsmanager", config=cfg)
            arn = sm.create_secret(Name="ref/db", SecretString="pa55")["ARN"]
            p = ssm.get_parameter(Name="/aws/reference/secretsmanager/ref/db", WithDecryption=True)["Parameter"]
            assert p["Value"] == "pa55" and p["Type"] == "SecureString" and p["ARN"] == arn, p
            assert json.loads(p["SourceResult"])["SecretString"] == "pa55", p
            r = ssm.get_parameters(Names=["/aws/reference/secretsmanager/ref/db", "/aws/reference/secretsmanager/ref/missing"], WithDecryption=True)
            assert [x["Value"] for x in r["Parameters"]] == ["pa55"] and r["InvalidParameters"] == ["/aws/reference/secretsmanager/ref/missing"], r
            assert fail(ssm.get_parameter, Name="/aws/reference/secretsmanager/ref/missing", WithDecryption=True)[0] == "ParameterNotFound"
            code, message = fail(ssm.get_parameters, Names=["/aws/reference/secretsmanager/ref/db"])
            assert (code, message) == ("ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret."), message
            """);
    }

    [Fact]
    public void A_reference_needs_the_callers_secretsmanager_get_secret_value()
    {
        SsmScript.Run(stevedore, """
            sm = boto3.client("secretsmanager", config=cfg)
            arn = sm.create_secret(Name="ref/guarded", SecretString="g")["ARN"]
            ssm_only = user("ref-ssm-only", allow("ssm:GetParameter"))
            code, message = fail(ssm_only.get_parameter, Name="/aws/reference/secretsmanager/ref/guarded", WithDecryption=True)
            assert code == "AccessDeniedException" and "secretsmanager:GetSecretValue" in message, message
            both = user("ref-both", allow(["ssm:GetParameter", "secretsmanager:GetSecretValue"]))
            assert both.get_parameter(Name="/aws/reference/secretsmanager/ref/guarded", WithDecryption=True)["Parameter"]["Value"] == "g"
            no_ssm = user("ref-no-ssm", allow("secretsmanager:GetSecretValue"))
            code, message = fail(no_ssm.get_parameter, Name="/aws/reference/secretsmanager/ref/guarded", WithDecryption=True)
            assert code == "AccessDeniedException" and f"ssm:GetParameter on resource: arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/aws/reference/secretsmanager/ref/guarded" in message, message
            """);
    }
}

using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Tests.Protocols;

/// <summary>botocore is the oracle: what it serializes we decode to the same values, what we encode it parses back.</summary>
public sealed class QueryRoundTripTests
{
    private static readonly ServiceModel Iam = ServiceModel.Load("iam");
    private static readonly ServiceModel Sts = ServiceModel.Load("sts");
    private static readonly DateTimeOffset Created = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = new(2024, 1, 2, 4, 4, 5, 123, TimeSpan.Zero);

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static readonly (ServiceModel Model, string Operation, string Params)[] Requests =
    [
        (Iam, "CreateRole", """
            {"Path": "/service-role/", "RoleName": "ecsTaskExecutionRole",
             "AssumeRolePolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
             "Description": "Tasks & things: é + ü", "MaxSessionDuration": 7200,
             "PermissionsBoundary": "arn:aws:iam::000000000000:policy/boundary",
             "Tags": [{"Key": "team", "Value": "a b"}, {"Key": "env", "Value": ""}]}
            """),
        (Iam, "ListRoles", """{"PathPrefix": "/service-role/", "Marker": "abc/def+==", "MaxItems": 10}"""),
        (Iam, "GetRole", """{"RoleName": "r@x.y"}"""),
        (Iam, "CreatePolicyVersion", """{"PolicyArn": "arn:aws:iam::000000000000:policy/p", "PolicyDocument": "{\"Statement\":[]}", "SetAsDefault": true}"""),
        (Iam, "SimulatePrincipalPolicy", """
            {"PolicySourceArn": "arn:aws:iam::000000000000:role/r",
             "PolicyInputList": ["{\"Statement\":[]}"],
             "ActionNames": ["s3:GetObject", "s3:PutObject"],
             "ResourceArns": ["arn:aws:s3:::b/*"],
             "CallerArn": "arn:aws:iam::000000000000:user/u",
             "ContextEntries": [
               {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1", "10.0.0.2"], "ContextKeyType": "ipList"},
               {"ContextKeyName": "aws:SecureTransport", "ContextKeyValues": ["true"], "ContextKeyType": "boolean"}],
             "MaxItems": 100}
            """),
        (Iam, "SimulateCustomPolicy", """{"PolicyInputList": ["{}"], "ActionNames": ["iam:GetRole"], "ResourceHandlingOption": "EC2-VPC-InstanceStore"}"""),
        (Sts, "AssumeRole", """
            {"RoleArn": "arn:aws:iam::000000000000:role/r", "RoleSessionName": "s1", "DurationSeconds": 900,
             "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}], "Policy": "{}",
             "Tags": [{"Key": "k", "Value": "v"}], "TransitiveTagKeys": ["k"], "ExternalId": "ext"}
            """),
        (Sts, "GetCallerIdentity", "{}"),
        (Sts, "GetSessionToken", """{"DurationSeconds": 3600}"""),
    ];

    [Fact]
    public void Decoder_reads_what_botocore_serializes()
    {
        var batch = new JsonArray();
        foreach (var (model, op, json) in Requests)
        {
            batch.Add(BotocoreOracle.Serialize(model.ServiceName, op, Obj(json)));
        }
        var results = BotocoreOracle.Run(batch);
        for (var i = 0; i < Requests.Length; i++)
        {
            var (model, op, json) = Requests[i];
            var body = results[i]!["body"]!.GetValue<string>();
            var request = QueryRequestDecoder.Decode(model, body);
            Assert.Equal(op, request.Action);
            Assert.Equal(model.ApiVersion, request.Version);
            Assert.Same(model.Operations[op], request.Operation);
            AssertJsonEqual(Obj(json), request.Input, $"{op}: {body}");
        }
    }

    private static (ServiceModel Model, string Operation, JsonObject? Output)[] Responses() =>
    [
        (Iam, "CreateRole", new JsonObject { ["Role"] = Role() }),
        (Iam, "GetRole", new JsonObject { ["Role"] = Role() }),
        (Iam, "ListRoles", new JsonObject
        {
            ["Roles"] = new JsonArray(Role(), Role("second")),
            ["IsTruncated"] = true,
            ["Marker"] = "next/page+token==",
        }),
        (Iam, "ListRoles", new JsonObject { ["Roles"] = new JsonArray(), ["IsTruncated"] = false }),
        (Iam, "CreatePolicyVersion", new JsonObject
        {
            ["PolicyVersion"] = new JsonObject
            {
                ["Document"] = "%7B%22Statement%22%3A%5B%5D%7D",
                ["VersionId"] = "v2",
                ["IsDefaultVersion"] = false,
                ["CreateDate"] = Created,
            },
        }),
        (Iam, "SimulatePrincipalPolicy", Simulation()),
        (Iam, "DeleteRole", null),
        (Sts, "AssumeRole", new JsonObject
        {
            ["Credentials"] = new JsonObject
            {
                ["AccessKeyId"] = "ASIAQAAAAAAAAAAAAAAA",
                ["SecretAccessKey"] = "secret/+=",
                ["SessionToken"] = "token<&>\"'",
                ["Expiration"] = Expires,
            },
            ["AssumedRoleUser"] = new JsonObject
            {
                ["AssumedRoleId"] = "AROAQAAAAAAAAAAAAAAAA:s1",
                ["Arn"] = "arn:aws:sts::000000000000:assumed-role/r/s1",
            },
            ["PackedPolicySize"] = 6,
            ["SourceIdentity"] = "me",
        }),
        (Sts, "GetCallerIdentity", new JsonObject
        {
            ["UserId"] = "AIDAQAAAAAAAAAAAAAAAA",
            ["Account"] = "000000000000",
            ["Arn"] = "arn:aws:iam::000000000000:user/u",
        }),
    ];

    private static JsonObject Role(string name = "ecsTaskExecutionRole") => new()
    {
        ["Path"] = "/",
        ["RoleName"] = name,
        ["RoleId"] = "AROAQAAAAAAAAAAAAAAAA",
        ["Arn"] = $"arn:aws:iam::000000000000:role/{name}",
        ["CreateDate"] = Created,
        ["AssumeRolePolicyDocument"] = "%7B%22Version%22%3A%222012-10-17%22%7D",
        ["Description"] = "d <&> é",
        ["MaxSessionDuration"] = 3600,
        ["PermissionsBoundary"] = new JsonObject
        {
            ["PermissionsBoundaryType"] = "Policy",
            ["PermissionsBoundaryArn"] = "arn:aws:iam::000000000000:policy/b",
        },
        ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "a" }),
        ["RoleLastUsed"] = new JsonObject { ["LastUsedDate"] = Expires, ["Region"] = "us-east-1" },
    };

    private static JsonObject Statement(int line) => new()
    {
        ["SourcePolicyId"] = "PolicyInputList.1",
        ["SourcePolicyType"] = "IAM Policy",
        ["StartPosition"] = new JsonObject { ["Line"] = line, ["Column"] = 1 },
        ["EndPosition"] = new JsonObject { ["Line"] = line + 3, ["Column"] = 42 },
    };

    private static JsonObject Simulation() => new()
    {
        ["EvaluationResults"] = new JsonArray(
            new JsonObject
            {
                ["EvalActionName"] = "s3:GetObject",
                ["EvalResourceName"] = "arn:aws:s3:::b/k",
                ["EvalDecision"] = "allowed",
                ["MatchedStatements"] = new JsonArray(Statement(1), Statement(7)),
                ["MissingContextValues"] = new JsonArray("aws:SourceIp", "s3:prefix"),
                ["OrganizationsDecisionDetail"] = new JsonObject { ["AllowedByOrganizations"] = true },
                ["PermissionsBoundaryDecisionDetail"] = new JsonObject { ["AllowedByPermissionsBoundary"] = false },
                ["EvalDecisionDetails"] = new JsonObject { ["IAM Policy"] = "allowed", ["Resource Policy"] = "implicitDeny" },
                ["ResourceSpecificResults"] = new JsonArray(new JsonObject
                {
                    ["EvalResourceName"] = "arn:aws:s3:::b/k",
                    ["EvalResourceDecision"] = "allowed",
                    ["MatchedStatements"] = new JsonArray(Statement(2)),
                    ["MissingContextValues"] = new JsonArray(),
                    ["EvalDecisionDetails"] = new JsonObject { ["IAM Policy"] = "allowed" },
                }),
            },
            new JsonObject
            {
                ["EvalActionName"] = "s3:PutObject",
                ["EvalResourceName"] = "*",
                ["EvalDecision"] = "explicitDeny",
                ["MatchedStatements"] = new JsonArray(),
                ["MissingContextValues"] = new JsonArray(),
            }),
        ["IsTruncated"] = false,
    };

    [Fact]
    public void Botocore_parses_what_the_encoder_writes()
    {
        var responses = Responses();
        var batch = new JsonArray();
        var requestIds = new List<string>();
        foreach (var (model, op, output) in responses)
        {
            var id = Guid.NewGuid().ToString();
            requestIds.Add(id);
            batch.Add(BotocoreOracle.Parse(model.ServiceName, op, QueryResponseEncoder.Encode(model, model.Operations[op], output, id)));
        }
        var results = BotocoreOracle.Run(batch);
        for (var i = 0; i < responses.Length; i++)
        {
            var (_, op, output) = responses[i];
            var parsed = results[i]!["parsed"]!.AsObject();
            Assert.Equal(requestIds[i], parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>());
            parsed.Remove("ResponseMetadata");
            AssertJsonEqual(Normalize(output ?? []), parsed, op);
        }
    }

    private static AwsServiceException Thrown(Action decode) => Assert.Throws<AwsServiceException>(decode);

    [Fact]
    public void Botocore_parses_error_documents()
    {
        var cases = new (ServiceModel Model, string Op, AwsServiceException Error, string Code, string Message, string Type)[]
        {
            (Iam, "GetRole", Iam.Error("NoSuchEntityException", "The role with name missing cannot be found."),
                "NoSuchEntity", "The role with name missing cannot be found.", "Sender"),
            (Iam, "CreateRole", Iam.Error("EntityAlreadyExistsException", "Role with name r already exists."),
                "EntityAlreadyExists", "Role with name r already exists.", "Sender"),
            (Iam, "CreateRole", Iam.Error("ServiceFailureException", "boom <&>"), "ServiceFailure", "boom <&>", "Receiver"),
            (Sts, "AssumeRole", Sts.Error("ExpiredTokenException", "The security token included in the request is expired"),
                "ExpiredTokenException", "The security token included in the request is expired", "Sender"),
            (Iam, "CreateRole", Thrown(() => QueryRequestDecoder.Decode(Iam, "Action=CreateRole&Version=2010-05-08&RoleName=a%20b&AssumeRolePolicyDocument=x")),
                "ValidationError",
                @"1 validation error detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+",
                "Sender"),
            (Iam, "GetRole", Thrown(() => QueryRequestDecoder.Decode(Iam, "Action=GetRoles&Version=2010-05-08")),
                "InvalidAction", "Could not find operation GetRoles for version 2010-05-08", "Sender"),
            (Iam, "GetRole", Thrown(() => QueryRequestDecoder.Decode(Iam, "Action=ListUsers&Version=2010-05-08")),
                "InternalFailure", "API action 'ListUsers' for service 'iam' not yet implemented", "Receiver"),
        };
        var batch = new JsonArray();
        foreach (var c in cases)
        {
            batch.Add(BotocoreOracle.Parse(c.Model.ServiceName, c.Op, QueryErrorEncoder.Encode(c.Model, c.Error, "req-1"), c.Error.HttpStatus));
        }
        var results = BotocoreOracle.Run(batch);
        for (var i = 0; i < cases.Length; i++)
        {
            var (_, op, error, code, message, type) = cases[i];
            var parsed = results[i]!["parsed"]!;
            Assert.Equal(code, parsed["Error"]!["Code"]!.GetValue<string>());
            Assert.Equal(message, parsed["Error"]!["Message"]!.GetValue<string>());
            Assert.Equal(type, parsed["Error"]!["Type"]!.GetValue<string>());
            Assert.Equal("req-1", parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>());
            Assert.Equal(error.HttpStatus, parsed["ResponseMetadata"]!["HTTPStatusCode"]!.GetValue<int>());
        }
    }

    /// <summary>Our tree as botocore reports it: timestamps as ISO 8601 text.</summary>
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Normalize(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Normalize)]),
        JsonValue v when v.TryGetValue<DateTimeOffset>(out var d) => XmlValues.Timestamp(d),
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    private static void AssertJsonEqual(JsonNode? expected, JsonNode? actual, string context)
    {
        var e = JsonNode.Parse(Normalize(expected)?.ToJsonString() ?? "null");
        var a = JsonNode.Parse(Normalize(actual)?.ToJsonString() ?? "null");
        Assert.True(JsonNode.DeepEquals(e, a), $"{context}\nexpected: {e?.ToJsonString()}\nactual:   {a?.ToJsonString()}");
    }
}

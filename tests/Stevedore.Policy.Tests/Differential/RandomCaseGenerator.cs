using System.Text.Json.Nodes;

namespace Stevedore.Policy.Tests.Differential;

/// <summary>
/// Generates random policy/request pairs in the corpus format, over features whose AWS semantics are
/// settled and that the oracle can express: global condition keys, resources that fit their actions,
/// Version 2012-10-17 only, no account root caller, no NotPrincipal (see docs/fidelity.md for why).
/// </summary>
public sealed class RandomCaseGenerator(int seed)
{
    private const string Home = "111111111111";
    private const string Other = "222222222222";

    private static readonly (string Action, string[] Resources)[] Actions =
    [
        ("s3:GetObject", ["arn:aws:s3:::bucket-a/reports/q1.csv", "arn:aws:s3:::bucket-b/alice/notes.txt", "arn:aws:s3:::bucket-a/bob/x"]),
        ("s3:PutObject", ["arn:aws:s3:::bucket-a/reports/q1.csv", "arn:aws:s3:::bucket-b/alice/notes.txt"]),
        ("s3:ListBucket", ["arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-b"]),
        ("secretsmanager:GetSecretValue", [$"arn:aws:secretsmanager:us-east-1:{Home}:secret:db-pass-AbCdEf", $"arn:aws:secretsmanager:eu-west-1:{Home}:secret:api-key-123456"]),
        ("ssm:GetParameters", [$"arn:aws:ssm:us-east-1:{Home}:parameter/app/db", $"arn:aws:ssm:us-east-1:{Home}:parameter/other"]),
        ("ecr:BatchGetImage", [$"arn:aws:ecr:us-east-1:{Home}:repository/web", $"arn:aws:ecr:us-east-1:{Other}:repository/shared"]),
        ("ecr:GetDownloadUrlForLayer", [$"arn:aws:ecr:us-east-1:{Home}:repository/web"]),
        ("ecr:GetAuthorizationToken", ["*"]),
        ("logs:PutLogEvents", [$"arn:aws:logs:us-east-1:{Home}:log-group:/ecs/web:log-stream:ecs/web/1"]),
    ];

    private static readonly string[] ActionPatterns =
    [
        "s3:GetObject", "s3:Get*", "s3:*Object", "s3:*", "*", "s3:?etObject", "S3:getobject", "s3:List*",
        "secretsmanager:GetSecretValue", "secretsmanager:*", "ssm:GetParameter*", "ssm:GetParameters",
        "ecr:BatchGetImage", "ecr:Get*", "ecr:*", "ecr:GetAuthorizationToken", "logs:PutLogEvents", "logs:*",
    ];

    private static readonly string[] ResourcePatterns =
    [
        "*", "arn:aws:s3:::bucket-a/*", "arn:aws:s3:::bucket-?/*", "arn:aws:s3:::bucket-a", "arn:aws:s3:::*/alice/*",
        "arn:aws:s3:::bucket-b/${aws:username}/*", "arn:aws:s3:::*",
        $"arn:aws:secretsmanager:*:{Home}:secret:db-*", $"arn:aws:secretsmanager:us-east-1:{Home}:secret:*",
        $"arn:aws:ssm:us-east-1:{Home}:parameter/app/*", $"arn:aws:ssm:*:*:parameter/*",
        $"arn:aws:ecr:us-east-1:{Home}:repository/*", "arn:aws:ecr:*:*:repository/shared", $"arn:aws:ecr:us-east-1:{Other}:repository/*",
        $"arn:aws:logs:us-east-1:{Home}:log-group:/ecs/*", "arn:aws:logs:*:*:*",
    ];

    private static readonly string[] Principals =
    [
        $"arn:aws:iam::{Home}:user/alice", $"arn:aws:iam::{Home}:user/bob",
        $"arn:aws:sts::{Home}:assumed-role/ExecRole/task-1", $"arn:aws:iam::{Other}:user/carol",
        $"arn:aws:sts::{Other}:assumed-role/Puller/s1",
    ];

    private readonly Random _random = new(seed);

    public JsonObject Next(int index)
    {
        var (action, resources) = Pick(Actions);
        var resource = Pick(resources);
        var principal = Pick(Principals);
        var principalAccount = principal.Split(':')[4];
        var resourceAccount = resource.Split(':') is { Length: >= 5 } parts && parts[4].Length > 0 ? parts[4]
            : Chance(0.2) ? (principalAccount == Home ? Other : Home) : principalAccount;

        var policies = new JsonObject
        {
            ["identity"] = new JsonArray([.. Enumerable.Range(0, _random.Next(0, 3)).Select(_ => (JsonNode)Policy(principal: false))]),
        };
        if (resource.Split(':').Length >= 5 && Chance(resourceAccount != principalAccount ? 0.8 : 0.35))
        {
            policies["resource"] = Policy(principal: true);
        }

        if (Chance(0.2))
        {
            policies["boundary"] = Policy(principal: false);
        }

        if (principal.Contains(":assumed-role/", StringComparison.Ordinal) && Chance(0.15))
        {
            policies["session"] = new JsonArray(Policy(principal: false));
        }

        if (Chance(0.15))
        {
            policies["scps"] = new JsonArray(new JsonArray(ScpAllowAll()), new JsonArray(Policy(principal: false)));
        }

        policies["resourceAccount"] = resourceAccount;

        return new JsonObject
        {
            ["name"] = $"random-{seed}-{index}",
            ["policies"] = policies,
            ["request"] = new JsonObject
            {
                ["principal"] = principal,
                ["principalTags"] = Chance(0.5) ? new JsonObject { ["team"] = Pick(["blue", "red", "Blue"]) } : null,
                ["action"] = action,
                ["resource"] = resource,
                ["context"] = Context(),
            },
        };
    }

    private JsonObject Policy(bool principal)
    {
        var statements = new JsonArray();
        var count = _random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            statements.Add(Statement(principal));
        }

        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements };
    }

    private static JsonObject ScpAllowAll() => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = "*", ["Resource"] = "*" }),
    };

    private JsonObject Statement(bool principal)
    {
        var statement = new JsonObject { ["Effect"] = Chance(0.25) ? "Deny" : "Allow" };
        if (principal)
        {
            statement["Principal"] = Pick<JsonNode>(
            [
                JsonValue.Create("*")!,
                new JsonObject { ["AWS"] = Home },
                new JsonObject { ["AWS"] = $"arn:aws:iam::{Other}:root" },
                new JsonObject { ["AWS"] = Pick(Principals.Where(p => p.Contains(":user/", StringComparison.Ordinal)).ToArray()) },
                new JsonObject { ["AWS"] = new JsonArray($"arn:aws:iam::{Home}:role/ExecRole", $"arn:aws:iam::{Other}:role/Puller") },
            ]);
        }

        statement[Chance(0.1) ? "NotAction" : "Action"] = Values(ActionPatterns);
        // An unresolvable variable in NotResource or under a negated operator is where the oracle departs
        // from the IAM User Guide (docs/fidelity.md), so variables appear only in positive places.
        if (Chance(0.1))
        {
            statement["NotResource"] = Values([.. ResourcePatterns.Where(p => !p.Contains("${", StringComparison.Ordinal))]);
        }
        else
        {
            statement["Resource"] = Values(ResourcePatterns);
        }

        if (Chance(0.5))
        {
            var condition = new JsonObject();
            var blocks = _random.Next(1, 3);
            for (var i = 0; i < blocks; i++)
            {
                var (op, key, values) = ConditionBlock();
                if (condition[op] is JsonObject existing)
                {
                    existing[key] = values;
                }
                else
                {
                    condition[op] = new JsonObject { [key] = values };
                }
            }

            statement["Condition"] = condition;
        }

        return statement;
    }

    private (string Operator, string Key, JsonNode Values) ConditionBlock()
    {
        var ifExists = Chance(0.15) ? "IfExists" : "";
        switch (_random.Next(9))
        {
            case 0:
                return (Pick(["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"]) + ifExists,
                    "aws:SourceVpc", Values(["vpc-111", "vpc-222", "VPC-111"]));
            case 1:
                return (Pick(["StringLike", "StringNotLike"]) + ifExists, "aws:SourceVpce", Values(["vpce-1*", "vpce-2?", "vpce-*"]));
            case 2:
                var tagOperator = Pick(["StringEquals", "StringNotEquals", "StringLike"]);
                return (tagOperator + ifExists, "aws:PrincipalTag/team",
                    Values(tagOperator == "StringNotEquals" ? ["blue", "red"] : ["blue", "red", "b*", "${aws:username}"]));
            case 3:
                return (Pick(["IpAddress", "NotIpAddress"]) + ifExists, "aws:SourceIp", Values(["10.0.0.0/8", "192.168.1.0/24", "203.0.113.7", "2001:db8::/32"]));
            case 4:
                return (Pick(["NumericLessThan", "NumericGreaterThanEquals", "NumericEquals", "NumericNotEquals"]) + ifExists,
                    "aws:MultiFactorAuthAge", Values(["300", "3600", "0"]));
            case 5:
                return (Pick(["DateGreaterThan", "DateLessThan", "DateEquals"]) + ifExists, "aws:CurrentTime",
                    Values(["2026-01-01T00:00:00Z", "2027-06-30T12:00:00Z", "2026-11-30"]));
            case 6:
                return ("Bool" + ifExists, "aws:SecureTransport", Values(["true", "false"]));
            case 7:
                return ("Null", Pick(["aws:SourceVpc", "aws:SourceIp", "aws:PrincipalTag/team"]), Values(["true", "false"]));
            default:
                return (Pick(["ArnLike", "ArnNotLike", "ArnEquals"]) + ifExists, "aws:PrincipalArn",
                    Values([$"arn:aws:iam::{Home}:role/Exec*", $"arn:aws:iam::*:user/alice", $"arn:aws:iam::{Other}:*"]));
        }
    }

    private JsonObject Context()
    {
        var context = new JsonObject();
        if (Chance(0.5))
        {
            context["aws:SourceVpc"] = Pick(["vpc-111", "vpc-222", "vpc-333"]);
        }

        if (Chance(0.5))
        {
            context["aws:SourceVpce"] = Pick(["vpce-1a", "vpce-2b", "vpce-22"]);
        }

        if (Chance(0.6))
        {
            context["aws:SourceIp"] = Pick(["10.1.2.3", "192.168.1.20", "203.0.113.7", "8.8.8.8",]);
        }

        if (Chance(0.4))
        {
            context["aws:MultiFactorAuthAge"] = Pick(["0", "299", "300", "7200"]);
        }

        if (Chance(0.5))
        {
            context["aws:CurrentTime"] = Pick(["2026-11-30T10:00:00Z", "2025-05-05T00:00:00Z", "2027-12-31T23:59:59Z"]);
        }

        if (Chance(0.6))
        {
            context["aws:SecureTransport"] = Pick(["true", "false"]);
        }

        return context;
    }

    private JsonNode Values(string[] options)
    {
        if (Chance(0.6))
        {
            return JsonValue.Create(Pick(options))!;
        }

        var count = _random.Next(1, 4);
        return new JsonArray([.. options.OrderBy(_ => _random.Next()).Take(count).Select(v => (JsonNode)JsonValue.Create(v)!)]);
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}

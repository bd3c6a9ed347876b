using System.Reflection;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Benchmarks;

/// <summary>The request kinds of the ECS task execution role scenario (issue #2).</summary>
public enum RequestKind
{
    /// <summary><c>ecr:GetAuthorizationToken</c> on <c>*</c>: allowed by the managed policy.</summary>
    AllowedEcrToken,

    /// <summary><c>secretsmanager:GetSecretValue</c> on the allowed secret: allowed by the inline policy.</summary>
    AllowedSecret,

    /// <summary><c>s3:GetObject</c>: no statement matches; implicit deny.</summary>
    ImplicitDenyS3,

    /// <summary><c>ecr:BatchGetImage</c> from the wrong VPC endpoint, inline policies only: the VPC condition fails.</summary>
    ConditionFailsVpce,
}

/// <summary>
/// The ECS task execution role scenario, built the same way as <c>tests/oracle/bench.mjs</c> so the figures compare:
/// same account, ARNs, endpoint ids, policies and requests.
/// </summary>
public static class Scenario
{
    public const string Account = "111111111111";
    public const string Region = "us-east-1";
    public const string SecretArn = $"arn:aws:secretsmanager:{Region}:{Account}:secret:ecs/db-password-AbCdEf";
    public const string KeyArn = $"arn:aws:kms:{Region}:{Account}:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    public const string Vpce = "vpce-0a1b2c3d4e5f67890";
    public const string Vpc = "vpc-0123456789abcdef0";
    public const string WrongVpce = "vpce-0ffffffffffffffff";
    public const string RoleName = "ecsTaskExecutionRole";
    public const string SessionName = "0123456789abcdef0123456789abcdef";

    /// <summary>AmazonECSTaskExecutionRolePolicy, exact JSON (/work/shared/reference/ecs-agent-execution-role.md §1.1).</summary>
    public const string ManagedPolicy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "logs:CreateLogStream",
                "logs:PutLogEvents"
              ],
              "Resource": "*"
            }
          ]
        }
        """;

    /// <summary>The inline policy for secrets (ECS developer guide, private registry authentication).</summary>
    public const string SecretsPolicy = $$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": ["kms:Decrypt", "secretsmanager:GetSecretValue"],
              "Resource": ["{{SecretArn}}", "{{KeyArn}}"]
            }
          ]
        }
        """;

    /// <summary>The seed's VPC-endpoint statement: ECR pulls only through the endpoint (key case as in the guide).</summary>
    public const string VpcePolicy = $$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
              "Resource": "*",
              "Condition": {"StringEquals": {"aws:sourceVpce": "{{Vpce}}", "aws:sourceVpc": "{{Vpc}}" } }
            }
          ]
        }
        """;

    /// <summary>The seed document in full: its unconditioned statement, then the VPC-endpoint statement (replaces the managed policy).</summary>
    public const string SeedInlinePolicy = $$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": ["ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents"],
              "Resource": "*"
            },
            {
              "Effect": "Allow",
              "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
              "Resource": "*",
              "Condition": {"StringEquals": {"aws:sourceVpce": "{{Vpce}}", "aws:sourceVpc": "{{Vpc}}" } }
            }
          ]
        }
        """;

    /// <summary>A realistic ~6 KB identity policy (23 statements, most with conditions) for the compile benchmark.</summary>
    public static string LargePolicy { get; } = ReadResource("platform-team-policy.json");

    public static RequestPrincipal Principal { get; } = RequestPrincipal.RoleSession(Account, RoleName, SessionName);

    /// <summary>Managed policy + secrets inline policy + VPC-endpoint statement (bench.mjs default).</summary>
    public static PolicySet FullPolicySet() => new()
    {
        Identity =
        [
            PolicyCompiler.Compile(ManagedPolicy, PolicyType.Identity, "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
            PolicyCompiler.Compile(SecretsPolicy, PolicyType.Identity, "ecsTaskExecutionRole/secrets"),
            PolicyCompiler.Compile(VpcePolicy, PolicyType.Identity, "ecsTaskExecutionRole/ecr-through-endpoint"),
        ],
    };

    /// <summary>Secrets inline policy + the seed document, no managed policy (bench.mjs --inline-only).</summary>
    public static PolicySet InlineOnlyPolicySet() => new()
    {
        Identity =
        [
            PolicyCompiler.Compile(SecretsPolicy, PolicyType.Identity, "ecsTaskExecutionRole/secrets"),
            PolicyCompiler.Compile(SeedInlinePolicy, PolicyType.Identity, "ecsTaskExecutionRole/seed"),
        ],
    };

    /// <summary>The request context a Fargate task pulling through the endpoint carries, plus the principal keys.</summary>
    public static RequestContext Context(string vpce)
    {
        var context = new RequestContext().Set("aws:SourceVpce", vpce).Set("aws:SourceVpc", Vpc);
        return PrincipalContextKeys.AddTo(context, Principal);
    }

    public static AuthorizationRequest Request(string action, string resource, string vpce = Vpce) =>
        new(Principal, action, resource, Context(vpce));

    /// <summary>One request kind: the request, the policy set it runs against and the expected decision.</summary>
    public static (AuthorizationRequest Request, PolicySet Policies, DecisionKind Expected) Build(RequestKind kind) => kind switch
    {
        RequestKind.AllowedEcrToken => (Request("ecr:GetAuthorizationToken", "*"), FullPolicySet(), DecisionKind.Allowed),
        RequestKind.AllowedSecret => (Request("secretsmanager:GetSecretValue", SecretArn), FullPolicySet(), DecisionKind.Allowed),
        RequestKind.ImplicitDenyS3 => (Request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/config.env"), FullPolicySet(), DecisionKind.ImplicitDeny),
        RequestKind.ConditionFailsVpce => (Request("ecr:BatchGetImage", $"arn:aws:ecr:{Region}:{Account}:repository/app", WrongVpce), InlineOnlyPolicySet(), DecisionKind.ImplicitDeny),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The three requests of bench.mjs, round-robin, against the full or the inline-only policy set.</summary>
    public static (AuthorizationRequest Request, PolicySet Policies, DecisionKind Expected)[] BenchMjsMix(bool inlineOnly)
    {
        var policies = inlineOnly ? InlineOnlyPolicySet() : FullPolicySet();
        return
        [
            (Request("ecr:GetAuthorizationToken", "*"), policies, DecisionKind.Allowed),
            (Request("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/config.env"), policies, DecisionKind.ImplicitDeny),
            (Request("ecr:BatchGetImage", $"arn:aws:ecr:{Region}:{Account}:repository/app", WrongVpce), policies,
                inlineOnly ? DecisionKind.ImplicitDeny : DecisionKind.Allowed),
        ];
    }

    /// <summary>Throws unless the engine gives the expected decision: a benchmark of a wrong answer is worthless.</summary>
    public static void Check(AuthorizationRequest request, PolicySet policies, DecisionKind expected, string label)
    {
        var decision = Authorizer.Authorize(request, policies);
        if (decision.Kind != expected)
        {
            throw new InvalidOperationException($"{label}: expected {expected}, got {decision.Kind} ({decision.DecidedBy})");
        }

        var explained = Authorizer.Explain(request, policies).Decision;
        if (explained != decision)
        {
            throw new InvalidOperationException($"{label}: Explain gave {explained}, Authorize gave {decision}");
        }
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"missing embedded resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

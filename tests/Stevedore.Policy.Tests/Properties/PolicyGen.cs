using FsCheck;
using FsCheck.Fluent;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Tests.Properties;

/// <summary>Generators of small policies and requests over a few actions, resources, principals and context keys.</summary>
internal static class PolicyGen
{
    public const string Account = "111122223333";
    public const string OtherAccount = "444455556666";

    private static readonly string[] Actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:ListUsers", "sts:AssumeRole"];

    private static readonly string[] ActionPatterns =
        [.. Actions, "s3:*", "*", "s3:Get*", "iam:List?sers", "S3:getobject", "sts:Assume*"];

    private static readonly string[] Resources =
    [
        "arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-a/key", "arn:aws:s3:::bucket-a/bob", "arn:aws:s3:::bucket-b/x/y",
        $"arn:aws:iam::{Account}:user/bob", $"arn:aws:iam::{Account}:role/app", $"arn:aws:iam::{OtherAccount}:role/app",
    ];

    private static readonly string[] ResourcePatterns =
    [
        .. Resources, "*", "arn:aws:s3:::bucket-a/*", "arn:aws:s3:::*", "arn:aws:iam::*:user/*", "arn:aws:s3:::bucket-?/*",
        "arn:aws:s3:::bucket-a/${aws:username}", "arn:aws:iam::*:role/*",
    ];

    private static readonly string[] Principals =
    [
        $"arn:aws:iam::{Account}:user/bob", $"arn:aws:iam::{Account}:user/alice", $"arn:aws:sts::{Account}:assumed-role/app/s1",
        $"arn:aws:iam::{Account}:root", $"arn:aws:sts::{Account}:federated-user/fed", $"arn:aws:iam::{OtherAccount}:user/eve",
    ];

    private static readonly string[] PrincipalValues =
    [
        "*", Account, OtherAccount, $"arn:aws:iam::{Account}:user/bob", $"arn:aws:iam::{Account}:role/app",
        $"arn:aws:sts::{Account}:assumed-role/app/s1", $"arn:aws:iam::{OtherAccount}:root",
    ];

    private static readonly ConditionBlock[] ConditionChoices =
    [
        Block("StringEquals", "aws:username", "bob", "alice"),
        Block("StringNotEquals", "aws:PrincipalTag/team", "red"),
        Block("StringLikeIfExists", "aws:PrincipalTag/team", "r*"),
        Block("Bool", "aws:SecureTransport", "true"),
        Block("NumericLessThan", "s3:max-keys", "10"),
        Block("ForAnyValue:StringLike", "aws:TagKeys", "env*"),
        Block("ForAllValues:StringEquals", "aws:TagKeys", "env", "team"),
        Block("IpAddress", "aws:SourceIp", "10.0.0.0/8"),
        Block("NotIpAddress", "aws:SourceIp", "10.1.0.0/16"),
        Block("Null", "aws:PrincipalTag/team", "true"),
        Block("ArnLike", "aws:PrincipalArn", $"arn:aws:iam::{Account}:role/*"),
        Block("StringLike", "s3:prefix", "home/${aws:username}/*"),
        Block("StringLike", "s3:prefix", "${aws:PrincipalTag/team, 'red'}/*"),
        Block("NotIpAddress", "AWS:SOURCEIP", "192.0.2.0/24"),
    ];

    private static ConditionBlock Block(string op, string key, params string[] values) =>
        new(op, new EquatableArray<ConditionKeyValues>([
            new ConditionKeyValues(key, new EquatableArray<ConditionLiteral>(values.Select(ConditionLiteral.Of)), values.Length > 1),
        ]));

    private static Gen<ValueList> ListOf(string[] choices) =>
        Gen.Frequency(
            (2, Gen.Elements(choices).Select(ValueList.Single)),
            (1, Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements(choices), n)).Select(ValueList.Of)));

    private static Gen<EquatableArray<ConditionBlock>> Conditions =>
        Gen.Frequency(
            (3, Gen.Constant(EquatableArray<ConditionBlock>.Empty)),
            (2, Gen.Shuffle(ConditionChoices).SelectMany(all => Gen.Choose(1, 2).Select(n => new EquatableArray<ConditionBlock>(all.Take(n))))));

    public static Gen<PrincipalBlock> PrincipalBlocks =>
        Gen.Frequency(
            (1, Gen.Constant(PrincipalBlock.Wildcard)),
            (3, ListOf(PrincipalValues).Select(v => new PrincipalBlock(false, new EquatableArray<PrincipalEntry>([new PrincipalEntry("AWS", v)])))),
            (1, Gen.Constant(new PrincipalBlock(false, new EquatableArray<PrincipalEntry>([new PrincipalEntry("Service", ValueList.Single("ecs-tasks.amazonaws.com"))])))));

    public static Gen<Statement> Statements(bool namesPrincipals, Gen<PolicyEffect> effects) =>
        from effect in effects
        from notAction in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from action in ListOf(ActionPatterns)
        from notResource in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from resource in ListOf(ResourcePatterns)
        from principal in namesPrincipals ? PrincipalBlocks.Select(p => (PrincipalBlock?)p) : Gen.Constant<PrincipalBlock?>(null)
        from notPrincipal in namesPrincipals && effect == PolicyEffect.Deny
            ? Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            : Gen.Constant(false)
        from conditions in Conditions
        select new Statement(null, effect, principal, notPrincipal, action, notAction, resource, notResource, conditions);

    public static Gen<PolicyEffect> AnyEffect => Gen.Frequency((3, Gen.Constant(PolicyEffect.Allow)), (1, Gen.Constant(PolicyEffect.Deny)));

    public static Gen<PolicyDocument> Documents(bool namesPrincipals) =>
        from version in Gen.Frequency((4, Gen.Constant(PolicyDocument.Version2012)), (1, Gen.Constant(PolicyDocument.Version2008)))
        from count in Gen.Choose(1, 3)
        from statements in Gen.ArrayOf(Statements(namesPrincipals, AnyEffect), count)
        select new PolicyDocument(version, null, new EquatableArray<Statement>(statements), true);

    public static Gen<CompiledPolicy> Compiled(PolicyType type, string id) =>
        Documents(type.NamesPrincipals()).Select(d => PolicyCompiler.Compile(d, type, id));

    private static Gen<T?> Optional<T>(Gen<T> gen, int weightNone = 1, int weightSome = 1)
        where T : class =>
        Gen.Frequency((weightNone, Gen.Constant<T?>(null)), (weightSome, gen.Select(v => (T?)v)));

    /// <summary>Identity policies, and sometimes a boundary, session policies, a resource policy, SCPs and RCPs.</summary>
    public static Gen<PolicySet> PolicySets =>
        from identityCount in Gen.Choose(0, 2)
        from identity in Gen.ArrayOf(Compiled(PolicyType.Identity, "identity"), identityCount)
        from boundary in Optional(Compiled(PolicyType.PermissionsBoundary, "boundary"), 3, 1)
        from session in Optional(Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Compiled(PolicyType.Session, "session"), n)), 3, 1)
        from resource in Optional(Compiled(PolicyType.Resource, "resource"))
        from kind in Gen.Elements(ResourcePolicyKind.Standard, ResourcePolicyKind.Standard, ResourcePolicyKind.Trust, ResourcePolicyKind.KeyPolicy)
        from scp in Optional(Compiled(PolicyType.ServiceControl, "scp"), 3, 1)
        from rcp in Optional(Compiled(PolicyType.ResourceControl, "rcp"), 3, 1)
        from vpce in Optional(Compiled(PolicyType.VpcEndpoint, "vpce"), 4, 1)
        select new PolicySet
        {
            Identity = identity,
            PermissionsBoundary = boundary,
            SessionPolicies = session,
            ResourcePolicy = resource,
            ResourcePolicyKind = resource is null ? ResourcePolicyKind.Standard : kind,
            ServiceControlPolicies = scp is null ? [] : [[scp]],
            ResourceControlPolicies = rcp is null ? [] : [[rcp]],
            VpcEndpointPolicy = vpce,
        };

    private static Gen<RequestContext> Contexts =>
        from username in Gen.Elements<string?>(null, "bob", "alice")
        from team in Gen.Elements<string?>(null, "red", "blue")
        from secure in Gen.Elements<string?>(null, "true", "false")
        from maxKeys in Gen.Elements<string?>(null, "5", "50")
        from tags in Gen.Elements<string[]?>(null, [], ["env"], ["env", "owner"], ["team"])
        from ip in Gen.Elements<string?>(null, "10.0.0.1", "10.1.2.3", "192.0.2.1")
        from prefix in Gen.Elements<string?>(null, "home/bob/notes", "home/alice/x", "public/", "red/x", "blue/y")
        select Build(username, team, secure, maxKeys, tags, ip, prefix);

    private static RequestContext Build(string? username, string? team, string? secure, string? maxKeys, string[]? tags, string? ip, string? prefix)
    {
        var context = new RequestContext();
        if (username is not null) context.Set("aws:username", username);
        if (team is not null) context.Set("aws:PrincipalTag/team", team);
        if (secure is not null) context.Set("aws:SecureTransport", secure);
        if (maxKeys is not null) context.Set("s3:max-keys", maxKeys);
        if (tags is not null) context.SetMulti("aws:TagKeys", tags);
        if (ip is not null) context.Set("aws:SourceIp", ip);
        if (prefix is not null) context.Set("s3:prefix", prefix);
        return context;
    }

    public static Gen<RequestPrincipal> RequestPrincipals =>
        Gen.Frequency(
            (6, Gen.Elements(Principals).Select(RequestPrincipal.Parse)),
            (1, Gen.Elements(RequestPrincipal.Service("ecs-tasks.amazonaws.com"), RequestPrincipal.Anonymous)));

    public static Gen<AuthorizationRequest> Requests =>
        from principal in RequestPrincipals
        from action in Gen.Elements(Actions)
        from resource in Gen.Elements(Resources)
        from context in Contexts
        select new AuthorizationRequest(principal, action, resource, context);

    /// <summary>A Deny statement shaped for the policy it goes into.</summary>
    public static Gen<Statement> DenyStatements(bool namesPrincipals) => Statements(namesPrincipals, Gen.Constant(PolicyEffect.Deny));
}

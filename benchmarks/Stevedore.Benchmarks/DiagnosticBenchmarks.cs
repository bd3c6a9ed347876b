using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;

namespace Stevedore.Benchmarks;

/// <summary>
/// Not targets: splits of the measured paths, to show where time and allocation go (docs/performance.md, "Where the
/// cost is"). Compile is split into JSON parse, shape parse, parse + validate, and compiling an already-parsed
/// document; Authorize is repeated with an organization (one SCP level, one RCP level) around the same role.
/// </summary>
[MemoryDiagnoser]
public class DiagnosticBenchmarks
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 32 };

    private string _large = null!;
    private PolicyDocument _document = null!;
    private AuthorizationRequest _request = null!;
    private PolicySet _withOrganization = null!;

    [GlobalSetup]
    public void Setup()
    {
        _large = Scenario.LargePolicy;
        _document = PolicyParser.Parse(_large, PolicyType.Identity).Document!;
        (_request, var policies) = AuthorizeBenchmarks.Prepare(RequestKind.AllowedSecret);
        const string fullAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        const string denyLeaveOrg = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}""";
        const string rcp = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}""";
        _withOrganization = new PolicySet
        {
            Identity = policies.Identity,
            ServiceControlPolicies =
            [
                [PolicyCompiler.Compile(fullAccess, PolicyType.ServiceControl, "FullAWSAccess")],
                [PolicyCompiler.Compile(fullAccess, PolicyType.ServiceControl, "FullAWSAccess"), PolicyCompiler.Compile(denyLeaveOrg, PolicyType.ServiceControl, "DenyLeave")],
            ],
            ResourceControlPolicies = [[PolicyCompiler.Compile(rcp, PolicyType.ResourceControl, "EnforceTls")]],
        };
        Scenario.Check(_request, _withOrganization, DecisionKind.Allowed, "with organization");
    }

    [Benchmark]
    public int JsonDocumentParseLarge6KB()
    {
        using var doc = JsonDocument.Parse(_large, JsonOptions);
        return doc.RootElement.GetProperty("Statement").GetArrayLength();
    }

    [Benchmark]
    public PolicyDocument? ParseShapeLarge6KB() => PolicyParser.ParseShape(_large, []);

    [Benchmark]
    public CompiledPolicy CompileParsedLarge6KB() => PolicyCompiler.Compile(_document, PolicyType.Identity, "platform-team");

    [Benchmark]
    public Decision AuthorizeAllowedSecretWithScpsAndRcp() => Authorizer.Authorize(_request, _withOrganization);
}

using BenchmarkDotNet.Attributes;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Benchmarks;

/// <summary>The fast path, <see cref="Authorizer.Authorize"/>, per request kind. Target: ≤ 200 ns and 0 B per decision.</summary>
[MemoryDiagnoser]
public class AuthorizeBenchmarks
{
    private AuthorizationRequest _allowedEcrToken = null!, _allowedSecret = null!, _implicitDenyS3 = null!, _conditionFailsVpce = null!;
    private PolicySet _allowedEcrTokenSet = null!, _allowedSecretSet = null!, _implicitDenyS3Set = null!, _conditionFailsVpceSet = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_allowedEcrToken, _allowedEcrTokenSet) = Prepare(RequestKind.AllowedEcrToken);
        (_allowedSecret, _allowedSecretSet) = Prepare(RequestKind.AllowedSecret);
        (_implicitDenyS3, _implicitDenyS3Set) = Prepare(RequestKind.ImplicitDenyS3);
        (_conditionFailsVpce, _conditionFailsVpceSet) = Prepare(RequestKind.ConditionFailsVpce);
    }

    [Benchmark]
    public Decision AllowedEcrToken() => Authorizer.Authorize(_allowedEcrToken, _allowedEcrTokenSet);

    [Benchmark]
    public Decision AllowedSecret() => Authorizer.Authorize(_allowedSecret, _allowedSecretSet);

    [Benchmark]
    public Decision ImplicitDenyS3() => Authorizer.Authorize(_implicitDenyS3, _implicitDenyS3Set);

    [Benchmark]
    public Decision ConditionFailsVpce() => Authorizer.Authorize(_conditionFailsVpce, _conditionFailsVpceSet);

    internal static (AuthorizationRequest, PolicySet) Prepare(RequestKind kind)
    {
        var (request, policies, expected) = Scenario.Build(kind);
        Scenario.Check(request, policies, expected, kind.ToString());
        return (request, policies);
    }
}

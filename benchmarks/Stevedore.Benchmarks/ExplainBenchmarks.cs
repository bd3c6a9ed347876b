using BenchmarkDotNet.Attributes;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Benchmarks;

/// <summary><see cref="Authorizer.Explain"/> per request kind. Target: ≥ 500,000 explanations/s (≤ 2 µs each).</summary>
[MemoryDiagnoser]
public class ExplainBenchmarks
{
    private AuthorizationRequest _allowedEcrToken = null!, _allowedSecret = null!, _implicitDenyS3 = null!, _conditionFailsVpce = null!;
    private PolicySet _allowedEcrTokenSet = null!, _allowedSecretSet = null!, _implicitDenyS3Set = null!, _conditionFailsVpceSet = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_allowedEcrToken, _allowedEcrTokenSet) = AuthorizeBenchmarks.Prepare(RequestKind.AllowedEcrToken);
        (_allowedSecret, _allowedSecretSet) = AuthorizeBenchmarks.Prepare(RequestKind.AllowedSecret);
        (_implicitDenyS3, _implicitDenyS3Set) = AuthorizeBenchmarks.Prepare(RequestKind.ImplicitDenyS3);
        (_conditionFailsVpce, _conditionFailsVpceSet) = AuthorizeBenchmarks.Prepare(RequestKind.ConditionFailsVpce);
    }

    [Benchmark]
    public Explanation AllowedEcrToken() => Authorizer.Explain(_allowedEcrToken, _allowedEcrTokenSet);

    [Benchmark]
    public Explanation AllowedSecret() => Authorizer.Explain(_allowedSecret, _allowedSecretSet);

    [Benchmark]
    public Explanation ImplicitDenyS3() => Authorizer.Explain(_implicitDenyS3, _implicitDenyS3Set);

    [Benchmark]
    public Explanation ConditionFailsVpce() => Authorizer.Explain(_conditionFailsVpce, _conditionFailsVpceSet);
}

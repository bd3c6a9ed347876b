using BenchmarkDotNet.Attributes;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Benchmarks;

/// <summary>
/// What a caller pays around the fast path: building the request (context, principal keys, request object) for every
/// call, as an emulator handling one API call does. Not part of the Authorize target; shows the per-request allocation.
/// </summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private PolicySet _policies = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_, _policies) = AuthorizeBenchmarks.Prepare(RequestKind.AllowedEcrToken);
    }

    [Benchmark]
    public AuthorizationRequest BuildRequest() => Scenario.Request("ecr:GetAuthorizationToken", "*");

    [Benchmark]
    public Decision BuildRequestAndAuthorize() => Authorizer.Authorize(Scenario.Request("ecr:GetAuthorizationToken", "*"), _policies);
}

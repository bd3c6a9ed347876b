using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Authorization;

/// <summary>
/// The one authorizer every request goes through: gathers the caller's policies, the resource's policy, the
/// VPC endpoint's policy and the request's context keys, and asks the engine.
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
public sealed class RequestAuthorizer(IamStore iam, CompiledPolicyCache policies)
{
    /// <summary>Authorizes <paramref name="target"/> for the context's caller or throws the service's AccessDenied.</summary>
    /// <returns>"Allow".</returns>
    public string Authorize(OperationContext context, AuthorizationTarget target, string? endpointService)
    {
        if (target.IsUnconditional)
        {
            return "Allow";
        }

        var (request, set) = Build(context, target, endpointService);

        // A traced request is explained once; the explanation carries the decision and the message.
        var explained = context.Trace is { } trace ? Report(trace, context, request, set, target, endpointService) : null;
        if (explained?.Decision.IsAllowed ?? Authorizer.Authorize(request, set).IsAllowed)
        {
            return "Allow";
        }

        var caller = context.Caller;
        var message = target.OmitDenialReason
            ? $"User: {caller.Principal.Arn} is not authorized to perform: {target.Action} on resource: {target.Resource}"
            : (explained ?? Authorizer.Explain(request, set)).Message!;
        throw context.Service?.AccessDenied(context, target, message) ?? new AwsServiceException("AccessDenied", message, 403);
    }

    /// <summary>Whether <paramref name="target"/> is allowed for the context's caller.</summary>
    public bool IsAllowed(OperationContext context, AuthorizationTarget target, string? endpointService)
    {
        if (target.IsUnconditional)
        {
            return true;
        }

        var (request, set) = Build(context, target, endpointService);
        return context.Trace is { } trace
            ? Report(trace, context, request, set, target, endpointService).Decision.IsAllowed
            : Authorizer.Authorize(request, set).IsAllowed;
    }

    /// <summary>Tells a traced request's sink what was decided and by which statements (the engine explains itself).</summary>
    private static Explanation Report(IAuthorizationTrace trace, OperationContext context, AuthorizationRequest request, PolicySet set,
        AuthorizationTarget target, string? endpointService)
    {
        var explanation = Authorizer.Explain(request, set);
        var keys = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Context.Entries)
        {
            keys[key] = value.Values;
        }

        var decision = explanation.Decision.Kind == DecisionKind.Allowed ? "Allow" : explanation.Decision.Kind.ToString();
        var message = explanation.Message is not null && target.OmitDenialReason
            ? $"User: {context.Caller.Principal.Arn} is not authorized to perform: {target.Action} on resource: {target.Resource}"
            : explanation.Message;
        var endpoint = endpointService is null ? null : context.OriginFor(endpointService)?.VpcEndpointId;
        trace.Record(new AuthorizationRecord(request.Principal.Arn, request.Action, request.Resource, keys, decision,
            [.. explanation.DecidingStatements.Select(s => s.ToString())], message, endpoint));
        return explanation;
    }

    private (AuthorizationRequest Request, PolicySet Policies) Build(OperationContext context, AuthorizationTarget target, string? endpointService)
    {
        var caller = context.Caller;
        var origin = endpointService is null ? null : context.OriginFor(endpointService);
        var endpointPolicy = origin?.EndpointPolicy is { } document ? policies.Get(document, PolicyType.VpcEndpoint, origin.VpcEndpointId) : null;
        var set = new CallerPolicies(policies, iam.FindPolicy).For(caller, target.ResourcePolicy, target.ResourcePolicyKind, endpointPolicy);
        if (set.HoldsNoPolicy && context.Trace is null)
        {
            // Nothing can read the context (a traced request still records its keys).
            return (new AuthorizationRequest(caller.Principal, target.Action, target.Resource, RequestContext.Empty, target.ResourceAccount), set);
        }

        // An untraced request keeps only the keys its policies read; a traced one records every key it carried.
        var requestContext = RequestContextFactory.For(caller, context.Now, context.SourceIp, context.SecureTransport, context.Region,
            context.Trace is null ? set : null);
        if (origin is not null)
        {
            requestContext.Set("aws:SourceVpc", origin.VpcId).Set("aws:SourceVpce", origin.VpcEndpointId);
        }

        foreach (var (key, values) in target.Context)
        {
            if (values.Count == 1)
            {
                requestContext.Set(key, values[0]);
            }
            else
            {
                requestContext.SetMulti(key, values);
            }
        }

        return (new AuthorizationRequest(caller.Principal, target.Action, target.Resource, requestContext, target.ResourceAccount), set);
    }
}

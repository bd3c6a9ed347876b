using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Stopping;

/// <summary>How a planned call failed.</summary>
public abstract record CallFailure;

/// <summary>The service answered with an error (its code, message and HTTP status, and the request id it gave).</summary>
public sealed record ServiceError(string Code, string Message, int HttpStatus = 400, string RequestId = "") : CallFailure
{
    /// <summary>The error a service answers when IAM (or a resource/endpoint policy) denies <paramref name="call"/>;
    /// <paramref name="message"/> is the engine's AccessDenied text (<c>User: … is not authorized to perform: …</c>).</summary>
    public static ServiceError AccessDenied(PlannedCall call, string message, string requestId = "") => (call.Service, call.Operation) switch
    {
        // A HEAD response has no body: the SDK reports the status text as code and message.
        ("s3", "HeadObject" or "HeadBucket") => new ServiceError("Forbidden", "Forbidden", 403, requestId),
        ("s3", _) => new ServiceError("AccessDenied", message, 403, requestId),
        _ => new ServiceError("AccessDeniedException", message, 400, requestId),
    };
}

/// <summary>SSM GetParameters answered with these names in <c>InvalidParameters</c> (missing parameters).</summary>
public sealed record InvalidParameters(IReadOnlyList<string> Names) : CallFailure;

/// <summary>ECR has no such image (BatchGetImage <c>ImageNotFound</c>) or no such repository (<c>RepositoryNotFoundException</c>).</summary>
public sealed record ImageNotFound(bool RepositoryMissing = false) : CallFailure;

/// <summary>A layer could not be fetched (GetDownloadUrlForLayer or the pre-signed S3 download denied).</summary>
public sealed record LayerDenied(string Digest, ServiceError? Error = null) : CallFailure;

/// <summary>The Secrets Manager secret's JSON has no such key.</summary>
public sealed record JsonKeyMissing(string Key) : CallFailure;

/// <summary>What is wrong with a <c>repositoryCredentials</c> secret's value.</summary>
public enum RegistryCredentialsProblem
{
    EmptyResponse,
    EmptySecretValue,
    InvalidSchema,
    EmptyUsername,
    EmptyPassword,
}

/// <summary>The registry-credentials secret was read but is not <c>{"username": …, "password": …}</c>.</summary>
public sealed record RegistryCredentialsInvalid(RegistryCredentialsProblem Problem) : CallFailure;

using Microsoft.AspNetCore.Http;
using Stevedore.Agent;
using Stevedore.Storage;

namespace Stevedore.Server.Hosting;

/// <summary><c>GET /_stevedore/tasks/{taskArn or id}/trace</c>: a launch's trace as JSON (404 when there is none).</summary>
public static class TaskTraceEndpoint
{
    public const string Prefix = "/_stevedore/tasks/";

    /// <summary>Whether the request is for this endpoint.</summary>
    public static bool Matches(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Value is { } path
        && path.StartsWith(Prefix, StringComparison.Ordinal) && path.EndsWith("/trace", StringComparison.Ordinal);

    public static async Task WriteAsync(HttpContext http, IStateStore store)
    {
        // The ARN arrives URL-encoded (its slashes too): decode the segment between the prefix and /trace.
        var path = http.Request.Path.Value!;
        var name = Uri.UnescapeDataString(path[Prefix.Length..^"/trace".Length]);
        var document = name.Length == 0 ? null : TraceStore.Find(store, name);
        http.Response.ContentType = "application/json";
        if (document is null)
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsync($$"""{"message":"no launch trace for task '{{name.Replace("\"", "", StringComparison.Ordinal)}}'"}""").ConfigureAwait(false);
            return;
        }

        await http.Response.WriteAsync(document).ConfigureAwait(false);
    }
}

using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>A decoded Query-protocol request: the operation and its input as a value tree keyed by model member names.</summary>
/// <param name="Action">The <c>Action</c> parameter.</param>
/// <param name="Version">The <c>Version</c> parameter (the model's when the request omits it).</param>
/// <param name="Operation">The implemented operation.</param>
/// <param name="Input">The input tree (member names as in the model: <c>RoleName</c>, <c>Tags</c>).</param>
public sealed record QueryRequest(string Action, string Version, OperationModel Operation, JsonObject Input);

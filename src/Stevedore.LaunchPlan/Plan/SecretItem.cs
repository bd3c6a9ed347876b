using Stevedore.LaunchPlan.Input;

namespace Stevedore.LaunchPlan.Plan;

/// <summary>One <c>secrets</c>/<c>secretOptions</c> entry served by a call, and how its value is taken from the answer.</summary>
/// <param name="Name">The environment variable or log option the value goes to.</param>
/// <param name="ResourceArn">The SSM parameter or Secrets Manager secret ARN authorized for it.</param>
/// <param name="JsonKey">Secrets Manager: the key extracted client-side from the JSON SecretString, or null.</param>
/// <param name="JsonPath">The entry's <c>valueFrom</c> path.</param>
public sealed record SecretItem(string Container, string Name, string ValueFrom, SecretTarget Target, string ResourceArn, string? JsonKey, string JsonPath);

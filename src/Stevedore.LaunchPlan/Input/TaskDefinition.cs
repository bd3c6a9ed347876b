namespace Stevedore.LaunchPlan.Input;

/// <summary>Which JSON document a task definition was read from.</summary>
public enum TaskDefinitionShape
{
    /// <summary>The input of <c>RegisterTaskDefinition</c>: the task definition at the root.</summary>
    RegisterInput,

    /// <summary>The output of <c>DescribeTaskDefinition</c>: <c>{"taskDefinition": …}</c>.</summary>
    DescribeOutput,
}

/// <summary>
/// The parts of a task definition the execution role is used for, each with its JSON path in the source document
/// (paths are those of the document as given: under <c>$.taskDefinition</c> for the DescribeTaskDefinition shape).
/// Everything else in the document is accepted and ignored.
/// </summary>
public sealed record TaskDefinition(
    TaskDefinitionShape Shape,
    string RootPath,
    string? Family,
    Sourced<string>? ExecutionRoleArn,
    Sourced<string>? TaskRoleArn,
    IReadOnlyList<string> RequiresCompatibilities,
    string? NetworkMode,
    IReadOnlyList<ContainerDefinition> Containers);

/// <summary>One entry of <c>containerDefinitions</c>.</summary>
/// <param name="Path">The container's JSON path, e.g. <c>$.containerDefinitions[1]</c>.</param>
public sealed record ContainerDefinition(
    int Index,
    string Path,
    string Name,
    Sourced<string> Image,
    bool Essential,
    Sourced<string>? CredentialsParameter,
    IReadOnlyList<SecretReference> Secrets,
    IReadOnlyList<EnvironmentFileReference> EnvironmentFiles,
    LogConfiguration? LogConfiguration,
    FirelensConfiguration? FirelensConfiguration);

/// <summary>Where a secret's value goes: an environment variable or a log driver option.</summary>
public enum SecretTarget
{
    /// <summary>From <c>secrets</c>.</summary>
    EnvironmentVariable,

    /// <summary>From <c>logConfiguration.secretOptions</c>.</summary>
    LogDriver,
}

/// <summary>An entry of <c>secrets</c> or <c>logConfiguration.secretOptions</c>.</summary>
/// <param name="Path">The entry's JSON path; <c>ValueFrom.Path</c> is its <c>valueFrom</c>.</param>
public sealed record SecretReference(string Name, Sourced<string> ValueFrom, SecretTarget Target, string Path);

/// <summary>An entry of <c>environmentFiles</c>.</summary>
public sealed record EnvironmentFileReference(Sourced<string> Value, string Type, string Path);

/// <summary><c>logConfiguration</c>: the driver, its options (each with its path) and its <c>secretOptions</c>.</summary>
public sealed record LogConfiguration(
    string LogDriver,
    string Path,
    IReadOnlyDictionary<string, Sourced<string>> Options,
    IReadOnlyList<SecretReference> SecretOptions);

/// <summary><c>firelensConfiguration</c>: its type and options (each with its path).</summary>
public sealed record FirelensConfiguration(string Type, string Path, IReadOnlyDictionary<string, Sourced<string>> Options);

using System.Text.Json;

namespace Stevedore.LaunchPlan.Input;

/// <summary>
/// Reads a task definition from JSON in either the <c>RegisterTaskDefinition</c> input shape or the
/// <c>DescribeTaskDefinition</c> output shape (<c>{"taskDefinition": …}</c>). Only the fields the execution role is
/// used for are read; a field of the wrong JSON type, a missing <c>containerDefinitions</c>, container <c>name</c> or
/// <c>image</c>, or text that is not JSON raises <see cref="TaskDefinitionFormatException"/> naming the path.
/// </summary>
// Field names: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
public static class TaskDefinitionParser
{
    public static TaskDefinition Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" at line {line + 1}, position {error.BytePositionInLine + 1}" : "";
            throw new TaskDefinitionFormatException("$", $"not valid JSON{where}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    public static TaskDefinition Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TaskDefinitionFormatException("$", "expected an object: a RegisterTaskDefinition input or a DescribeTaskDefinition output");
        }

        if (root.TryGetProperty("taskDefinition", out var inner))
        {
            if (inner.ValueKind != JsonValueKind.Object)
            {
                throw new TaskDefinitionFormatException("$.taskDefinition", "expected an object");
            }

            return ParseDefinition(inner, "$.taskDefinition", TaskDefinitionShape.DescribeOutput);
        }

        return ParseDefinition(root, "$", TaskDefinitionShape.RegisterInput);
    }

    private static TaskDefinition ParseDefinition(JsonElement element, string path, TaskDefinitionShape shape)
    {
        var containersPath = JsonPaths.Member(path, "containerDefinitions");
        if (!element.TryGetProperty("containerDefinitions", out var containers))
        {
            throw new TaskDefinitionFormatException(containersPath, "required: the task definition has no containerDefinitions");
        }

        var list = Array(containers, containersPath);
        if (list.Count == 0)
        {
            throw new TaskDefinitionFormatException(containersPath, "at least one container definition is required");
        }

        return new TaskDefinition(
            shape,
            path,
            OptionalString(element, path, "family")?.Value,
            OptionalString(element, path, "executionRoleArn"),
            OptionalString(element, path, "taskRoleArn"),
            StringArray(element, path, "requiresCompatibilities"),
            OptionalString(element, path, "networkMode")?.Value,
            list.Select((c, i) => ParseContainer(c, JsonPaths.Item(containersPath, i), i)).ToArray());
    }

    private static ContainerDefinition ParseContainer(JsonElement element, string path, int index)
    {
        RequireObject(element, path);
        var name = RequiredString(element, path, "name");
        var image = RequiredString(element, path, "image");
        var essential = true;
        if (element.TryGetProperty("essential", out var essentialElement) && essentialElement.ValueKind != JsonValueKind.Null)
        {
            essential = essentialElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new TaskDefinitionFormatException(JsonPaths.Member(path, "essential"), "expected a boolean"),
            };
        }

        Sourced<string>? credentials = null;
        if (OptionalObject(element, path, "repositoryCredentials") is { } repository)
        {
            credentials = RequiredString(repository, JsonPaths.Member(path, "repositoryCredentials"), "credentialsParameter");
        }

        var secrets = Secrets(element, path, "secrets", SecretTarget.EnvironmentVariable);
        var files = Items(element, path, "environmentFiles", (file, filePath) =>
            new EnvironmentFileReference(RequiredString(file, filePath, "value"), RequiredString(file, filePath, "type").Value, filePath));

        LogConfiguration? log = null;
        if (OptionalObject(element, path, "logConfiguration") is { } logElement)
        {
            var logPath = JsonPaths.Member(path, "logConfiguration");
            log = new LogConfiguration(
                RequiredString(logElement, logPath, "logDriver").Value,
                logPath,
                StringMap(logElement, logPath, "options"),
                Secrets(logElement, logPath, "secretOptions", SecretTarget.LogDriver));
        }

        FirelensConfiguration? firelens = null;
        if (OptionalObject(element, path, "firelensConfiguration") is { } firelensElement)
        {
            var firelensPath = JsonPaths.Member(path, "firelensConfiguration");
            firelens = new FirelensConfiguration(
                RequiredString(firelensElement, firelensPath, "type").Value, firelensPath, StringMap(firelensElement, firelensPath, "options"));
        }

        return new ContainerDefinition(index, path, name.Value, image, essential, credentials, secrets, files, log, firelens);
    }

    private static SecretReference[] Secrets(JsonElement element, string path, string member, SecretTarget target) =>
        Items(element, path, member, (secret, secretPath) =>
            new SecretReference(RequiredString(secret, secretPath, "name").Value, RequiredString(secret, secretPath, "valueFrom"), target, secretPath));

    private static T[] Items<T>(JsonElement element, string path, string member, Func<JsonElement, string, T> read)
    {
        if (!element.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var memberPath = JsonPaths.Member(path, member);
        var items = Array(value, memberPath);
        var result = new T[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = JsonPaths.Item(memberPath, i);
            RequireObject(items[i], itemPath);
            result[i] = read(items[i], itemPath);
        }

        return result;
    }

    private static List<JsonElement> Array(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : throw new TaskDefinitionFormatException(path, "expected an array");

    private static void RequireObject(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new TaskDefinitionFormatException(path, "expected an object");
        }
    }

    private static JsonElement? OptionalObject(JsonElement element, string path, string member)
    {
        if (!element.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        RequireObject(value, JsonPaths.Member(path, member));
        return value;
    }

    private static Sourced<string> RequiredString(JsonElement element, string path, string member) =>
        OptionalString(element, path, member) ?? throw new TaskDefinitionFormatException(JsonPaths.Member(path, member), "required");

    private static Sourced<string>? OptionalString(JsonElement element, string path, string member)
    {
        if (!element.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var memberPath = JsonPaths.Member(path, member);
        return value.ValueKind == JsonValueKind.String
            ? new Sourced<string>(value.GetString()!, memberPath)
            : throw new TaskDefinitionFormatException(memberPath, "expected a string");
    }

    private static string[] StringArray(JsonElement element, string path, string member)
    {
        if (!element.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var memberPath = JsonPaths.Member(path, member);
        return Array(value, memberPath)
            .Select((item, i) => item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new TaskDefinitionFormatException(JsonPaths.Item(memberPath, i), "expected a string"))
            .ToArray();
    }

    private static Dictionary<string, Sourced<string>> StringMap(JsonElement element, string path, string member)
    {
        var map = new Dictionary<string, Sourced<string>>(StringComparer.Ordinal);
        if (OptionalObject(element, path, member) is not { } options)
        {
            return map;
        }

        var optionsPath = JsonPaths.Member(path, member);
        foreach (var option in options.EnumerateObject())
        {
            var optionPath = JsonPaths.Member(optionsPath, option.Name);
            map[option.Name] = option.Value.ValueKind == JsonValueKind.String
                ? new Sourced<string>(option.Value.GetString()!, optionPath)
                : throw new TaskDefinitionFormatException(optionPath, "expected a string");
        }

        return map;
    }
}

namespace Stevedore.LaunchPlan.Input;

/// <summary>A task definition document that cannot be read: names the JSON path of the first problem.</summary>
public sealed class TaskDefinitionFormatException : Exception
{
    public TaskDefinitionFormatException(string jsonPath, string problem)
        : base($"{jsonPath}: {problem}")
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    public TaskDefinitionFormatException()
        : this("$", "invalid task definition")
    {
    }

    public TaskDefinitionFormatException(string message)
        : this("$", message)
    {
    }

    public TaskDefinitionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        JsonPath = "$";
        Problem = message;
    }

    /// <summary>Where the problem is, e.g. <c>$.containerDefinitions[0].secrets[1].valueFrom</c>.</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong there.</summary>
    public string Problem { get; }
}

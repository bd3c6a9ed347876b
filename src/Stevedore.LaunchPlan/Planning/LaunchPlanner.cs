using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Planning;

/// <summary>
/// Builds the launch plan of a task definition in a launch context. Pure: no I/O, no clock, no randomness; the same
/// inputs always give the same plan.
/// </summary>
public static class LaunchPlanner
{
    public static TaskLaunchPlan Build(TaskDefinition definition, LaunchContext context) => new PlanBuilder(definition, context).Build();

    /// <summary>Parses <paramref name="taskDefinitionJson"/> (either shape) and builds its plan.</summary>
    /// <exception cref="TaskDefinitionFormatException">The JSON is malformed; names the path.</exception>
    public static TaskLaunchPlan Build(string taskDefinitionJson, LaunchContext context) =>
        Build(TaskDefinitionParser.Parse(taskDefinitionJson), context);
}

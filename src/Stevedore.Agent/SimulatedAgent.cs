using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Ecs;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Services;
using Stevedore.LaunchPlan.Input;
using Stevedore.Storage;

namespace Stevedore.Agent;

/// <summary>
/// The simulated ECS agent (and Fargate): builds the task's launch plan, assumes the execution role as
/// <c>ecs-tasks.amazonaws.com</c>, executes every planned call through the endpoint's pipeline with the session's
/// credentials, and says how the task ended up. Every launch leaves a trace (<see cref="TraceStore"/>).
/// </summary>
/// <param name="endpoint">The endpoint's pipeline, in process (the server wires its own).</param>
public sealed class SimulatedAgent(IInProcessEndpoint endpoint, IStateStore store, TimeProvider? clock = null) : ITaskLauncher
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    internal IStateStore Store => store;

    internal TimeProvider Clock => _clock;

    /// <summary>The same authorizer the pipeline uses (one class, the same policies), for the role assumption ECS makes
    /// on its own side.</summary>
    internal RequestAuthorizer Authorizer { get; } = new(new IamStore(store), new CompiledPolicyCache());

    internal AwsWireClient Client { get; } = new(endpoint, clock ?? TimeProvider.System);

    public TaskLaunchOutcome Launch(TaskLaunch launch)
    {
        var context = LaunchContextFactory.From(launch);
        var trace = new LaunchTrace(context.EffectiveTaskArn, _clock.GetUtcNow());
        TaskLaunchOutcome outcome;
        try
        {
            outcome = new LaunchRun(this, launch, context, trace).Run();
        }
        catch (TaskDefinitionFormatException error)
        {
            // ECS validated the definition at registration; a shape the plan cannot read is reported, not thrown.
            outcome = TaskLaunchOutcome.FailedToStart($"ResourceInitializationError: {error.Message}");
        }

        // The trace is written with the task's outcome, in ECS's transaction.
        var document = trace.Finish(outcome).ToJsonString();
        return outcome with { Record = tx => TraceStore.Put(tx, launch.TaskId, document) };
    }
}

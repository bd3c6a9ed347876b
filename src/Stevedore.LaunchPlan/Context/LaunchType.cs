namespace Stevedore.LaunchPlan.Context;

/// <summary>Where the task runs: on Fargate, on an EC2 container instance, or on an external (ECS Anywhere) instance.</summary>
public enum LaunchType
{
    Fargate,
    Ec2,
    External,
}

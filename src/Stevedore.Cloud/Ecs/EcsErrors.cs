using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Ecs;

/// <summary>
/// ECS's errors with AWS's codes and texts. The texts are those AWS answers, as quoted in public reports (each cited);
/// where none was found the text is Stevedore's and is listed as a doubt in docs/services/ecs.md.
/// </summary>
internal static class EcsErrors
{
    private static ServiceModel Model => ServiceModel.Load("ecs");

    // https://github.com/aws/amazon-ecs-cli/issues/1122 and the RunTask reports it links
    public static AwsServiceException ClusterNotFound() => Model.Error("ClusterNotFoundException", "Cluster not found.");

    public static AwsServiceException Client(string message) => Model.Error("ClientException", message);

    public static AwsServiceException InvalidParameter(string message) => Model.Error("InvalidParameterException", message);

    // https://github.com/getmoto/moto/pull/5910 (the text AWS answers for an unknown family or revision)
    public static AwsServiceException UnableToDescribeTaskDefinition() => Client("Unable to describe task definition.");

    // https://github.com/Cloud-CV/EvalAI/issues/2419 (CreateService; RunTask answers the same)
    public static AwsServiceException TaskDefinitionNotFound() => Client("TaskDefinition not found.");

    // https://github.com/DefangLabs/defang/pull/775 (RunTask on a deregistered revision; no trailing period)
    public static AwsServiceException TaskDefinitionInactive() => InvalidParameter("TaskDefinition is inactive");

    // https://github.com/aws/aws-cli/issues/2078 and https://github.com/gruntwork-io/cloud-nuke/pull/1131
    public static AwsServiceException ClusterContainsContainerInstances() =>
        Model.Error("ClusterContainsContainerInstancesException", "The Cluster cannot be deleted while Container Instances are active or draining.");

    // https://github.com/gruntwork-io/cloud-nuke/issues/368
    public static AwsServiceException ClusterContainsTasks() =>
        Model.Error("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");

    // https://github.com/wazuh/wazuh/issues/25439 (StopTask on an unknown task; no trailing period)
    public static AwsServiceException TaskNotFound() => InvalidParameter("The referenced task was not found");

    public static AwsServiceException ContainerInstanceNotFound() => InvalidParameter("The referenced container instance was not found.");

    public static AwsServiceException ResourceNotFound() => Model.Error("ResourceNotFoundException", "The specified resource could not be found.");

    public static AwsServiceException InvalidIdentifier(string member) => InvalidParameter($"Invalid identifier: {member} is not a valid identifier.");
}

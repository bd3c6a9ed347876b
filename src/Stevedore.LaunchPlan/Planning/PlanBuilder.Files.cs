using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Planning;

/// <summary><c>environmentFiles</c> and FireLens configuration files in S3 (reference sheet §2(e), §2(f)).</summary>
internal sealed partial class PlanBuilder
{
    private const string FirelensTypeOption = "config-file-type";
    private const string FirelensValueOption = "config-file-value";

    /// <summary>Per file: Fargate HeadObject then GetObject; the EC2 agent a HeadBucket for the bucket's region (its
    /// answer read even on 403) then GetObject.</summary>
    private List<PlannedCall> EnvironmentFileCalls(PlanStage stage)
    {
        var calls = new List<PlannedCall>();
        foreach (var container in definition.Containers)
        {
            foreach (var file in container.EnvironmentFiles)
            {
                Gate(FeatureGates.EnvironmentFiles, file.Value.Path, container.Name);
                if (file.Type != "s3")
                {
                    Add(new PlanFinding("InvalidEnvironmentFileType", FindingSeverity.Error, FindingStage.Registration, Feature.EnvironmentFiles,
                        $"environment file type '{file.Type}' is not supported: the only type is 's3'", JsonPaths.Member(file.Path, "type"), Container: container.Name));
                    continue;
                }

                if (S3ObjectArn.TryParse(file.Value.Value) is not { } arn)
                {
                    // agent/taskresource/envFiles/envfile.go (reference sheet §3.4)
                    Add(new PlanFinding("InvalidEnvironmentFileArn", FindingSeverity.Error, FindingStage.Launch, Feature.EnvironmentFiles,
                        $"'{file.Value.Value}' is not an S3 object ARN (arn:aws:s3:::BUCKET/KEY)", file.Value.Path,
                        $"unable to parse bucket and key from s3 ARN specified in environmentFile {file.Value.Value}, error: invalid s3 arn: {file.Value.Value}",
                        container.Name));
                    continue;
                }

                calls.AddRange(S3Download(stage, Feature.EnvironmentFiles, arn, file.Value.Path, container.Name));
            }
        }

        return calls;
    }

    /// <summary>FireLens with <c>config-file-type</c> = <c>s3</c>: EC2 downloads it with the execution role; Fargate
    /// supports only <c>file</c>.</summary>
    private List<PlannedCall> FirelensCalls(PlanStage stage)
    {
        var calls = new List<PlannedCall>();
        foreach (var container in definition.Containers)
        {
            if (container.FirelensConfiguration is not { } firelens
                || !firelens.Options.TryGetValue(FirelensTypeOption, out var type) || type.Value != "s3")
            {
                continue;
            }

            if (IsFargate)
            {
                // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/firelens-taskdef.html: "Tasks that are hosted on
                // AWS Fargate only support the file configuration file type."
                Add(new PlanFinding("FirelensS3ConfigOnFargate", FindingSeverity.Error, FindingStage.Placement, Feature.FirelensConfig,
                    "FireLens configuration files in S3 are not supported on Fargate: use config-file-type 'file' with a file in the image",
                    type.Path, Container: container.Name));
                continue;
            }

            Gate(FeatureGates.FirelensS3Config, type.Path, container.Name);
            var valuePath = JsonPaths.Member(JsonPaths.Member(firelens.Path, "options"), FirelensValueOption);
            if (!firelens.Options.TryGetValue(FirelensValueOption, out var value) || S3ObjectArn.TryParse(value.Value) is not { } arn)
            {
                var text = firelens.Options.TryGetValue(FirelensValueOption, out var given) ? given.Value : "";
                // agent/taskresource/firelens/firelens_unix.go (reference sheet §3.4)
                Add(new PlanFinding("InvalidFirelensConfigArn", FindingSeverity.Error, FindingStage.Launch, Feature.FirelensConfig,
                    $"'{text}' is not an S3 object ARN (arn:aws:s3:::BUCKET/KEY)", valuePath,
                    $"unable to download firelens s3 config file: unable to parse bucket and key from s3 arn: invalid s3 arn: {text}", container.Name));
                continue;
            }

            calls.AddRange(S3Download(stage, Feature.FirelensConfig, arn, value.Path, container.Name));
        }

        return calls;
    }

    private IEnumerable<PlannedCall> S3Download(PlanStage stage, Feature feature, S3ObjectArn arn, string path, string container)
    {
        var request = new JsonObject { ["Bucket"] = arn.Bucket, ["Key"] = arn.Key };
        const string RegionNote = "made in the bucket's region (the plan assumes the task's)";
        if (IsFargate)
        {
            // Fargate reports HeadObject failures (reference sheet §2(e), §3.3).
            yield return Routed(NewCall(stage, feature, "s3", "HeadObject", [arn.Arn], context.Region, CallPrincipal.ExecutionRole, "s3",
                request, [path], container) with
            { Action = "s3:GetObject", ResourceNote = RegionNote });
        }
        else
        {
            // The agent's bucket-region probe: a signed HeadBucket whose X-Amz-Bucket-Region header is read even on 403.
            yield return Routed(NewCall(stage, feature, "s3", "HeadBucket", [arn.BucketArn], context.Region, CallPrincipal.ExecutionRole, "s3",
                new JsonObject { ["Bucket"] = arn.Bucket }, [path], container) with
            { Action = "s3:ListBucket", StopsTaskOnFailure = false, ResourceNote = RegionNote });
        }

        yield return Routed(NewCall(stage, feature, "s3", "GetObject", [arn.Arn], context.Region, CallPrincipal.ExecutionRole, "s3",
            request.DeepClone().AsObject(), [path], container) with
        { ResourceNote = RegionNote });
    }
}

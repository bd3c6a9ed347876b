using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Planning;

/// <summary><c>repositoryCredentials</c>, <c>secrets</c> and <c>secretOptions</c> (reference sheet §2(c), §2(d)).</summary>
internal sealed partial class PlanBuilder
{
    /// <summary>SSM GetParameters takes at most 10 names (the agent's <c>MaxBatchNum</c>).</summary>
    internal const int SsmBatchSize = 10;

    private IEnumerable<(ContainerDefinition Container, SecretReference Secret, SecretSource Source)> AllSecrets() =>
        definition.Containers.SelectMany(c =>
            c.Secrets.Concat(c.LogConfiguration?.SecretOptions ?? [])
                .Select(s => (Container: c, Secret: s, Source: SecretSources.ForValueFrom(s.ValueFrom.Value, context.Region, context.Account, Partition))));

    /// <summary>One GetSecretValue per distinct credentialsParameter, sequential (agent/taskresource/asmauth).</summary>
    private List<PlannedCall> RegistryAuthCalls(PlanStage stage)
    {
        var calls = new List<PlannedCall>();
        var withCredentials = definition.Containers.Where(c => c.CredentialsParameter is not null).ToArray();
        if (withCredentials.Length == 0)
        {
            return calls;
        }

        Gate(FeatureGates.PrivateRegistryAuth, withCredentials[0].CredentialsParameter!.Value.Path, withCredentials[0].Name);
        foreach (var group in withCredentials.GroupBy(c => c.CredentialsParameter!.Value.Value, StringComparer.Ordinal))
        {
            var first = group.First();
            var path = first.CredentialsParameter!.Value.Path;
            var source = SecretSources.ForCredentialsParameter(group.Key, context.Region, context.Account, Partition);
            if (source is not SecretsManagerSource secret)
            {
                Add(new PlanFinding("InvalidCredentialsParameter", FindingSeverity.Error, FindingStage.Launch, Feature.PrivateRegistryAuth,
                    ((InvalidSecretSource)source).Problem, path, Container: first.Name));
                continue;
            }

            var call = Routed(NewCall(stage, Feature.PrivateRegistryAuth, "secretsmanager", "GetSecretValue", [secret.ResourceArn], secret.Region,
                CallPrincipal.ExecutionRole, "secretsmanager", new JsonObject { ["SecretId"] = secret.SecretId },
                group.Select(c => c.CredentialsParameter!.Value.Path).ToArray(), group.Count() == 1 ? first.Name : null)
                with
            { ResourceIsPrefix = secret.ResourceIsPrefix });
            calls.Add(call with { SideCalls = [KmsViaSecretsManager(call, secret)] });
        }

        return calls;
    }

    /// <summary>GetParameters with WithDecryption, per region, in batches of 10 distinct names (agent/taskresource/ssmsecret).</summary>
    private List<PlannedCall> SsmCalls(PlanStage stage)
    {
        var calls = new List<PlannedCall>();
        var ssm = new List<(ContainerDefinition Container, SecretReference Secret, SsmParameterSource Source)>();
        foreach (var (container, secret, source) in AllSecrets())
        {
            switch (source)
            {
                case SsmParameterSource parameter:
                    ssm.Add((container, secret, parameter));
                    Gate(secret.Target == SecretTarget.LogDriver ? FeatureGates.SsmLogSecrets : FeatureGates.SsmSecrets, secret.ValueFrom.Path, container.Name);
                    break;
                case InvalidSecretSource invalid:
                    InvalidSecret(container, secret, invalid);
                    break;
            }
        }

        foreach (var region in ssm.GroupBy(x => x.Source.Region, StringComparer.Ordinal))
        {
            var names = region.Select(x => x.Source.Name).Distinct(StringComparer.Ordinal).ToArray();
            for (var start = 0; start < names.Length; start += SsmBatchSize)
            {
                var batch = names.Skip(start).Take(SsmBatchSize).ToHashSet(StringComparer.Ordinal);
                var entries = region.Where(x => batch.Contains(x.Source.Name)).ToArray();
                var resources = entries.Select(x => x.Source.ResourceArn).Distinct(StringComparer.Ordinal).ToArray();
                var containers = entries.Select(x => x.Container.Name).Distinct(StringComparer.Ordinal).ToArray();
                var call = Routed(NewCall(stage, Feature.SsmSecrets, "ssm", "GetParameters", resources, region.Key, CallPrincipal.ExecutionRole, "ssm",
                    new JsonObject { ["Names"] = Strings(names.Skip(start).Take(SsmBatchSize)), ["WithDecryption"] = true },
                    entries.Select(x => x.Secret.ValueFrom.Path).ToArray(), containers.Length == 1 ? containers[0] : null)
                    with
                {
                    Secrets = entries.Select(x => new SecretItem(x.Container.Name, x.Secret.Name, x.Secret.ValueFrom.Value, x.Secret.Target,
                        x.Source.ResourceArn, null, x.Secret.ValueFrom.Path)).ToArray(),
                });
                calls.Add(call with { SideCalls = resources.Select(arn => KmsViaSsm(call, arn)).ToArray() });
            }
        }

        return calls;
    }

    /// <summary>One GetSecretValue per distinct valueFrom and region (agent/taskresource/asmsecret); the JSON key is
    /// taken from the answer client-side.</summary>
    private List<PlannedCall> SecretsManagerCalls(PlanStage stage)
    {
        var calls = new List<PlannedCall>();
        var entries = AllSecrets().Where(x => x.Source is SecretsManagerSource).ToArray();
        foreach (var (container, secret, source) in entries)
        {
            var asm = (SecretsManagerSource)source;
            Gate(secret.Target == SecretTarget.LogDriver ? FeatureGates.SecretsManagerLogSecrets : FeatureGates.SecretsManagerSecrets, secret.ValueFrom.Path, container.Name);
            if (asm.HasSuffixFields)
            {
                Gate(FeatureGates.SecretsManagerSuffix, secret.ValueFrom.Path, container.Name);
            }
        }

        foreach (var group in entries.GroupBy(x => (x.Secret.ValueFrom.Value, x.Source.Region)))
        {
            var source = (SecretsManagerSource)group.First().Source;
            var request = new JsonObject { ["SecretId"] = source.SecretId };
            if (source.VersionStage is not null)
            {
                request["VersionStage"] = source.VersionStage;
            }

            if (source.VersionId is not null)
            {
                request["VersionId"] = source.VersionId;
            }

            var containers = group.Select(x => x.Container.Name).Distinct(StringComparer.Ordinal).ToArray();
            var call = Routed(NewCall(stage, Feature.SecretsManagerSecrets, "secretsmanager", "GetSecretValue", [source.ResourceArn], source.Region,
                CallPrincipal.ExecutionRole, "secretsmanager", request, group.Select(x => x.Secret.ValueFrom.Path).ToArray(),
                containers.Length == 1 ? containers[0] : null)
                with
            {
                ResourceIsPrefix = source.ResourceIsPrefix,
                Secrets = group.Select(x => new SecretItem(x.Container.Name, x.Secret.Name, x.Secret.ValueFrom.Value, x.Secret.Target,
                    source.ResourceArn, source.JsonKey, x.Secret.ValueFrom.Path)).ToArray(),
            });
            calls.Add(call with { SideCalls = [KmsViaSecretsManager(call, source)] });
        }

        return calls;
    }

    private void InvalidSecret(ContainerDefinition container, SecretReference secret, InvalidSecretSource invalid)
    {
        // A bare name that is not an SSM parameter name is refused at registration (reference sheet §6.2).
        var registration = !secret.ValueFrom.Value.StartsWith("arn:", StringComparison.Ordinal);
        Add(new PlanFinding("InvalidSecretReference", FindingSeverity.Error, registration ? FindingStage.Registration : FindingStage.Launch,
            Feature.SecretsManagerSecrets, invalid.Problem, secret.ValueFrom.Path,
            registration ? $"The Systems Manager parameter name specified for secret {secret.Name} is invalid" : invalid.EcsMessage, container.Name));
    }

    // Secrets Manager decrypts with the secret's key on the caller's behalf: kms:Decrypt with kms:ViaService and the
    // encryption context {SecretARN, SecretVersionId} (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html).
    private PlannedCall KmsViaSecretsManager(PlannedCall parent, SecretsManagerSource source)
    {
        var keys = KmsKeys(parent, "secretsmanager");
        if (!source.ResourceIsPrefix)
        {
            keys["kms:EncryptionContext:SecretARN"] = source.ResourceArn;
        }

        return KmsSideCall(parent, keys, "the secret's KMS key");
    }

    // SSM decrypts a SecureString with kms:ViaService and the encryption context {PARAMETER_ARN}
    // (https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html).
    private PlannedCall KmsViaSsm(PlannedCall parent, string parameterArn)
    {
        var keys = KmsKeys(parent, "ssm");
        keys["kms:EncryptionContext:PARAMETER_ARN"] = parameterArn;
        return KmsSideCall(parent, keys, $"the KMS key of SecureString {parameterArn}");
    }

    private Dictionary<string, string> KmsKeys(PlannedCall parent, string service) => new(StringComparer.Ordinal)
    {
        ["kms:ViaService"] = $"{service}.{parent.Region}.{Partitions.DnsSuffix(parent.Region)}",
        ["kms:CallerAccount"] = PrincipalAccount(parent.Principal),
        ["aws:ViaAWSService"] = "true",
    };

    private static PlannedCall KmsSideCall(PlannedCall parent, Dictionary<string, string> keys, string resourceNote) =>
        parent with
        {
            Service = "kms",
            Operation = "Decrypt",
            Action = "kms:Decrypt",
            Resources = [],
            ResourceIsPrefix = false,
            ResourceNote = resourceNote + " (only a customer managed key needs a grant; the AWS managed key does not)",
            ContextKeys = keys,
            EndpointService = null,
            VpcEndpointId = null,
            Request = null,
            Secrets = [],
            Condition = CallCondition.IfCustomerManagedKey,
            SideCalls = [],
        };
}

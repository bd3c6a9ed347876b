using Stevedore.Cloud.Ec2;
using Stevedore.Cloud.Ecr;
using Stevedore.Cloud.Ecs;
using Stevedore.Cloud.Events;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Kms;
using Stevedore.Cloud.Logs;
using Stevedore.Cloud.S3;
using Stevedore.Cloud.SecretsManager;
using Stevedore.Cloud.Ssm;
using Stevedore.Cloud.Sts;

namespace Stevedore.Cloud.Services;

/// <summary>Every service this assembly emulates.</summary>
public static class CloudServices
{
    /// <summary>
    /// One instance of each service, created with its defaults, by signing name. The list is written out (not found by
    /// reflection) so the ahead-of-time compiled binary keeps every service; a test checks it names every concrete
    /// <see cref="AwsService"/> in the assembly.
    /// </summary>
    public static IReadOnlyDictionary<string, AwsService> Create() =>
        new AwsService[]
        {
            new IamService(), new StsService(), new EcrService(), new LogsService(), new SecretsManagerService(),
            new SsmService(), new KmsService(), new S3Service(), new EventsService(), new Ec2Service(), new EcsService(),
        }.ToDictionary(s => s.Name, StringComparer.Ordinal);
}

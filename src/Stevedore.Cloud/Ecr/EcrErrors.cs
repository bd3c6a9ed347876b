using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Ecr;

/// <summary>ECR's errors with AWS's codes and texts (texts as ECR returns them, quoted in public reports).</summary>
internal static class EcrErrors
{
    private static ServiceModel Model => ServiceModel.Load("ecr");

    /// <summary>The name rule AWS prints in its message (the model's pattern is newer and looser).</summary>
    public const string NamePatternText = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*";

    public static AwsServiceException RepositoryNotFound(string name, string registry) =>
        Model.Error("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{registry}'");

    public static AwsServiceException RepositoryAlreadyExists(string name, string registry) =>
        Model.Error("RepositoryAlreadyExistsException", $"The repository with name '{name}' already exists in the registry with id '{registry}'");

    public static AwsServiceException RepositoryNotEmpty(string name, string registry) =>
        Model.Error("RepositoryNotEmptyException",
            $"The repository with name '{name}' in registry with id '{registry}' cannot be deleted because it still contains images");

    public static AwsServiceException PolicyNotFound(string name, string registry) =>
        Model.Error("RepositoryPolicyNotFoundException",
            $"Repository policy does not exist for the repository with name '{name}' in the registry with id '{registry}'");

    // https://github.com/aws/aws-cdk/issues/3583 (the text for any policy ECR refuses)
    public static AwsServiceException InvalidPolicy() =>
        Model.Error("InvalidParameterException", "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'");

    public static AwsServiceException InvalidName() =>
        Model.Error("InvalidParameterException",
            $"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '{NamePatternText}''");

    public static AwsServiceException InvalidParameter(string message) => Model.Error("InvalidParameterException", message);

    public static AwsServiceException ImageAlreadyExists(string digest, string? tag, string repository, string registry) =>
        Model.Error("ImageAlreadyExistsException",
            $"Image with digest '{digest}' and tag '{tag ?? "null"}' already exists in the repository with name '{repository}' in registry with id '{registry}'");

    public static AwsServiceException ImageTagAlreadyExists(string tag, string repository) =>
        Model.Error("ImageTagAlreadyExistsException",
            $"The image tag '{tag}' already exists in the '{repository}' repository and cannot be overwritten because the repository is immutable.");

    public static AwsServiceException ImageNotFound(string? digest, string? tag, string repository, string registry) =>
        Model.Error("ImageNotFoundException",
            $"The image with imageId {{imageDigest:'{digest ?? "null"}', imageTag:'{tag ?? "null"}'}} does not exist within the repository with name '{repository}' in the registry with id '{registry}'");

    public static AwsServiceException DigestDoesNotMatch(string given, string actual) =>
        Model.Error("ImageDigestDoesNotMatchException",
            $"Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The image digest '{given}' does not match the digest '{actual}' of the manifest'");

    public static AwsServiceException ReferencedImagesNotFound(string digest) =>
        Model.Error("ReferencedImagesNotFoundException", $"The referenced image with digest '{digest}' does not exist in the repository");

    public static AwsServiceException LayersNotFound(string digest, string repository, string registry) =>
        Model.Error("LayersNotFoundException",
            $"The layer with digest {digest} does not exist within the repository with name '{repository}' in the registry with id '{registry}'");

    // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html (LayerInaccessibleException)
    public static AwsServiceException LayerInaccessible(string digest) =>
        Model.Error("LayerInaccessibleException",
            $"The layer with digest '{digest}' is not available because it is not associated with an image. Unassociated image layers may be cleaned up at any time.");

    public static AwsServiceException TooManyTags() =>
        Model.Error("TooManyTagsException", "The maximum number of tags (50) has been exceeded for the resource.");

    public static AwsServiceException InvalidTag(string message) => Model.Error("InvalidTagParameterException", message);

    /// <summary>An image-id failure (BatchGetImage, BatchDeleteImage).</summary>
    public const string RequestedImageNotFound = "Requested image not found";

    public const string MissingDigestAndTag = "Invalid request parameters: both tag and digest cannot be null";

    public const string InvalidDigest = "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'";

    public const string TagDoesNotMatchDigest = "Invalid request parameters: given tag does not map to given digest";
}

namespace Stevedore.Aws.Models;

/// <summary>The type of a shape in an AWS service model.</summary>
public enum ShapeType
{
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
}

namespace Stevedore.LaunchPlan.Input;

/// <summary>A value read from a task definition and the JSON path it was read at (e.g. <c>$.containerDefinitions[0].image</c>).</summary>
public readonly record struct Sourced<T>(T Value, string Path)
{
    public override string ToString() => $"{Value} ({Path})";
}

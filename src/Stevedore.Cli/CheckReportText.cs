using Stevedore.Advisor;
using Stevedore.LaunchPlan.Context;

namespace Stevedore.Cli;

/// <summary><c>check</c>'s readable report: a table of requirements per task, the findings, the missing policy.</summary>
internal sealed class CheckReportText(TextWriter output, bool colour)
{
    public void Render(CheckInputs inputs)
    {
        foreach (var file in inputs.Files)
        {
            Task(file, inputs);
        }

        var blocked = inputs.Files.Count(f => !f.Report.CanStart);
        output.WriteLine(blocked == 0
            ? Paint($"{inputs.Files.Count} task definition(s): every task can start.", "32")
            : Paint($"{inputs.Files.Count} task definition(s): {blocked} cannot start.", "31"));
    }

    private void Task(CheckedFile file, CheckInputs inputs)
    {
        var report = file.Report;
        var plan = file.Plan;
        output.WriteLine($"{plan.TaskDefinition.Family ?? "(no family)"}  {file.Path}  {LaunchTypeName(plan.LaunchType)}  role {plan.ExecutionRoleArn ?? "(none)"}"
            + (report.InstanceRoleArn is { } instanceRole ? $"  instance role {instanceRole}" : "") + ": "
            + (report.CanStart ? Paint("can start", "32") : Paint("CANNOT START", "31")));
        output.WriteLine($"  {"#",3}  {"VERDICT",-13} {"ACTION",-34} {"RESOURCE",-70} FIELD");
        foreach (var r in report.Requirements)
        {
            var verdict = r.Verdict switch
            {
                Verdict.Allowed => Paint("allowed", "32"),
                Verdict.Denied => Paint(r.BlocksStart ? "DENIED" : "denied", r.BlocksStart ? "31" : "33"),
                _ => Paint("not-evaluated", "2"),
            };
            var pad = new string(' ', Math.Max(0, 13 - (r.Verdict switch { Verdict.Allowed => 7, Verdict.Denied => 6, _ => 13 })));
            output.WriteLine($"  {r.Id,3}  {verdict}{pad} {r.Action,-34} {r.Resource ?? "(unknown)",-70} {r.JsonPath}");
            if (r.Verdict == Verdict.Allowed && r.Statements.Count > 0)
            {
                output.WriteLine($"       by {string.Join(", ", r.Statements.Select(s => $"{s.PolicyId} Statement[{s.StatementIndex}]{(s.Sid is null ? "" : $" ({s.Sid})")}"))}");
            }

            if (r.Verdict == Verdict.Denied && r.Message is not null)
            {
                output.WriteLine($"       {r.Message}");
            }

            if (r.Condition != LaunchPlan.Plan.CallCondition.Always || r.Note is not null)
            {
                output.WriteLine($"       {Paint(r.Note ?? CheckReportJson.Condition(r.Condition), "2")}");
            }
        }

        if (report.Findings.Count > 0)
        {
            output.WriteLine("  Findings:");
            foreach (var f in report.Findings)
            {
                var (document, position) = CheckLocation.Of(f, file);
                var where = document is null ? f.PolicyId : position is { } p ? $"{document}:{p.Line}:{p.Column}" : document;
                var level = f.Level switch { FindingLevel.Error => Paint("error", "31"), FindingLevel.Warning => Paint("warning", "33"), _ => "note" };
                output.WriteLine($"    {level} {f.Code}: {f.Message}");
                if (where is not null || f.JsonPath is not null)
                {
                    output.WriteLine($"      at {where} {f.JsonPath}".TrimEnd());
                }

                if (f.Suggestion is not null && f.Category != FindingCategory.Permission)
                {
                    output.WriteLine("      instead:");
                    foreach (var line in f.Suggestion.Split('\n'))
                    {
                        output.WriteLine("        " + line);
                    }
                }
            }
        }

        if (report.HasMissingPermissions)
        {
            output.WriteLine("  Missing permissions (stevedore policy generate prints this policy):");
            foreach (var line in report.MissingPolicy.ToJsonString(AdvisorJson.Indented).Split('\n'))
            {
                output.WriteLine("    " + line);
            }
        }

        if (report.HasMissingInstanceRolePermissions)
        {
            output.WriteLine($"  Missing permissions of the container instance role {report.InstanceRoleArn} (stevedore policy generate --for instance-role prints this policy):");
            foreach (var line in report.InstanceRoleMissingPolicy!.ToJsonString(AdvisorJson.Indented).Split('\n'))
            {
                output.WriteLine("    " + line);
            }
        }

        output.WriteLine();
    }

    public static string LaunchTypeName(LaunchType type) => type switch
    {
        LaunchType.Fargate => "FARGATE",
        LaunchType.Ec2 => "EC2",
        _ => "EXTERNAL",
    };

    private string Paint(string text, string code) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;
}

using System.CommandLine;

namespace Stevedore.Cli;

/// <summary><c>stevedore check</c>: will these tasks start with this role? Exit 0 all can start, 1 one cannot, 2 bad input.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var options = new CheckOptions();
        var format = new Option<string>("--format") { Description = "text (default), json or sarif.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var command = new Command("check", "Check that task definitions can start with their execution role; list what is missing.");
        options.AddTo(command);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var inputs = CheckInputs.Load(parse, options);
            var output = parse.InvocationConfiguration.Output;
            switch (parse.GetValue(format))
            {
                case "json":
                    CheckOutput.WriteJson(output, writer => CheckReportJson.Write(inputs, writer));
                    break;
                case "sarif":
                    CheckOutput.WriteJson(output, writer => CheckReportSarif.Write(inputs, writer));
                    break;
                default:
                    var colour = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
                        && Environment.GetEnvironmentVariable("NO_COLOR") is null;
                    CheckOutput.WriteText(output, writer => new CheckReportText(writer, colour).Render(inputs));
                    break;
            }

            return inputs.Files.All(f => f.Report.CanStart) ? 0 : 1;
        });
        return command;
    }
}

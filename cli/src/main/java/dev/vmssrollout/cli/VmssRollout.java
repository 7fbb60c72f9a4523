package dev.vmssrollout.cli;

import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiException;
import dev.vmssrollout.cli.api.Json;
import dev.vmssrollout.cli.config.Settings;
import dev.vmssrollout.cli.config.SettingsResolver;
import dev.vmssrollout.cli.render.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code vmss-rollout}: the command-line client of the REST API v1. The connection and output
 * options are inherited: they may stand before or after the command.
 */
@Command(name = "vmss-rollout", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Zero-downtime OS image rollouts of Azure VM scale sets, through the vmss-rollout REST API.",
        subcommands = {SubmitCommand.class, PreviewCommand.class, ListCommand.class, StatusCommand.class,
                ApproveCommand.class, OperatorCommands.Pause.class, OperatorCommands.Resume.class,
                OperatorCommands.Retry.class, OperatorCommands.Cancel.class, OperatorCommands.Rollback.class,
                OverrideCommands.Request.class, OverrideCommands.Approve.class, CalendarsCommand.class, ReleaseCommand.class,
                ScaleSetCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  VMSS_ROLLOUT_API_URL       the API's URL (default " + SettingsResolver.DEFAULT_API_URL + ")",
                "  VMSS_ROLLOUT_USER          user for HTTP Basic auth",
                "  VMSS_ROLLOUT_PASSWORD      its password; the preferred way to give it",
                "                             (a --password value stays in shell history)",
                "  VMSS_ROLLOUT_SUBSCRIPTION  default subscription of plans given by flags",
                "  VMSS_ROLLOUT_CONFIG        config file, YAML with apiUrl, user, password,",
                "                             subscription (default",
                "                             " + SettingsResolver.DEFAULT_CONFIG + ")",
                "  NO_COLOR                   set and not empty: no colours",
                "Each setting: flag, then environment, then config file, then default.",
                "",
                "Examples:",
                "  export VMSS_ROLLOUT_USER=alice VMSS_ROLLOUT_PASSWORD=alice",
                "  export VMSS_ROLLOUT_SUBSCRIPTION=00000000-0000-0000-0000-000000000000",
                "  vmss-rollout submit -g demo-rg -n web --image-version 24.04.202410010 \\",
                "      --approve first-wave --watch",
                "  vmss-rollout list --state WAITING_FOR_APPROVAL",
                "  vmss-rollout approve ID --wave 1 --comment 'canary is fine' -u bob"})
public final class VmssRollout implements Runnable {

    @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT, order = 101,
            description = "The API's URL. Default: VMSS_ROLLOUT_API_URL, apiUrl in the config file, "
                    + SettingsResolver.DEFAULT_API_URL + ".")
    String apiUrl;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", scope = ScopeType.INHERIT, order = 102,
            description = "User for HTTP Basic auth. Default: VMSS_ROLLOUT_USER, user in the config file.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", scope = ScopeType.INHERIT, order = 103,
            description = "File whose first line is the password. Without it: VMSS_ROLLOUT_PASSWORD (preferred), "
                    + "password in the config file, or a prompt on a terminal.")
    Path passwordFile;

    @Option(names = "--password", paramLabel = "PASSWORD", scope = ScopeType.INHERIT, order = 104,
            description = "The password. Avoid: it stays in the shell history; prefer VMSS_ROLLOUT_PASSWORD.")
    String password;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT, order = 105,
            description = "Config file. Default: VMSS_ROLLOUT_CONFIG, " + SettingsResolver.DEFAULT_CONFIG + ".")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, order = 106,
            description = "table (for people, the default), json (the API's JSON unchanged, for scripts) or yaml "
                    + "(the same document in YAML).")
    String output;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, order = 107, description = "No colours, as NO_COLOR does.")
    boolean noColor;

    @Spec
    CommandSpec spec;

    final CliContext context;
    private Settings settings;

    VmssRollout(CliContext context) {
        this.context = context;
    }

    /** Runs the command line; returns the exit code ({@link ExitCode}). */
    public static int run(CliContext context, String... args) {
        VmssRollout root = new VmssRollout(context);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        addExitCodes(commandLine);
        commandLine.setParameterExceptionHandler(VmssRollout::usageError);
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> root.failed(e));
        int exit = commandLine.execute(args);
        context.out().flush();
        context.err().flush();
        return exit;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    Settings settings() {
        if (settings == null) {
            settings = SettingsResolver.resolve(new SettingsResolver.Flags(apiUrl, user, password, passwordFile, config),
                    context.env(), context.home(), context.err());
        }
        return settings;
    }

    ApiClient api() {
        settings = SettingsResolver.withPrompt(settings(), context.prompt());
        return new ApiClient(settings, Version.get());
    }

    /** The rollout's whole ID from a whole one or the start of one ({@link RolloutIds}). */
    String rolloutId(String typed) {
        return new RolloutIds(api()).resolve(typed);
    }

    /** Whether the output is a document for scripts (json, yaml) rather than a view for people. */
    boolean machineOutput() {
        return outputFormat() != OutputFormat.TABLE;
    }

    /** Prints an answer of the API in the document format asked for. */
    void printDocument(String apiJson) {
        context.out().println(outputFormat().document(apiJson));
    }

    private OutputFormat outputFormat() {
        if (output == null) {
            return OutputFormat.TABLE;
        }
        return OutputFormat.named(output)
                .orElseThrow(() -> CliException.badInput("--output '" + output + "' is not one of table, json, yaml"));
    }

    Terminal terminal() {
        return noColor ? context.terminal().withoutColour() : context.terminal();
    }

    PrintWriter out() {
        return context.out();
    }

    PrintWriter err() {
        return context.err();
    }

    /** Prints what went wrong and what to do next; returns the exit code that says what kind of failure it was. */
    private int failed(Exception e) {
        PrintWriter err = context.err();
        if (e instanceof CliException failure) {
            if (failure instanceof ApiException api && documentRequested() && Json.parseOrNull(api.body()) != null) {
                // Scripts asked for a document: the problem document the API sent, on stdout.
                printDocument(api.body());
            }
            err.println("error: " + failure.getMessage());
            return failure.exitCode().code();
        }
        err.println("error: unexpected failure of the CLI: " + e);
        if (context.env().get("VMSS_ROLLOUT_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("Set VMSS_ROLLOUT_DEBUG=1 to see where it happened, and report it.");
        }
        return ExitCode.SERVER_ERROR.code();
    }

    private boolean documentRequested() {
        return output != null && OutputFormat.named(output).filter(format -> format != OutputFormat.TABLE).isPresent();
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + e.getMessage());
        Suggestions.print(e, err);
        err.println("See '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCode.BAD_INPUT.code();
    }

    private static void addExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        commandLine.getSubcommands().values().forEach(VmssRollout::addExitCodes);
    }
}

package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.api.DocumentFile;
import dev.vmssrollout.cli.plan.CalendarFlags;
import dev.vmssrollout.cli.render.CalendarView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code vmss-rollout calendars list|show|put|delete}: the named maintenance calendars rollouts wait for. */
@Command(name = "calendars", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Maintenance calendars: weekly windows and freezes, in one time zone, that rollouts wait for.",
                "Reading needs any role; put and delete need calendar.manage."},
        subcommands = {CalendarsCommand.ListCalendars.class, CalendarsCommand.Show.class, CalendarsCommand.Put.class,
                CalendarsCommand.Delete.class})
final class CalendarsCommand implements Runnable {

    @ParentCommand
    VmssRollout root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a calendars command is required: list, show, put or delete");
    }

    private CalendarView view() {
        return new CalendarView(root.terminal());
    }

    /** GETs {@code path} and prints it: as the API sent it for {@code -o json}, else as {@code render} draws it. */
    private int read(String path, Function<JsonNode, List<String>> render) {
        boolean machine = root.machineOutput();
        ApiResponse response = root.api().get(path);
        if (machine) {
            root.printDocument(response.body());
        } else {
            render.apply(response.json()).forEach(root.out()::println);
        }
        return ExitCode.OK.code();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Every calendar, by name.")
    static final class ListCalendars implements Callable<Integer> {

        @ParentCommand
        CalendarsCommand calendars;

        @Override
        public Integer call() {
            return calendars.read(ApiClient.CALENDARS, calendars.view()::table);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "One calendar: its windows, freezes and the scopes it is the default for.")
    static final class Show implements Callable<Integer> {

        @ParentCommand
        CalendarsCommand calendars;

        @Parameters(paramLabel = "NAME", description = "The calendar's name.")
        String name;

        @Override
        public Integer call() {
            return calendars.read(ApiClient.calendar(name), calendars.view()::details);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Create a calendar or replace it whole, from a file or from flags.",
                    "Rollouts that wait for it are told at once and check their next window again."},
            footerHeading = "%nExamples:%n",
            footer = {"  vmss-rollout calendars put prod-tuesday --time-zone Europe/Berlin \\",
                    "      --window 'TUE 22:00-02:00' \\",
                    "      --freeze '2026-12-18T00:00..2027-01-04T00:00 year-end change freeze' \\",
                    "      --default-for 00000000-0000-0000-0000-000000000000/demo-rg",
                    "  vmss-rollout calendars put prod-tuesday -f prod-tuesday.yaml"})
    static final class Put implements Callable<Integer> {

        @ParentCommand
        CalendarsCommand calendars;

        @Parameters(paramLabel = "NAME", description = "The calendar's name: 1-63 letters, digits, '_', '-', '.'.")
        String name;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", order = 1,
                description = "JSON or YAML in the API's shape (timeZone, windows, freezes, defaultFor); - reads stdin.")
        String file;

        @Option(names = "--time-zone", paramLabel = "ZONE", order = 2,
                description = "IANA time zone of the windows and freezes, e.g. Europe/Berlin.")
        String timeZone;

        @Option(names = "--window", paramLabel = "'DAYS HH:MM-HH:MM'", order = 3,
                description = "A weekly window, repeatable: days as MON,WED or MON-FRI or full names; an end at or "
                        + "before the start closes the next day. No window: any time outside the freezes.")
        List<String> windows = new ArrayList<>();

        @Option(names = "--freeze", paramLabel = "'START..END REASON'", order = 4,
                description = "A freeze, repeatable: local date-times in the calendar's zone and why.")
        List<String> freezes = new ArrayList<>();

        @Option(names = "--default-for", paramLabel = "SUBSCRIPTION[/RESOURCE_GROUP]", order = 5,
                description = "Make it the default calendar of a subscription or resource group, repeatable.")
        List<String> defaultFor = new ArrayList<>();

        @Override
        public Integer call() {
            VmssRollout root = calendars.root;
            boolean machine = root.machineOutput();
            boolean flags = timeZone != null || !windows.isEmpty() || !freezes.isEmpty() || !defaultFor.isEmpty();
            if (file != null && flags) {
                throw CliException.badInput("give the calendar either as --file or as flags, not both");
            }
            if (file == null && timeZone == null) {
                throw CliException.badInput("a calendar needs --time-zone (or a --file holding timeZone)");
            }
            ObjectNode body = file != null
                    ? DocumentFile.read(file, root.context.in(), "calendar file", "calendar",
                    "timeZone, and optionally windows, freezes, defaultFor")
                    : CalendarFlags.body(timeZone, windows, freezes, defaultFor);
            ApiResponse response = root.api().put(ApiClient.calendar(name), body);
            if (machine) {
                root.printDocument(response.body());
                return ExitCode.OK.code();
            }
            root.out().println("calendar " + name + (response.status() == 201 ? " created." : " replaced."));
            calendars.view().details(response.json()).forEach(root.out()::println);
            return ExitCode.OK.code();
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Delete a calendar; refused while a rollout that has not ended uses it.")
    static final class Delete implements Callable<Integer> {

        @ParentCommand
        CalendarsCommand calendars;

        @Parameters(paramLabel = "NAME", description = "The calendar's name.")
        String name;

        @Override
        public Integer call() {
            VmssRollout root = calendars.root;
            root.machineOutput();
            root.api().delete(ApiClient.calendar(name));
            root.out().println("calendar " + name + " deleted.");
            return ExitCode.OK.code();
        }
    }
}

package dev.vmssrollout.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code calendars list|show|put|delete}, {@code override} and {@code approve-override}: the requests and the output. */
class CalendarsTest extends AgainstStubApi {

    private static final String TUESDAY = """
            {"name": "prod-tuesday", "timeZone": "Europe/Berlin",
             "windows": [{"days": ["TUESDAY"], "start": "22:00", "end": "02:00"}],
             "freezes": [{"start": "2026-12-18T00:00", "end": "2027-01-04T00:00", "reason": "year-end change freeze"}],
             "defaultFor": [{"subscriptionId": "sub-1", "resourceGroup": "demo-rg"}]}""";

    @Test
    void putFromFlagsSendsTheApisShapeAndShowsWhatWasStored() {
        api.json("PUT", "/api/v1/calendars/prod-tuesday", 201, TUESDAY);

        TestCli.Result result = cli.run("calendars", "put", "prod-tuesday", "--time-zone", "Europe/Berlin",
                "--window", "tue 22:00-02:00", "--window", "FRI-MON 01:00-03:00",
                "--freeze", "2026-12-18T00:00..2027-01-04T00:00 year-end change freeze",
                "--default-for", "sub-1/demo-rg", "--default-for", "sub-2");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.last().body()).isEqualTo("{\"timeZone\":\"Europe/Berlin\",\"windows\":["
                + "{\"days\":[\"TUESDAY\"],\"start\":\"22:00\",\"end\":\"02:00\"},"
                + "{\"days\":[\"FRIDAY\",\"SATURDAY\",\"SUNDAY\",\"MONDAY\"],\"start\":\"01:00\",\"end\":\"03:00\"}],"
                + "\"freezes\":[{\"start\":\"2026-12-18T00:00\",\"end\":\"2027-01-04T00:00\","
                + "\"reason\":\"year-end change freeze\"}],"
                + "\"defaultFor\":[{\"subscriptionId\":\"sub-1\",\"resourceGroup\":\"demo-rg\"},{\"subscriptionId\":\"sub-2\"}]}");
        assertThat(result.out()).isEqualTo("""
                calendar prod-tuesday created.
                prod-tuesday  (times in Europe/Berlin)
                windows:
                  tuesday 22:00-02:00 (ends the next day)
                freezes:
                  2026-12-18T00:00 to 2027-01-04T00:00  year-end change freeze
                default for:
                  sub-1/demo-rg
                """);
    }

    @Test
    void putFromAYamlFileKeepsUnquotedTimesAsTheyWereWritten() throws Exception {
        Path file = home.resolve("prod-tuesday.yaml");
        Files.writeString(file, """
                timeZone: Europe/Berlin
                windows:
                  - days: [TUESDAY]
                    start: 22:00
                    end: 02:00
                freezes:
                  - start: 2026-12-18T00:00
                    end: 2027-01-04T00:00
                    reason: year-end change freeze
                """);
        api.json("PUT", "/api/v1/calendars/prod-tuesday", 200, TUESDAY);

        TestCli.Result result = cli.run("calendars", "put", "prod-tuesday", "-f", file.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.last().body()).contains("\"start\":\"22:00\",\"end\":\"02:00\"")
                .contains("\"start\":\"2026-12-18T00:00\",\"end\":\"2027-01-04T00:00\"");
        assertThat(result.out()).startsWith("calendar prod-tuesday replaced.\n");
    }

    @Test
    void badFlagsAreRefusedBeforeAnyRequest() {
        assertThat(cli.run("calendars", "put", "c", "--time-zone", "UTC", "--window", "someday 22:00-02:00").err())
                .contains("'someday' is not a day or range of days");
        assertThat(cli.run("calendars", "put", "c", "--time-zone", "UTC", "--window", "TUE 22:00").err())
                .contains("is not 'DAYS HH:MM-HH:MM'");
        assertThat(cli.run("calendars", "put", "c", "--time-zone", "UTC", "--freeze", "2026-12-18T00:00..2027-01-04T00:00")
                .err()).contains("a reason is required");
        assertThat(cli.run("calendars", "put", "c", "--time-zone", "UTC", "--default-for", "sub/").err())
                .contains("is not SUBSCRIPTION or SUBSCRIPTION/RESOURCE_GROUP");
        assertThat(cli.run("calendars", "put", "c", "-f", "x.json", "--time-zone", "UTC").err())
                .contains("either as --file or as flags");
        TestCli.Result noZone = cli.run("calendars", "put", "c");
        assertThat(noZone.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(noZone.err()).contains("needs --time-zone");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void theApisViolationsReachTheUser() {
        api.problem("PUT", "/api/v1/calendars/c", 400, """
                {"title": "Bad Request", "status": 400, "detail": "the calendar is not valid",
                 "violations": [{"field": "timeZone", "message": "'Europe/Berlun' is not a known IANA time zone"}]}""");

        TestCli.Result result = cli.run("calendars", "put", "c", "--time-zone", "Europe/Berlun");

        assertThat(result.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(result.err()).contains("timeZone: 'Europe/Berlun' is not a known IANA time zone");
    }

    @Test
    void listShowsOneLinePerCalendarAndShowGivesTheDetails() {
        api.json("GET", "/api/v1/calendars", 200, "[" + TUESDAY + ", {\"name\": \"anytime\", \"timeZone\": \"UTC\","
                + " \"windows\": [], \"freezes\": [], \"defaultFor\": []}]");
        api.json("GET", "/api/v1/calendars/anytime", 200, "{\"name\": \"anytime\", \"timeZone\": \"UTC\","
                + " \"windows\": [], \"freezes\": [], \"defaultFor\": []}");

        assertThat(cli.run("calendars", "list").out()).isEqualTo("""
                NAME          TIME ZONE      WINDOWS          FREEZES  DEFAULT FOR
                prod-tuesday  Europe/Berlin  TUE 22:00-02:00  1        sub-1/demo-rg
                anytime       UTC            any time         0        -
                """);
        assertThat(cli.run("calendars", "show", "anytime").out()).isEqualTo("""
                anytime  (times in UTC)
                windows:
                  none: any time outside the freezes
                freezes:
                  none
                """);
        assertThat(cli.run("calendars", "list", "-o", "json").out()).startsWith("[{\"name\": \"prod-tuesday\"");
    }

    @Test
    void deleteSaysSoAndARefusalNamesTheRolloutsThatUseTheCalendar() {
        api.text("DELETE", "/api/v1/calendars/old", 204, "application/json", "");
        api.problem("DELETE", "/api/v1/calendars/prod-tuesday", 409, """
                {"title": "Conflict", "status": 409,
                 "detail": "calendar prod-tuesday is used by rollouts that have not ended: r-1"}""");

        assertThat(cli.run("calendars", "delete", "old").out()).isEqualTo("calendar old deleted.\n");
        TestCli.Result refused = cli.run("calendars", "delete", "prod-tuesday");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("used by rollouts that have not ended: r-1");
    }

    @Test
    void anOverrideIsAskedForWithAReasonAndApprovedBySomeoneElse() {
        api.json("POST", "/api/v1/rollouts/11111111-1111-4111-8111-111111111111/override", 202, "{\"id\": \"11111111-1111-4111-8111-111111111111\", \"state\": \"WAITING_FOR_WINDOW\"}");
        api.json("POST", "/api/v1/rollouts/11111111-1111-4111-8111-111111111111/override/approve", 202, "{\"id\": \"11111111-1111-4111-8111-111111111111\", \"state\": \"WAITING_FOR_WINDOW\"}");

        assertThat(cli.run("override", "11111111-1111-4111-8111-111111111111").err()).contains("Missing required option: '--reason=TEXT'");
        TestCli.Result asked = cli.run("override", "11111111-1111-4111-8111-111111111111", "--reason", "CVE-2026-1234 is exploited");
        cli.env.put("VMSS_ROLLOUT_USER", "bob");
        TestCli.Result approved = cli.run("approve-override", "11111111-1111-4111-8111-111111111111", "--comment", "agreed on the call");

        assertThat(asked.out()).startsWith("emergency override of rollout 11111111-1111-4111-8111-111111111111 requested; another person must approve it");
        assertThat(approved.out()).startsWith("emergency override of rollout 11111111-1111-4111-8111-111111111111 approved");
        assertThat(api.requests()).extracting(StubApi.Request::body)
                .containsExactly("{\"reason\":\"CVE-2026-1234 is exploited\"}", "{\"comment\":\"agreed on the call\"}");
    }
}

package dev.vmssrollout.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalOptionsTest {

    @Test
    void defaultsAreTheQuickStartPorts() {
        LocalOptions options = LocalOptions.parse(new String[0], Map.of());
        assertThat(options.apiPort()).isEqualTo(8080);
        assertThat(options.temporalPort()).isEqualTo(7233);
        assertThat(options.simulatorPort()).isEqualTo(8443);
        assertThat(options.postgresPort()).isEqualTo(5433);
        assertThat(options.dataDir()).isEqualTo(Path.of("data"));
        assertThat(options.embeddedDatabase()).isTrue();
        assertThat(options.temporalUiPort()).isEqualTo(8233);
        assertThat(options.bindAddress()).as("loopback only unless opened").isEqualTo("127.0.0.1");
        assertThat(options.openToTheNetwork()).isFalse();
        assertThat(options.temporal()).isEqualTo(LocalOptions.TemporalChoice.AUTO);
    }

    @Test
    void analysisProvidersComeFromTheWorkersVariablesAndAMistakeStopsTheStackNamingIt() {
        Map<String, String> env = Map.of("VMSS_ROLLOUT_ANALYSIS_PROVIDERS", "prometheus",
                "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_TYPE", "PROMETHEUS",
                "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_URL", "http://127.0.0.1:9090", "PATH", "/usr/bin");

        LocalOptions options = LocalOptions.parse(new String[0], env);

        assertThat(options.analysisEnvironment()).containsOnlyKeys("VMSS_ROLLOUT_ANALYSIS_PROVIDERS",
                "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_TYPE", "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_URL");
        assertThat(LocalOptions.defaults().analysisEnvironment()).isEmpty();
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("VMSS_ROLLOUT_ANALYSIS_PROVIDERS", "prometheus",
                "VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_TYPE", "PROMETHEUS")))
                .hasMessageContaining("VMSS_ROLLOUT_ANALYSIS_PROMETHEUS_URL");
    }

    @Test
    void theNetworkIsOpenedOnlyDeliberately() {
        LocalOptions open = LocalOptions.parse(new String[]{"--bind", "0.0.0.0"}, Map.of());
        assertThat(open.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(open.openToTheNetwork()).isTrue();
        assertThat(LocalOptions.parse(new String[0], Map.of("VMSS_LOCAL_BIND", "0.0.0.0")).openToTheNetwork()).isTrue();
    }

    @Test
    void temporalCanBeForcedToTheCliOrTheTestServer() {
        assertThat(LocalOptions.parse(new String[]{"--temporal", "test-server"}, Map.of()).temporal())
                .isEqualTo(LocalOptions.TemporalChoice.TEST_SERVER);
        assertThat(LocalOptions.parse(new String[0], Map.of("VMSS_LOCAL_TEMPORAL", "cli")).temporal())
                .isEqualTo(LocalOptions.TemporalChoice.CLI);
        assertThatThrownBy(() -> LocalOptions.parse(new String[]{"--temporal", "docker"}, Map.of()))
                .hasMessageContaining("auto, cli or test-server");
    }

    @Test
    void freePortsForTemporalGiveItsUiAFreePortToo() {
        LocalOptions options = LocalOptions.defaults().withPorts(0, 0, 0, 0);
        assertThat(options.temporalUiPort()).isZero();
        assertThat(LocalOptions.defaults().withPorts(0, 7300, 0, 0).temporalUiPort()).isEqualTo(8233);
    }

    @Test
    void flagsOutrankTheEnvironment() {
        LocalOptions options = LocalOptions.parse(new String[]{"--api-port", "9090", "--data=/tmp/x"},
                Map.of("VMSS_LOCAL_API_PORT", "7070", "VMSS_LOCAL_SIMULATOR_PORT", "9443", "VMSS_LOCAL_DATA", "/tmp/y"));
        assertThat(options.apiPort()).isEqualTo(9090);
        assertThat(options.simulatorPort()).isEqualTo(9443);
        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void aDatasourceUrlReplacesTheEmbeddedDatabase() {
        LocalOptions options = LocalOptions.parse(new String[0], Map.of("SPRING_DATASOURCE_URL",
                "jdbc:postgresql://db:5432/vmss", "SPRING_DATASOURCE_USERNAME", "vmss"));
        assertThat(options.embeddedDatabase()).isFalse();
        assertThat(options.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/vmss");
        assertThat(options.databaseUser()).isEqualTo("vmss");
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> LocalOptions.parse(new String[]{"--api-prot", "1"}, Map.of()))
                .hasMessageContaining("unknown option --api-prot");
        assertThatThrownBy(() -> LocalOptions.parse(new String[]{"--api-port"}, Map.of()))
                .hasMessageContaining("missing value for --api-port");
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("VMSS_LOCAL_TEMPORAL_PORT", "seven")))
                .hasMessageContaining("VMSS_LOCAL_TEMPORAL_PORT").hasMessageContaining("seven");
        assertThatThrownBy(() -> LocalOptions.parse(new String[]{"--postgres-port", "70000"}, Map.of()))
                .hasMessageContaining("between 0 and 65535");
    }
}

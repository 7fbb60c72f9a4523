package dev.vmssrollout.worker;

import dev.vmssrollout.workflows.TemporalConnection;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The worker's Temporal client as its environment configures it (the API builds the same
 * {@link TemporalConnection} from {@code vmss.temporal.*}): TLS with an API key, mTLS, or plaintext.
 */
class TemporalClientSecurityTest {

    @TempDir
    Path dir;

    private static WorkflowServiceStubsOptions options(Map<String, String> env) {
        return WorkerMain.temporal(env).serviceOptions(null);
    }

    @Test
    void anApiKeyTurnsOnTlsAndTravelsAsMetadataButIsNeverPrinted() {
        Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "ns.acct.tmprl.cloud:7233", "TEMPORAL_API_KEY", "s3cr3t-key");

        WorkflowServiceStubsOptions options = options(env);

        assertThat(options.getEnableHttps()).isTrue();
        assertThat(options.getGrpcMetadataProviders()).isNotEmpty();
        assertThat(WorkerMain.temporal(env).toString()).doesNotContain("s3cr3t").contains("(API key)");
    }

    @Test
    void aClientCertificateAndKeyGiveMutualTls() throws Exception {
        Path cert = dir.resolve("client.pem");
        Path key = dir.resolve("client.key");
        writeSelfSigned(cert, key);

        WorkflowServiceStubsOptions options = options(Map.of("TEMPORAL_ADDRESS", "temporal:7233",
                "TEMPORAL_TLS_CERT", cert.toString(), "TEMPORAL_TLS_KEY", key.toString()));

        assertThat(options.getSslContext()).isNotNull();
        assertThat(options.getSslContext().isClient()).isTrue();
    }

    @Test
    void aCertificateWithoutItsKeyIsAConfigurationErrorNotPlaintext() {
        assertThatThrownBy(() -> options(Map.of("TEMPORAL_TLS_CERT", dir.resolve("client.pem").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs both a client certificate and its key");
    }

    @Test
    void nothingConfiguredIsPlaintextForALocalDevServer() {
        WorkflowServiceStubsOptions options = options(Map.of());

        assertThat(options.getEnableHttps()).isFalse();
        assertThat(options.getSslContext()).isNull();
        assertThat(options.getTarget()).isEqualTo("localhost:7233");
    }

    private static void writeSelfSigned(Path cert, Path key) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=vmss-rollout-worker");
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)),
                name, pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded())); // PKCS#8
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

package dev.vmssrollout.simulator.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The simulator's self-signed TLS certificate for {@code localhost} and {@code 127.0.0.1}. Created once per data
 * directory and reused on restart, so clients that trusted it keep trusting it. Writes the certificate as PEM (for
 * curl) and as a PKCS12 trust store (for Java clients).
 */
public final class ServerCertificate {
    public static final String CERTIFICATE_PEM = "simulator-cert.pem";
    public static final String TRUST_STORE = "simulator-truststore.p12";
    public static final String TRUST_STORE_PASSWORD = "changeit";
    private static final String KEY_STORE = "simulator-key.p12";
    private static final String ALIAS = "simulator";
    private static final char[] PASSWORD = TRUST_STORE_PASSWORD.toCharArray();

    private final KeyStore keyStore;
    private final KeyStore trustStore;
    private final Path certificatePem;
    private final Path trustStorePath;

    private ServerCertificate(KeyStore keyStore, KeyStore trustStore, Path certificatePem, Path trustStorePath) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.certificatePem = certificatePem;
        this.trustStorePath = trustStorePath;
    }

    public static ServerCertificate loadOrCreate(Path directory) throws IOException {
        try {
            Files.createDirectories(directory);
            Path keyStorePath = directory.resolve(KEY_STORE);
            KeyStore keyStore = Files.exists(keyStorePath) ? load(keyStorePath) : createKeyStore(keyStorePath);
            ownerOnly(keyStorePath); // the private key: also a key store an older version left readable
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
            Path pem = writePem(directory.resolve(CERTIFICATE_PEM), certificate);
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry(ALIAS, certificate);
            Path trustStorePath = directory.resolve(TRUST_STORE);
            store(trustStore, trustStorePath);
            return new ServerCertificate(keyStore, trustStore, pem, trustStorePath);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot set up the simulator's TLS certificate in " + directory, e);
        }
    }

    public SSLContext sslContext() {
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the server's SSLContext", e);
        }
    }

    public Path certificatePem() {
        return certificatePem;
    }

    public Path trustStorePath() {
        return trustStorePath;
    }

    public KeyStore trustStore() {
        return trustStore;
    }

    private static KeyStore createKeyStore(Path path)
        throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keyPair = generator.generateKeyPair();
        X509Certificate certificate = selfSign(keyPair);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(ALIAS, keyPair.getPrivate(), PASSWORD, new Certificate[] {certificate});
        store(keyStore, path);
        return keyStore;
    }

    private static X509Certificate selfSign(KeyPair keyPair) throws OperatorCreationException, IOException,
        GeneralSecurityException {
        X500Name subject = new X500Name("CN=localhost, O=vmss-rollout simulator");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
            BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(3650))), subject, keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        builder.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        PrivateKey signingKey = keyPair.getPrivate();
        return new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey)));
    }

    private static KeyStore load(Path path) throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    /** rw------- where the file system knows POSIX permissions: other users of the machine must not read the key. */
    static void ownerOnly(Path path) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void store(KeyStore keyStore, Path path) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            keyStore.store(out, PASSWORD);
        }
    }

    private static Path writePem(Path path, X509Certificate certificate) {
        try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(certificate);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

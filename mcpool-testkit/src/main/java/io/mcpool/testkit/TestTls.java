package io.mcpool.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A self-signed server certificate made at test time, for {@code 127.0.0.1} and {@code localhost}, and the
 * client side that trusts it (and nothing else).
 *
 * <pre>{@code
 * TestTls tls = TestTls.generate();
 * try (TestMcpServer server = TestMcpServer.builder().tls(tls).build().start()) {
 *     HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
 *     ... server.endpoint() is https://127.0.0.1:<port>/mcp
 * }
 * }</pre>
 *
 * <p>Made by the JDK's {@code keytool} (RSA 2048, valid one day, subject alternative names
 * {@code IP:127.0.0.1} and {@code DNS:localhost}), so a client's hostname verification passes for both names.
 * One certificate takes about a second to make: share one per test class.
 */
public final class TestTls {

    /** The password of the generated key store and key; a test value, not a secret. */
    private static final char[] PASSWORD = "testkit".toCharArray();

    private final KeyStore keyStore;

    private final X509Certificate certificate;

    /** The client certificate a server built with this demands, or null when it demands none. */
    private final X509Certificate requiredClient;

    private TestTls(KeyStore keyStore, X509Certificate certificate, X509Certificate requiredClient) {
        this.keyStore = keyStore;
        this.certificate = certificate;
        this.requiredClient = requiredClient;
    }

    /**
     * Makes a new key pair and self-signed certificate.
     *
     * @return the certificate and its key
     * @throws IllegalStateException when {@code keytool} is missing from the running JDK or fails
     */
    public static TestTls generate() {
        return generate("CN=127.0.0.1", "IP:127.0.0.1,DNS:localhost");
    }

    /**
     * Makes a certificate for other names, e.g. to see a client's hostname verification refuse a server
     * at {@code 127.0.0.1} whose certificate names another host, or a client certificate for mutual TLS.
     *
     * @param subject          the distinguished name, e.g. {@code CN=client}
     * @param alternativeNames keytool's {@code SAN} extension value, e.g. {@code DNS:other.example}
     * @return the certificate and its key
     */
    public static TestTls generate(String subject, String alternativeNames) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mcpool-testkit-tls");
            Path file = dir.resolve("server.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "1", "-dname", subject,
                    "-ext", "SAN=" + alternativeNames, "-storetype", "PKCS12", "-keystore", file.toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool could not make the test certificate: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, PASSWORD);
            }
            return new TestTls(store, (X509Certificate) store.getCertificate("server"), null);
        } catch (IOException e) {
            throw new IllegalStateException("could not run the JDK's keytool (is this a full JDK?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the certificate keytool made", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the test certificate", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** @return the self-signed server certificate */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return a trust store holding only {@link #certificate()}, for a client that must trust this server */
    public KeyStore trustStore() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("testkit-server", certificate);
            return trust;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not build the trust store", e);
        }
    }

    /** @return an {@link SSLContext} that trusts {@link #certificate()} only (not the JDK's CAs) */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not build the client TLS context", e);
        }
    }

    /**
     * @param client the certificate clients must show (see {@link #writeKeyStore(Path)})
     * @return this server certificate, for a server that refuses the TLS handshake of a client showing no
     *     certificate or another one (mutual TLS)
     */
    public TestTls requiringClientCertificate(TestTls client) {
        return new TestTls(keyStore, certificate, client.certificate);
    }

    /** @return the password of the stores {@link #writeKeyStore} and {@link #writeTrustStore} write (a test value) */
    public String storePassword() {
        return new String(PASSWORD);
    }

    /**
     * Writes the key and certificate as a PKCS12 key store, as a client configures its certificate for
     * mutual TLS.
     *
     * @param file where to write
     * @return {@code file}
     */
    public Path writeKeyStore(Path file) {
        return write(keyStore, file);
    }

    /**
     * Writes a PKCS12 trust store holding only {@link #certificate()}.
     *
     * @param file where to write
     * @return {@code file}
     */
    public Path writeTrustStore(Path file) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("testkit-server", certificate);
            return write(trust, file);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not build the trust store", e);
        }
    }

    private static Path write(KeyStore store, Path file) {
        try (var out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not write " + file, e);
        }
    }

    /** The server side for Jetty. */
    SslContextFactory.Server serverContextFactory() {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(keyStore);
        factory.setKeyStorePassword(new String(PASSWORD));
        factory.setKeyManagerPassword(new String(PASSWORD));
        if (requiredClient != null) {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("required-client", requiredClient);
                factory.setTrustStore(trust);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("could not build the client trust store", e);
            }
            factory.setNeedClientAuth(true);
        }
        return factory;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "TestTls[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}

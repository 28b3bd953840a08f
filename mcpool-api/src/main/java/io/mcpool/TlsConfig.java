package io.mcpool;

import io.mcpool.internal.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS settings of a pool's HTTP client: which servers it trusts, the client certificate it shows
 * (mutual TLS), and whether it checks that a server's certificate names the host it connects to
 * (it does, unless {@link #insecureDisableHostnameVerification()}). Validated by
 * {@link PoolConfig.Builder#build()}, which opens both stores: a missing or unreadable file, or a wrong
 * password, is refused there, named by its path. {@link #toString()} masks the passwords.
 *
 * @param trustStore          path of the key store holding the certificates to trust, or null for the
 *                            JDK's trusted authorities
 * @param trustStoreType      its type: {@code PKCS12} (the default) or {@code JKS}
 * @param trustStorePassword  its password, or null for none (a secret: never shown)
 * @param keyStore            path of the key store holding the client's key and certificate (mutual TLS),
 *                            or null to show none
 * @param keyStoreType        its type: {@code PKCS12} (the default) or {@code JKS}
 * @param keyStorePassword    the password of the key store and of its key, or null (a secret: never shown)
 * @param insecureDisableHostnameVerification true accepts a trusted certificate issued for another host:
 *                            anyone holding such a certificate can then pose as the server. For tests only;
 *                            default false, and a pool built with it logs a warning
 */
public record TlsConfig(String trustStore, String trustStoreType, String trustStorePassword, String keyStore,
        String keyStoreType, String keyStorePassword, boolean insecureDisableHostnameVerification) {

    /** The store types accepted. */
    static final java.util.List<String> STORE_TYPES = java.util.List.of("PKCS12", "JKS");

    /** @return a builder with the defaults: the JDK's trust, no client certificate, hostname verification on */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the {@link SSLContext} these settings describe, reading both stores.
     *
     * @return a new context
     * @throws IllegalStateException naming the store (by path, never its password) that cannot be read
     */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore == null ? null : load("trustStore", trustStore, trustStoreType, trustStorePassword));
            TrustManager[] trust = tmf.getTrustManagers();
            if (insecureDisableHostnameVerification) {
                for (int i = 0; i < trust.length; i++) {
                    if (trust[i] instanceof X509TrustManager x) {
                        trust[i] = new AnyHostTrustManager(x);
                    }
                }
            }
            javax.net.ssl.KeyManager[] keys = null;
            if (keyStore != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load("keyStore", keyStore, keyStoreType, keyStorePassword), chars(keyStorePassword));
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS settings cannot be used: " + Redactor.describe(e));
        }
    }

    /** @return a violation for each store that cannot be read or has an unknown type, named by its path */
    java.util.List<InvalidConfigException.Violation> violations() {
        java.util.List<InvalidConfigException.Violation> v = new java.util.ArrayList<>();
        check(v, "trustStore", trustStore, trustStoreType, trustStorePassword);
        check(v, "keyStore", keyStore, keyStoreType, keyStorePassword);
        return v;
    }

    private static void check(java.util.List<InvalidConfigException.Violation> v, String property, String path,
            String type, String password) {
        if (type == null || !STORE_TYPES.contains(type.toUpperCase(java.util.Locale.ROOT))) {
            v.add(new InvalidConfigException.Violation("tls." + property + "Type", String.valueOf(type),
                    "must be one of " + String.join(", ", STORE_TYPES)));
        } else if (path != null) {
            try {
                load(property, path, type, password);
            } catch (IllegalStateException | GeneralSecurityException e) {
                v.add(new InvalidConfigException.Violation("tls." + property, path, e.getMessage()));
            }
        }
    }

    private static KeyStore load(String property, String path, String type, String password)
            throws GeneralSecurityException {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException("does not exist or cannot be read (" + property + " " + path + ")");
        }
        KeyStore store = KeyStore.getInstance(type.toUpperCase(java.util.Locale.ROOT));
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, chars(password));
        } catch (IOException | CertificateException e) {
            // Not e's message: some providers repeat what they were given.
            throw new IllegalStateException("cannot be read as a " + type + " key store with the configured " + property
                    + "Password: wrong password, or a file of another type (" + property + " " + path + ")");
        }
        return store;
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }

    @Override
    public String toString() {
        return "TlsConfig[trustStore=" + (trustStore == null ? "JDK default" : trustStore)
                + ", trustStoreType=" + trustStoreType
                + ", trustStorePassword=" + (trustStorePassword == null ? "none" : Redactor.MASK)
                + ", keyStore=" + (keyStore == null ? "none" : keyStore)
                + ", keyStoreType=" + keyStoreType
                + ", keyStorePassword=" + (keyStorePassword == null ? "none" : Redactor.MASK)
                + ", insecureDisableHostnameVerification=" + insecureDisableHostnameVerification + "]";
    }

    /** Builds a {@link TlsConfig}. */
    public static final class Builder {
        private String trustStore;
        private String trustStoreType = "PKCS12";
        private String trustStorePassword;
        private String keyStore;
        private String keyStoreType = "PKCS12";
        private String keyStorePassword;
        private boolean insecureDisableHostnameVerification;

        private Builder() {
        }

        /**
         * @param path     the trust store file
         * @param type     {@code PKCS12} or {@code JKS}
         * @param password its password, or null
         * @return this
         */
        public Builder trustStore(String path, String type, String password) {
            this.trustStore = path;
            this.trustStoreType = type;
            this.trustStorePassword = password;
            return this;
        }

        /**
         * @param path     the key store with the client's key and certificate chain (mutual TLS)
         * @param type     {@code PKCS12} or {@code JKS}
         * @param password the password of the store and of its key, or null
         * @return this
         */
        public Builder keyStore(String path, String type, String password) {
            this.keyStore = path;
            this.keyStoreType = type;
            this.keyStorePassword = password;
            return this;
        }

        /**
         * @param insecure true to accept trusted certificates issued for other hosts (tests only)
         * @return this
         */
        public Builder insecureDisableHostnameVerification(boolean insecure) {
            this.insecureDisableHostnameVerification = insecure;
            return this;
        }

        /** @return the settings (checked with the pool's configuration) */
        public TlsConfig build() {
            return new TlsConfig(trustStore, trustStoreType, trustStorePassword, keyStore, keyStoreType,
                    keyStorePassword, insecureDisableHostnameVerification);
        }
    }

    /**
     * Checks the chain as {@code delegate} does, without the host name: the engine and socket forms of
     * the check are where the JDK compares the certificate with the host, so they call the plain form.
     */
    private static final class AnyHostTrustManager extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        AnyHostTrustManager(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }
    }
}

package io.ossync.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away self-signed certificate for the emulator's HTTPS port, made by the JDK's
 * {@code keytool} (the JDK has no public API to sign a certificate). It names 127.0.0.1 and
 * localhost, so a client that trusts it verifies the host too. Why HTTPS at all: credentials-java
 * 1.0.3 calls the STS API (AssumeRoleWithOIDC) as {@code https://} + its STS endpoint, always.
 * The PKCS12 file is both the server's key store and the clients' trust store (no password needed
 * to trust it).
 *
 * @param store    the PKCS12 file, in a folder of its own that {@link #delete} removes
 * @param password its password (random)
 */
record StsTls(Path store, String password) {
    static final String TYPE = "PKCS12";

    static StsTls create() throws IOException {
        Path dir = Files.createTempDirectory("oss-emulator-tls-");
        Path store = dir.resolve("emulator.p12");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        // Certificate unencrypted and no MAC: clients trust the file without its password (which
        // only guards the private key), so the password never has to be handed out.
        List<String> command = List.of(keytool.toString(), "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE",
                "-J-Dkeystore.pkcs12.macAlgorithm=NONE", "-genkeypair", "-alias", "emulator", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "30", "-storetype", TYPE, "-keystore", store.toString(), "-storepass", password,
                "-keypass", password);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(store)) {
                p.destroyForcibly();
                throw new IOException("keytool could not make the emulator's certificate: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while keytool made the emulator's certificate", e);
        }
        return new StsTls(store, password);
    }

    void delete() throws IOException {
        Files.deleteIfExists(store);
        Files.deleteIfExists(store.getParent());
    }

    /** The password stays out of logs. */
    @Override
    public String toString() {
        return "StsTls[" + store + "]";
    }
}

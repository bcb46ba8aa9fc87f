package io.ossync.store;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The credentials library's messages, as credentials-java 1.0.3 words them, cut before any answer they quote. */
class CredentialsFailureTextTest {

    private static final SecretRedactor NONE = text -> text;

    private static String of(String message) {
        return CredentialsFailureText.of("src", new RuntimeException(message), NONE);
    }

    @Test
    void theAnswerQuotedInAMessageIsCutAndSaidSo() {
        assertThat(of("Failed to get credentials from server: http://h/c\nHttpCode=500\nHttpRAWContent={\"AccessKeySecret\":\"S\"}"))
                .isEqualTo("src: Failed to get credentials from server: http://h/c HttpCode=500 "
                        + "(the answer is not shown: it may hold secrets)");
        assertThat(of("Error retrieving credentials from credentialsURI result: {\"AccessKeySecret\":\"S\"}."))
                .isEqualTo("src: Error retrieving credentials from credentialsURI "
                        + "(the answer is not shown: it may hold secrets)");
        assertThat(of("Error refreshing credentials from OIDC, HttpCode: 403, result: {\"Message\":\"S\"}."))
                .isEqualTo("src: Error refreshing credentials from OIDC, HttpCode: 403 "
                        + "(the answer is not shown: it may hold secrets)");
        assertThat(of("Failed to get token from ECS Metadata Service. HttpCode=500, ResponseMessage=S"))
                .isEqualTo("src: Failed to get token from ECS Metadata Service. HttpCode=500 "
                        + "(the answer is not shown: it may hold secrets)");
    }

    @Test
    void plainMessagesStayAndKnownSecretsAreRedacted() {
        assertThat(of("Failed to connect ECS Metadata Service: java.net.SocketTimeoutException: Connect timed out"))
                .isEqualTo("src: Failed to connect ECS Metadata Service: java.net.SocketTimeoutException: Connect timed out");
        assertThat(CredentialsFailureText.of("src", new IllegalStateException(), NONE)).isEqualTo("src: IllegalStateException");
        OssCredentials known = new OssCredentials("id", "CANARY-s", Optional.of("CANARY-t"));
        assertThat(CredentialsFailureText.of("src", new RuntimeException("bad CANARY-s and CANARY-t"), known))
                .isEqualTo("src: bad *** and ***");
    }
}

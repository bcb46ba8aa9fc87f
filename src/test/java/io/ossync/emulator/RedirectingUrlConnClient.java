package io.ossync.emulator;

import com.aliyun.credentials.http.CompatibleUrlConnClient;
import com.aliyun.credentials.http.HttpRequest;
import com.aliyun.credentials.http.HttpResponse;

/**
 * credentials-java's HTTP client, sending to the emulator what it would send elsewhere: the URL
 * prefix {@code from} (e.g. {@code http://100.100.100.200}, fixed in the library's ECS fetcher, or
 * {@code https://127.0.0.1:PORT}, the scheme its OIDC provider always uses) becomes {@code to}.
 * Method, path, query, headers and body stay as the library made them. For tests only.
 */
final class RedirectingUrlConnClient extends CompatibleUrlConnClient {
    private final String from;
    private final String to;

    RedirectingUrlConnClient(String from, String to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public HttpResponse syncInvoke(HttpRequest request) {
        String url = request.getSysUrl();
        if (url != null && url.startsWith(from)) {
            request.setSysUrl(to + url.substring(from.length()));
        }
        return super.syncInvoke(request);
    }
}

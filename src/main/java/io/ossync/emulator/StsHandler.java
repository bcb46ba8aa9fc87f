package io.ossync.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The credential endpoints, in front of the OSS handler on the same port. A request is theirs only
 * when it carries no {@code Authorization} header (they are never OSS-signed, and OSS refuses an
 * unsigned request anyway), so a signed request for an object named {@code latest/api/token}
 * still reaches OSS.
 * <pre>
 * GET  /sts/credentials                               credentials-URI JSON (Code, AccessKeyId, AccessKeySecret,
 *                                                     SecurityToken, Expiration yyyy-MM-dd'T'HH:mm:ss'Z', LastUpdated)
 * PUT  /latest/api/token                              text token; needs X-aliyun-ecs-metadata-token-ttl-seconds 1..21600 (else 400)
 * GET  /latest/meta-data/ram/security-credentials/     text role name
 * GET  /latest/meta-data/ram/security-credentials/R    the same JSON as the credentials URI; 404 for another role
 * POST /?Action=AssumeRoleWithOIDC                    see {@link OidcApi}
 * </pre>
 * With {@link StsConfig#requireImdsToken()} the two metadata GETs answer 401 without a valid
 * {@code X-aliyun-ecs-metadata-token} (an invalid or expired token is refused the same way).
 */
final class StsHandler extends Handler.Wrapper {
    private static final String ROLE_PATH = "/latest/meta-data/ram/security-credentials/";
    private static final String TOKEN_PATH = "/latest/api/token";

    private final Sts sts;
    private final ImdsTokens imdsTokens;
    private final RequestIds requestIds;

    StsHandler(Handler oss, Sts sts, RequestIds requestIds) {
        super(oss);
        this.sts = sts;
        this.imdsTokens = new ImdsTokens(sts.keys());
        this.requestIds = requestIds;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        StsEndpoint endpoint = route(request);
        if (endpoint == null) {
            return super.handle(request, response, callback);
        }
        sts.recordRequest(endpoint);
        StsFault fault = sts.faultOf(endpoint).orElse(null);
        if (fault != null) {
            injure(fault, request, response, callback);
            return true;
        }
        switch (endpoint) {
            case CREDENTIALS_URI -> send(response, callback, 200, "application/json", credentialsJson());
            case ECS_TOKEN -> issueImdsToken(request, response, callback);
            case ECS_ROLE -> {
                if (imdsTokenAccepted(request, response, callback)) {
                    send(response, callback, 200, "text/plain", sts.config().roleName());
                }
            }
            case ECS_CREDENTIALS -> ecsCredentials(request, response, callback);
            case OIDC -> assumeRoleWithOidc(request, response, callback);
            default -> throw new IllegalStateException("unrouted " + endpoint);
        }
        return true;
    }

    /** The endpoint this request is for, or null when it is an OSS request. */
    private static StsEndpoint route(Request request) {
        if (request.getHeaders().get(HttpHeader.AUTHORIZATION) != null) {
            return null;
        }
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        if (path == null) {
            return null;
        }
        if (method.equals("GET") && path.equals(Sts.CREDENTIALS_PATH)) {
            return StsEndpoint.CREDENTIALS_URI;
        }
        if (method.equals("PUT") && path.equals(TOKEN_PATH)) {
            return StsEndpoint.ECS_TOKEN;
        }
        if (method.equals("GET") && path.startsWith(ROLE_PATH)) {
            return path.length() == ROLE_PATH.length() ? StsEndpoint.ECS_ROLE : StsEndpoint.ECS_CREDENTIALS;
        }
        if ((method.equals("POST") || method.equals("GET")) && path.equals("/")
                && "AssumeRoleWithOIDC".equals(queryValue(request, "Action"))) {
            return StsEndpoint.OIDC;
        }
        return null;
    }

    private static String queryValue(Request request, String name) {
        try {
            return QueryParams.parse(request.getHttpURI().getQuery()).get(name);
        } catch (OssException e) {
            return null; // not a query STS could read: OSS will refuse it in its own words
        }
    }

    private String credentialsJson() {
        IssuedKeys.IssuedKey key = sts.keys().issue(sts.config().lifetime());
        return StsJson.credentials(key, sts.keys().now());
    }

    private void issueImdsToken(Request request, Response response, Callback callback) {
        String token = imdsTokens.issue(request.getHeaders().get(ImdsTokens.TTL_HEADER));
        if (token == null) {
            send(response, callback, 400, "text/plain", "Bad Request: " + ImdsTokens.TTL_HEADER
                    + " must be 1.." + ImdsTokens.MAX_TTL_SECONDS);
        } else {
            send(response, callback, 200, "text/plain", token);
        }
    }

    private void ecsCredentials(Request request, Response response, Callback callback) {
        if (!imdsTokenAccepted(request, response, callback)) {
            return;
        }
        String role = request.getHttpURI().getPath().substring(ROLE_PATH.length());
        if (!role.equals(sts.config().roleName())) {
            send(response, callback, 404, "text/plain", "Not Found");
            return;
        }
        send(response, callback, 200, "text/plain", credentialsJson());
    }

    /** Whether the request may read metadata; if not, the 401 answer is already on its way. */
    private boolean imdsTokenAccepted(Request request, Response response, Callback callback) {
        String token = request.getHeaders().get(ImdsTokens.TOKEN_HEADER);
        boolean ok = token == null ? !sts.config().requireImdsToken() : imdsTokens.isValid(token);
        if (!ok) {
            send(response, callback, 401, "text/plain", "Unauthorized");
        }
        return ok;
    }

    private void assumeRoleWithOidc(Request request, Response response, Callback callback) throws IOException {
        String requestId = requestIds.next();
        Map<String, String> params = new LinkedHashMap<>();
        OidcApi.Refusal refusal;
        try {
            QueryParams.parse(request.getHttpURI().getQuery()).entries()
                    .forEach(e -> params.put(e.getKey(), e.getValue()));
            // The form body (application/x-www-form-urlencoded) has the query string's syntax.
            QueryParams.parse(Content.Source.asString(request, StandardCharsets.UTF_8)).entries()
                    .forEach(e -> params.put(e.getKey(), e.getValue()));
            refusal = OidcApi.check(params);
        } catch (OssException e) {
            refusal = new OidcApi.Refusal(400, "InvalidParameter", "The request is not valid form encoding.");
        }
        if (refusal != null) {
            send(response, callback, refusal.status(), "application/json", OidcApi.error(refusal, requestId));
            return;
        }
        IssuedKeys.IssuedKey key = sts.keys().issue(OidcApi.lifetime(params, sts.config().lifetime()));
        send(response, callback, 200, "application/json", OidcApi.answer(params, key, requestId));
    }

    private void injure(StsFault fault, Request request, Response response, Callback callback) {
        switch (fault) {
            case SERVER_ERROR -> send(response, callback, 500, "application/json",
                    "{\"Code\":\"InternalError\",\"Message\":\"injected fault\"}");
            case MALFORMED_JSON -> send(response, callback, 200, "application/json",
                    "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.trunc");
            case CONNECTION_CUT -> {
                request.getConnectionMetaData().getConnection().getEndPoint().close();
                callback.failed(new org.eclipse.jetty.io.EofException("connection cut by an injected STS fault"));
            }
            default -> throw new IllegalStateException("unhandled fault " + fault);
        }
    }

    private static void send(Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + ";charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}

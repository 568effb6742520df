package dev.mooring.command.connect;

import dev.mooring.kernel.Sha256;
import dev.mooring.command.platform.ChoiceKind;
import dev.mooring.command.platform.ChoiceRequired;
import dev.mooring.command.platform.ChoiceRequired.Choice;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.command.platform.ConnectResult;
import dev.mooring.command.platform.OAuthConnector;
import dev.mooring.command.platform.OAuthConnectors;
import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.command.platform.UpstreamAccount;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.limits.Quota;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The OAuth connect flow, the same for every platform: start (state, PKCE, where to send the
 * browser), then complete (check the state, exchange the code, read the profile, connect). Where
 * the user must pick one of several things and the start named none (a Facebook Page, a Pinterest
 * board: the connector's {@link ChoiceKind}), complete pauses on a {@link SelectionRequired} and
 * {@link #select} finishes it. Platform differences stay in each {@link OAuthConnector}.
 */
@FrontDoor
@Service
public class OAuthConnectFlow {

    private final OAuthConnectors connectors;
    private final ConnectSessions sessions;
    private final ConnectService connect;
    private final PublicBaseUrl publicUrl;
    private final ReturnUrlPolicy returnUrls;
    private final SecureRandom random;
    private final ConnectChoices choices;
    private final TransactionTemplate transaction;

    public OAuthConnectFlow(OAuthConnectors connectors, ConnectSessions sessions, ConnectService connect,
                            PublicBaseUrl publicUrl, ReturnUrlPolicy returnUrls, SecureRandom random,
                            ConnectChoices choices, TransactionTemplate transaction) {
        this.connectors = connectors;
        this.sessions = sessions;
        this.connect = connect;
        this.publicUrl = publicUrl;
        this.returnUrls = returnUrls;
        this.random = random;
        this.choices = choices;
        this.transaction = transaction;
    }

    public record Started(URI redirectUrl, String state) {
    }

    /** How a completed redirect ended: with an account, or waiting for the caller's choice. */
    public sealed interface Outcome permits Completed, SelectionRequired {
        URI returnUrl();
    }

    public record Completed(WorkspaceId workspaceId, AccountId accountId, URI returnUrl) implements Outcome {
    }

    /** No account yet: {@link #select} with {@code selectionToken} and one of the choices finishes the connect. */
    public record SelectionRequired(String selectionToken, PendingChoice pending, URI returnUrl) implements Outcome {
        @Override
        public String toString() {
            return "SelectionRequired[" + pending.choices().size() + " choices, selection token redacted]";
        }
    }

    /** Whether {@code platform} connects through OAuth here and its app's settings are given. */
    public boolean enabled(Platform platform) {
        return connectors.find(platform).map(OAuthConnector::enabled).orElse(false);
    }

    /** What a {@code platform} user picks when its connect pauses for a choice; empty when it never asks. */
    public Optional<ChoiceKind> choiceKind(Platform platform) {
        return connectors.find(platform).flatMap(OAuthConnector::choiceKind);
    }

    /** Whether a finished connect may send the browser to {@code returnUrl} (never an open redirect). */
    public boolean allowsReturnUrl(URI returnUrl) {
        return returnUrls.allows(returnUrl, publicUrl.get());
    }

    /** {@code pending}: how many started, unfinished connects the workspace may have at once. */
    public Started start(WorkspaceId workspace, Platform platform, URI returnUrl, ConnectOptions options, Quota pending) {
        OAuthConnector connector = connector(platform);
        if (!connector.enabled()) {
            throw new ConnectFailed(ErrorCode.PLATFORM_NOT_ENABLED, platform,
                    platform.wireName() + " is not enabled: set " + String.join(" and ", connector.enablingSettings()), null, null);
        }
        if (returnUrl != null && !returnUrls.allows(returnUrl, publicUrl.get())) {
            throw new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform,
                    "returnUrl must be on an allowed origin (MOORING_RETURN_URL_ORIGINS)", null, null);
        }
        String state = randomToken();
        String verifier = connector.usesPkce() ? randomToken() : null;
        sessions.save(state, workspace, platform, verifier, returnUrl, options, pending);
        URI redirectUri = publicUrl.redirectUri(platform.wireName());
        return new Started(connector.authorizationUrl(state, redirectUri, verifier == null ? null : challenge(verifier)), state);
    }

    /**
     * Finishes a connect from the platform's redirect. {@code error} is the platform's own answer
     * when the user did not consent. Instagram and Threads append {@code #_} to their redirect;
     * where it reached us inside a parameter it is dropped.
     */
    public Outcome complete(Platform platform, String rawState, String rawCode, String rawError, String rawErrorDescription) {
        String state = withoutHashMarker(rawState);
        String code = withoutHashMarker(rawCode);
        String error = withoutHashMarker(rawError);
        String errorDescription = withoutHashMarker(rawErrorDescription);
        OAuthConnector connector = connector(platform);
        ConnectSession session = (state == null ? null : sessions.consume(state, platform).orElse(null));
        if (session == null) {
            throw new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform,
                    "unknown, expired or already used state: start the connect again", null, null);
        }
        if (error != null || code == null || code.isBlank()) {
            String upstream = error == null ? "no code" : error + (errorDescription == null ? "" : ": " + errorDescription);
            throw new ConnectFailed(ErrorCode.PLATFORM_REJECTED, platform,
                    platform.wireName() + " did not authorize the connect (" + shorten(upstream) + ")", session.returnUrl(), null);
        }
        ConnectResult result = upstream(platform, session.returnUrl(), () -> connector.connect(code,
                session.codeVerifier(), publicUrl.redirectUri(platform.wireName()), session.options()));
        if (result instanceof ChoiceRequired choice) {
            String selectionToken = randomToken();
            ChoiceKind kind = connector.choiceKind().orElseThrow(() -> new IllegalStateException(
                    platform.wireName() + " asked for a choice without saying of what"));
            return new SelectionRequired(selectionToken,
                    choices.save(selectionToken, session.workspaceId(), platform, kind, choice), session.returnUrl());
        }
        UpstreamAccount upstream = (UpstreamAccount) result;
        return new Completed(session.workspaceId(), connect.connect(connection(session.workspaceId(), platform, upstream)),
                session.returnUrl());
    }

    /**
     * Answers a connect paused for a choice. When {@code picked} names nothing, the choice still
     * waiting, to show again. Otherwise the pick ({@link ChoiceKind#option()}: {@code pageId},
     * {@code boardId}), which must be one of those offered, finishes the connect in three steps that
     * never overlap: claim the choice (one statement), call the platform with no transaction or
     * connection held, then use the token up and connect in one short transaction. The token is used
     * up only by a connect that succeeds: a failure (an outage, a Page gone meanwhile) gives the
     * claim back and leaves the token usable until it expires.
     */
    public Outcome select(WorkspaceId workspace, Platform platform, String selectionToken, ConnectOptions picked) {
        OAuthConnector connector = connectors.find(platform).filter(found -> found.choiceKind().isPresent())
                .orElseThrow(() -> new ConnectFailed(ErrorCode.NOT_FOUND, platform,
                        "a " + platform.wireName() + " connect never asks for a choice", null, null));
        ChoiceKind kind = connector.choiceKind().orElseThrow();
        Set<String> foreign = new TreeSet<>(picked.named().keySet());
        foreign.remove(kind.option());
        if (!foreign.isEmpty()) {
            throw new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform, "a " + platform.wireName() + " choice is picked with "
                    + kind.option() + ", not " + String.join(", ", foreign), null, null);
        }
        if (selectionToken == null || selectionToken.isBlank()) {
            throw new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform, "selectionToken is required", null, null);
        }
        PendingChoice pending = choices.find(selectionToken, workspace, platform, kind).orElseThrow(() -> unknownSelection(platform));
        String choiceId = kind.pickedIn(picked);
        if (choiceId == null) {
            return new SelectionRequired(selectionToken, pending, null);
        }
        Choice chosen = pending.offered(choiceId).orElseThrow(() -> new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform,
                kind.option() + " is not one of the " + kind.listName() + " offered", null, null));
        String owner = UUID.randomUUID().toString();
        String resumeToken;
        try {
            resumeToken = choices.claim(selectionToken, workspace, platform, owner).orElseThrow(() -> unknownSelection(platform));
        } catch (ConnectChoices.ChoiceBusy busy) {
            throw new ConnectFailed(ErrorCode.PLATFORM_UNAVAILABLE, platform,
                    busy.getMessage() + "; try again shortly", null, null);
        }
        boolean used = false;
        try {
            UpstreamAccount upstream = upstream(platform, null, () -> connector.choose(resumeToken, chosen));
            AccountId id = transaction.execute(status -> {
                if (!choices.markUsed(selectionToken, owner)) {
                    throw unknownSelection(platform); // the claim ran out and another select took the token
                }
                return connect.connect(connection(workspace, platform, upstream));
            });
            used = true;
            return new Completed(workspace, id, null);
        } finally {
            if (!used) {
                choices.release(selectionToken, owner);
            }
        }
    }

    private static <T> T upstream(Platform platform, URI returnUrl, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (PlatformFailure failure) {
            throw new ConnectFailed(failure.code(), platform, failure.getMessage(), returnUrl, failure.retryAfter());
        }
        if (result instanceof UpstreamAccount account
                && (account.platformUserId() == null || account.platformUserId().isBlank())) {
            // the id is the identity: without one, every such user would become the same account
            throw new ConnectFailed(ErrorCode.PLATFORM_REJECTED, platform,
                    platform.wireName() + " answered a profile without the user's id", returnUrl, null);
        }
        return result;
    }

    private static NewConnection connection(WorkspaceId workspace, Platform platform, UpstreamAccount upstream) {
        return new NewConnection(workspace, platform, upstream.platformUserId(), upstream.profile(),
                upstream.credentials(), upstream.extensions());
    }

    private static ConnectFailed unknownSelection(Platform platform) {
        return new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform,
                "unknown, expired or already used selection token: start the connect again", null, null);
    }

    private static String withoutHashMarker(String parameter) {
        return parameter != null && parameter.endsWith("#_") ? parameter.substring(0, parameter.length() - 2) : parameter;
    }

    private OAuthConnector connector(Platform platform) {
        return connectors.find(platform).orElseThrow(() -> new ConnectFailed(ErrorCode.VALIDATION_FAILED, platform,
                platform.wireName() + " does not connect through OAuth", null, null));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** PKCE S256: base64url(SHA-256(verifier)). */
    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(verifier));
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}

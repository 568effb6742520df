package dev.mooring.api.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mooring.api.connectpage.ConnectLinks;
import dev.mooring.api.gate.CallerWorkspace;
import dev.mooring.api.error.ApiException;
import dev.mooring.api.limits.LimitedAction;
import dev.mooring.api.limits.LimitsProperties;
import dev.mooring.api.limits.RateLimits;
import dev.mooring.command.connect.ConnectFailed;
import dev.mooring.command.connect.OAuthConnectFlow;
import dev.mooring.command.connect.OAuthConnectFlow.Completed;
import dev.mooring.command.connect.OAuthConnectFlow.Outcome;
import dev.mooring.command.connect.OAuthConnectFlow.SelectionRequired;
import dev.mooring.command.connect.OAuthConnectFlow.Started;
import dev.mooring.command.connect.PendingChoice;
import dev.mooring.command.platform.ConnectOptions;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.query.AccountView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * OAuth connects: the caller starts one with its API key and sends the user's browser to the
 * answer's {@code redirectUrl}; the platform sends the browser back to {@code complete}, which the
 * state alone authorizes. A user who must pick one of several things (a Facebook Page, a Pinterest
 * board) when the start named none is asked which: {@code complete} answers
 * {@code selection_required} and {@code select} finishes. What is picked is each platform's own
 * ({@code ChoiceKind} in its connector), so nothing here is about one platform.
 */
@RestController
@RequestMapping("/v1/accounts/connect/{platform}")
public class ConnectController {

    private final OAuthConnectFlow flow;
    private final AccountReads reads;
    private final ConnectLinks pageLinks;

    private final RateLimits limits;
    private final LimitsProperties quotas;

    public ConnectController(OAuthConnectFlow flow, AccountReads reads, ConnectLinks pageLinks, RateLimits limits,
                             LimitsProperties quotas) {
        this.flow = flow;
        this.reads = reads;
        this.pageLinks = pageLinks;
        this.limits = limits;
        this.quotas = quotas;
    }

    /** Optional start body; {@code boardId} only means something to Pinterest, {@code pageId} to Facebook. */
    public record StartConnect(String returnUrl, String boardId, String pageId) {
    }

    public record ConnectStarted(String redirectUrl, String state) {
    }

    /** The pick, named as at start: {@code pageId} (Facebook) or {@code boardId} (Pinterest); neither: the choices again. */
    public record SelectChoice(String selectionToken,
                               @Schema(description = "Facebook: the Page to connect") String pageId,
                               @Schema(description = "Pinterest: the board pins go to") String boardId) {
    }

    /**
     * A connect waiting for the caller to pick: not an error (nothing failed), so 200 with
     * {@code status: selection_required}, where a finished connect answers 201 with the account.
     * The choices are under {@code choices} for any platform, and under the platform's own word too
     * ({@code listName}: {@code pages}, {@code boards}).
     */
    @Schema(description = "selection_required: send the pick to POST /v1/accounts/connect/{platform}/select as `option`."
            + " The same choices are also listed under the platform's own word: `pages` (Facebook), `boards` (Pinterest).")
    public record ChoiceToMake(String status, String platform, String selectionToken, Instant expiresAt,
                               @Schema(description = "the select body field that names the pick: pageId (Facebook), boardId (Pinterest)")
                               String option,
                               List<Offered> choices,
                               @JsonIgnore String listName) {

        @Schema(description = "a Page, or a board (whose picture is its cover)")
        public record Offered(String id, String name, String pictureUrl) {
        }

        @JsonAnyGetter
        public Map<String, List<Offered>> underItsOwnName() {
            return Map.of(listName, choices);
        }

        static ChoiceToMake of(Platform platform, String selectionToken, PendingChoice pending) {
            return new ChoiceToMake(SELECTION_REQUIRED, platform.wireName(), selectionToken, pending.expiresAt(),
                    pending.kind().option(),
                    pending.choices().stream().map(choice -> new Offered(choice.id(), choice.name(), choice.pictureUrl())).toList(),
                    pending.kind().listName());
        }
    }

    static final String SELECTION_REQUIRED = "selection_required";

    @Operation(operationId = "startConnect", summary = "Start an OAuth connect: send the user's browser to redirectUrl")
    @PostMapping
    public Mono<ConnectStarted> start(@PathVariable String platform,
                                      @RequestBody(required = false) StartConnect body,
                                      @CallerWorkspace WorkspaceId workspace, ServerWebExchange exchange) {
        limits.take(exchange, workspace, LimitedAction.CONNECT_START);
        Platform target = platform(platform);
        URI returnUrl = body == null || body.returnUrl() == null ? null : ReturnUrls.parse(body.returnUrl());
        ConnectOptions options = body == null ? ConnectOptions.NONE : new ConnectOptions(body.boardId(), body.pageId());
        return Blocking.call(() -> flow.start(workspace, target, returnUrl, options, quotas.pendingConnectsQuota()))
                .map((Started started) -> new ConnectStarted(started.redirectUrl().toString(), started.state()));
    }

    /**
     * Where the platform sends the browser. With a {@code returnUrl} the browser goes on there with
     * {@code accountId}, {@code error}, or {@code status=selection_required&selectionToken=...};
     * without one, the answer is the account (201), the Pages to choose from (200) or the error.
     */
    @Operation(operationId = "completeConnect", summary = "Where the platform sends the user's browser back",
            responses = {@ApiResponse(responseCode = "302", description = "back to the connect's returnUrl with accountId, error, or status=selection_required"),
                    @ApiResponse(responseCode = "201", description = "connected (no returnUrl)", content = @Content(schema = @Schema(implementation = AccountView.class))),
                    @ApiResponse(responseCode = "200", description = "a Facebook user with several Pages, a Pinterest user with several boards: pick one (no returnUrl)", content = @Content(schema = @Schema(implementation = ChoiceToMake.class))),
                    @ApiResponse(responseCode = "202", description = "connected; the account shows in a moment", content = @Content(schema = @Schema(implementation = AcceptedWrite.class)))})
    @GetMapping("/complete")
    public Mono<ResponseEntity<?>> complete(@PathVariable String platform,
                                                      @RequestParam(required = false) String state,
                                                      @RequestParam(required = false) String code,
                                                      @RequestParam(required = false) String error,
                                                      @RequestParam(name = "error_description", required = false) String errorDescription) {
        Platform target = platform(platform);
        return Blocking.<ResponseEntity<?>>call(() -> {
            Outcome outcome;
            try {
                outcome = flow.complete(target, state, code, error, errorDescription);
            } catch (ConnectFailed failed) {
                if (failed.returnUrl() == null) {
                    throw failed;
                }
                return redirect(ReturnUrls.with(failed.returnUrl(), Map.of("error", failed.code().code())));
            }
            if (outcome instanceof SelectionRequired selection) {
                return selection.returnUrl() != null
                        ? redirect(ReturnUrls.with(selection.returnUrl(), Map.of("status", SELECTION_REQUIRED,
                                "selectionToken", selection.selectionToken())))
                        : ResponseEntity.ok(ChoiceToMake.of(target, selection.selectionToken(), selection.pending()));
            }
            Completed completed = (Completed) outcome;
            if (completed.returnUrl() != null) {
                // the posting tool reads the account as soon as the browser is back: it should see its own
                // write, and after a wait of MOORING_READ_AFTER_WRITE_TIMEOUT the browser goes on regardless
                reads.findAfterWrite(completed.workspaceId(), completed.accountId());
                // a connect started on the Connect page: its link learns the account here, never from the browser
                pageLinks.connectedThroughOAuth(state, completed.accountId());
                return redirect(ReturnUrls.with(completed.returnUrl(), Map.of("accountId", completed.accountId().value())));
            }
            return created(completed);
        });
    }

    /**
     * Finishes a connect that answered {@code selection_required} (Facebook, Pinterest): with the
     * pick ({@code pageId}, {@code boardId}) the account is connected (201); without one, the
     * choices on offer are answered again. A platform whose connects never ask answers 404.
     */
    @Operation(operationId = "selectChoice", summary = "Pick the Facebook Page or the Pinterest board of a connect that answered selection_required",
            responses = {@ApiResponse(responseCode = "201", description = "connected with the pick", content = @Content(schema = @Schema(implementation = AccountView.class))),
                    @ApiResponse(responseCode = "200", description = "no pick named: the choices on offer again", content = @Content(schema = @Schema(implementation = ChoiceToMake.class))),
                    @ApiResponse(responseCode = "202", description = "connected; the account shows in a moment", content = @Content(schema = @Schema(implementation = AcceptedWrite.class)))})
    @PostMapping("/select")
    public Mono<ResponseEntity<?>> select(@PathVariable String platform, @RequestBody(required = false) SelectChoice body,
                                          @CallerWorkspace WorkspaceId workspace) {
        Platform target = platform(platform);
        SelectChoice picked = body == null ? new SelectChoice(null, null, null) : body;
        return Blocking.<ResponseEntity<?>>call(() -> {
            Outcome outcome = flow.select(workspace, target, picked.selectionToken(), new ConnectOptions(picked.boardId(), picked.pageId()));
            return outcome instanceof SelectionRequired again
                    ? ResponseEntity.ok(ChoiceToMake.of(target, again.selectionToken(), again.pending()))
                    : created((Completed) outcome);
        });
    }

    /** The connected account once the read model shows it (201), so whoever reads next sees its own write; else 202. */
    private ResponseEntity<?> created(Completed completed) {
        return reads.findAfterWrite(completed.workspaceId(), completed.accountId())
                .<ResponseEntity<?>>map(view -> ResponseEntity.status(HttpStatus.CREATED).body(view))
                .orElseGet(() -> AcceptedWrite.written(completed.accountId()));
    }

    private static ResponseEntity<?> redirect(URI location) {
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
    }

    private static Platform platform(String name) {
        return Platform.fromWireName(name).orElseThrow(ApiException::unknownPlatform);
    }
}

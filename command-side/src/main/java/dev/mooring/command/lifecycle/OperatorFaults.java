package dev.mooring.command.lifecycle;

import dev.mooring.command.platform.PlatformFailure;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults that are the operator's, not any customer's: a platform refusing Mooring's own client
 * credentials, a secret the vault cannot open. They never touch an account; they are shown where the
 * operator looks (health, metrics, a log line naming the setting) and clear themselves once the
 * thing works again.
 */
@FrontDoor
@Component
public class OperatorFaults {

    private static final Logger log = LoggerFactory.getLogger(OperatorFaults.class);

    /** One fault: since when, and what to do about it. */
    public record Fault(Instant since, String detail) {
    }

    private final Map<Platform, Fault> refusedClients = new ConcurrentHashMap<>();
    private final Map<AccountId, Fault> unreadableSecrets = new ConcurrentHashMap<>();
    private final Clock clock;

    public OperatorFaults(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        Gauge.builder("mooring.operator.faults", refusedClients, Map::size).tag("kind", "client_credentials")
                .description("platforms refusing Mooring's client credentials").register(meters);
        Gauge.builder("mooring.operator.faults", unreadableSecrets, Map::size).tag("kind", "unreadable_secrets")
                .description("accounts whose secrets the vault cannot open").register(meters);
    }

    public void clientRejected(PlatformFailure failure) {
        Platform platform = failure.platform();
        String prefix = "MOORING_" + platform.wireName().toUpperCase(Locale.ROOT);
        String detail = platform.wireName() + " refused Mooring's client credentials (" + failure.upstreamError()
                + "): check " + prefix + "_CLIENT_ID and " + prefix + "_CLIENT_SECRET; no account is touched meanwhile";
        if (refusedClients.putIfAbsent(platform, new Fault(clock.instant(), detail)) == null) {
            log.error(detail);
        }
    }

    public void clientAccepted(Platform platform) {
        if (refusedClients.remove(platform) != null) {
            log.info("{} accepts Mooring's client credentials again", platform.wireName());
        }
    }

    public void secretUnreadable(AccountId account, RuntimeException cause) {
        // the vault's messages name the account, the field and the master key id, never a secret
        String detail = cause.getMessage() + "; the account is left as it is: check the master keys";
        if (unreadableSecrets.putIfAbsent(account, new Fault(clock.instant(), detail)) == null) {
            log.error(detail);
        }
    }

    public void secretRead(AccountId account) {
        unreadableSecrets.remove(account);
    }

    public boolean any() {
        return !refusedClients.isEmpty() || !unreadableSecrets.isEmpty();
    }

    /** What health shows: each refusing platform by name, and the accounts whose secrets are unreadable. */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        refusedClients.forEach((platform, fault) -> details.put(platform.wireName(), fault));
        if (!unreadableSecrets.isEmpty()) {
            Map<String, Fault> accounts = new LinkedHashMap<>();
            unreadableSecrets.forEach((account, fault) -> accounts.put(account.value(), fault));
            details.put("unreadableSecrets", accounts);
        }
        return details;
    }
}

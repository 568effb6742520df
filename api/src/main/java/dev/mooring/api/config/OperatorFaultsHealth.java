package dev.mooring.api.config;

import dev.mooring.command.lifecycle.OperatorFaults;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} shows the operator's faults: a platform refusing Mooring's client
 * credentials (named, with the settings to check) or secrets the vault cannot open. Down until the
 * thing works again; no account is touched meanwhile.
 */
@Component("operator")
class OperatorFaultsHealth extends AbstractHealthIndicator {

    private final OperatorFaults faults;

    OperatorFaultsHealth(OperatorFaults faults) {
        this.faults = faults;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        (faults.any() ? health.down() : health.up()).withDetails(faults.details());
    }
}

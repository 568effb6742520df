package dev.mooring.api.config;

import dev.mooring.command.vault.MasterKeyMismatch;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Startup refusals that are the operator's to fix (a master key with other bytes under its id, a data
 * directory another Mooring is using) end in Spring Boot's short "APPLICATION FAILED TO START" report
 * with the reason, not a wall of stack trace. The messages name ids and paths, never key material.
 */
class StartupRefusalAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MasterKeyMismatch || cause instanceof OrphanedPostmaster.DataDirectoryInUse) {
                return new FailureAnalysis(cause.getMessage(), "Fix what the description names, then start again.", cause);
            }
        }
        return null;
    }
}

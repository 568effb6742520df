package dev.mooring.api.config;

import dev.mooring.command.vault.MasterKeyMismatch;
import org.postgresql.util.PSQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.net.BindException;

/**
 * Startup refusals that are the operator's to fix end in Spring Boot's short "APPLICATION FAILED TO
 * START" report naming the setting to change, not a wall of stack trace: a master key with other
 * bytes under its id, a data directory another Mooring is using, a port in use, an address not on
 * this machine, a database that cannot be reached. The messages name ids, paths, settings and
 * host:port, never key material or a database URL (it may hold a password).
 */
@Order(Ordered.HIGHEST_PRECEDENCE) // ahead of Spring Boot's own port analyzer, which names no setting
class StartupRefusalAnalyzer implements FailureAnalyzer {

    private static final String FIX = "Fix what the description names, then start again.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MasterKeyMismatch || cause instanceof OrphanedPostmaster.DataDirectoryInUse) {
                return new FailureAnalysis(cause.getMessage(), FIX, cause);
            }
            if (cause instanceof PortInUseException inUse) {
                return new FailureAnalysis("Port " + inUse.getPort() + " is already in use by another process.",
                        "Stop what listens there, or set MOORING_PORT to a free port.", cause);
            }
            if (cause instanceof BindException) {
                return new FailureAnalysis("Cannot listen on MOORING_BIND_ADDRESS: " + cause.getMessage() + ".",
                        "Set MOORING_BIND_ADDRESS to an address of this machine (127.0.0.1, or 0.0.0.0 for all).", cause);
            }
            if (cause instanceof PSQLException database && unreachable(database)) {
                return new FailureAnalysis("Cannot reach the database of MOORING_DATABASE_URL: " + firstLine(database),
                        "Check MOORING_DATABASE_URL, MOORING_DATABASE_USER and MOORING_DATABASE_PASSWORD, and that PostgreSQL is up.",
                        cause);
            }
        }
        return null;
    }

    /** SQLSTATE classes 08 (connection exception) and 28 (invalid authorization) and 3D (no such database). */
    private static boolean unreachable(PSQLException failure) {
        String state = failure.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.startsWith("3D"));
    }

    private static String firstLine(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}

package dev.mooring.api.web;

import dev.mooring.kernel.AccountId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URI;

/**
 * The body of {@code 202 Accepted}: the write happened, but the read model did not show it within
 * {@code MOORING_READ_AFTER_WRITE_TIMEOUT}. {@code location} (also the {@code Location} header) is
 * where the account can be read shortly.
 */
public record AcceptedWrite(String accountId, String location, String message) {

    static ResponseEntity<AcceptedWrite> of(AccountId id, String message) {
        String location = "/v1/accounts/" + id.value();
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(location))
                .body(new AcceptedWrite(id.value(), location, message));
    }

    static ResponseEntity<AcceptedWrite> written(AccountId id) {
        return of(id, "the write is stored; the account shows at location in a moment");
    }
}

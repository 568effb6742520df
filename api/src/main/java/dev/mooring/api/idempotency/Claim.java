package dev.mooring.api.idempotency;

/** What an {@code Idempotency-Key} lets a request do. */
sealed interface Claim {

    /** The key is this request's now: run it, then keep or release its answer under this claim id. */
    record Owned(String claimId) implements Claim {
    }

    /** The same request was answered before: repeat that answer. */
    record Replay(StoredResponse response) implements Claim {
    }

    /** The key was used for another request (method, path, query or body). */
    record Conflict() implements Claim {
    }

    /** The same request is running right now. */
    record InProgress() implements Claim {
    }

    /** The same request was answered, but its kept answer does not open (master key retired, row altered). */
    record Unreadable() implements Claim {
    }
}

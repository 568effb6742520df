package dev.mooring.kernel.limits;

/**
 * How many of something a workspace may hold at once.
 *
 * @param what    what is counted, as the error message names it ("webhook endpoints")
 * @param setting the setting that sets it, so the message tells the operator where to raise it
 * @param limit   the most the workspace may hold
 */
public record Quota(String what, String setting, int limit) {

    public Quota {
        if (limit < 0) {
            throw new IllegalArgumentException(setting + " must not be negative");
        }
    }

    /** Refuses one more when the workspace already holds {@code held}. */
    public void admitOneMore(long held) {
        if (held >= limit) {
            throw new QuotaExceeded(this);
        }
    }
}

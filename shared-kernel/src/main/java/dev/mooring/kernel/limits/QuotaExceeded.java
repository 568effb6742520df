package dev.mooring.kernel.limits;

/** The workspace already holds as many as its {@link Quota} allows; nothing was created. */
public class QuotaExceeded extends RuntimeException {

    private final Quota quota;

    public QuotaExceeded(Quota quota) {
        super("the workspace already has " + quota.limit() + " " + quota.what() + ", its quota (" + quota.setting() + ")",
                null, false, false);
        this.quota = quota;
    }

    public Quota quota() {
        return quota;
    }
}

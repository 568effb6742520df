package dev.mooring.kernel.account;

/** The public face of an upstream identity; every field may be absent on some platform. */
public record AccountProfile(String displayName, String handle, String avatarUrl) {
}

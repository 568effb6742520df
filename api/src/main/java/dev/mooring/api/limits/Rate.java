package dev.mooring.api.limits;

import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;

/** So many calls per period, written {@code 60/1m} in settings. */
public record Rate(int limit, Duration period) {

    public Rate {
        if (limit < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate needs at least 1 call per positive period, like 60/1m");
        }
    }

    public static Rate parse(String text) {
        String[] parts = text.strip().split("/", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a rate is written calls/period, like 60/1m");
        }
        return new Rate(Integer.parseInt(parts[0].strip()), DurationStyle.detectAndParse(parts[1].strip()));
    }

    @Override
    public String toString() {
        return limit + "/" + period.toSeconds() + "s";
    }
}

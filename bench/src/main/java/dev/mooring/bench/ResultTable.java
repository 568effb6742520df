package dev.mooring.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's one table: each figure, the same SQL work done by pgbench in the same window, the ratio;
 * or, for the proxy run, the direct call, the same call through the proxy, what the proxy added.
 */
final class ResultTable {

    record Row(String path, String mooring, String pgbench, String ratio, String load) {
    }

    static final String PGBENCH_HEADER = "| path | Mooring | the same SQL in pgbench, same window (before / after) | ratio | load (1 min) |";
    static final String PROXY_HEADER = "| call | direct to the loopback platform | through the proxy | added by the proxy | load (1 min) |";

    private final String header;
    private final List<Row> rows = new ArrayList<>();

    ResultTable(String header) {
        this.header = header;
    }

    void add(String path, String mooring, String pgbench, String ratio, String load) {
        rows.add(new Row(path, mooring, pgbench, ratio, load));
    }

    /** A figure beside pgbench's: its rate against the mean of pgbench's runs before and after. */
    void compared(String path, Load.Result result, String unit, String sqlWork, double before, double after, String load) {
        double pgbench = (before + after) / 2;
        add(path, rate(result, unit), sqlWork + ": " + number(before) + " / " + number(after) + " tps",
                percent(result.perSecond() / pgbench), load);
    }

    static String rate(Load.Result result, String unit) {
        String figure = number(result.perSecond()) + " " + unit + "/s, p50 " + millis(result.p50Millis())
                + ", p99 " + millis(result.p99Millis()) + " (" + result.operations() + " in " + seconds(result.elapsed().toMillis() / 1e3) + ")";
        if (result.errors() > 0) {
            figure += ", **" + result.errors() + " failed**: " + String.join("; ", result.errorSamples());
        }
        return figure;
    }

    String markdown() {
        StringBuilder out = new StringBuilder(header + "\n| --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            out.append("| ").append(row.path()).append(" | ").append(row.mooring()).append(" | ").append(row.pgbench())
                    .append(" | ").append(row.ratio()).append(" | ").append(row.load()).append(" |\n");
        }
        return out.toString();
    }

    static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String millis(double value) {
        return (value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value)) + " ms";
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.1f s", value);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, ratio >= 0.1 ? "%.0f %%" : "%.1f %%", ratio * 100);
    }
}

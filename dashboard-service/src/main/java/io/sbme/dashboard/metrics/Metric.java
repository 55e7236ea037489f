package io.sbme.dashboard.metrics;

/**
 * The counters the dashboard keeps. Their wire names are stored in Redis fields and shown in the
 * API: renaming one loses its history.
 */
public enum Metric {
    DECIDED("decided"),
    SENT("sent"),
    DELIVERED("delivered"),
    READ("read"),
    CLICKED("clicked"),
    CONVERTED("converted"),
    /** Revenue of attributed orders in minor units (paise, cents), so counters stay integers. */
    REVENUE_MINOR("revenueMinor"),
    OPT_OUTS("optOuts"),
    FALLBACKS("fallbacks"),
    CANCELLED("cancelled"),
    BLOCKED("blocked"),
    HELD("held"),
    DEAD_LETTERED("deadLettered"),
    FAILED("failed"),
    /** Messages not sent because they waited past their flow's validity (an outage). */
    EXPIRED("expired");

    private final String wire;

    Metric(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}

package dev.vmssrollout.cli.render;

/**
 * How each instance state looks in the heatmap: a symbol, always, and a background colour where there is colour. The same states as the API's instance states, in the legend's order.
 */
enum InstanceLook {
    PENDING(".", "47;30", "pending"),
    UPGRADING("~", "44;97", "upgrading"),
    HEALTHY("+", "42;30", "healthy"),
    UNHEALTHY("!", "43;30", "unhealthy"),
    FAILED("x", "41;97", "failed"),
    SKIPPED("-", "100;37", "skipped"),
    ROLLED_BACK("<", "45;97", "rolled back");

    /** A state this CLI does not know yet (a newer API): shown, but neither coloured nor counted as pending. */
    static final String UNKNOWN_SYMBOL = "?";

    final String symbol;
    final String sgr;
    final String word;

    InstanceLook(String symbol, String sgr, String word) {
        this.symbol = symbol;
        this.sgr = sgr;
        this.word = word;
    }

    static InstanceLook of(String state) {
        for (InstanceLook look : values()) {
            if (look.name().equals(state)) {
                return look;
            }
        }
        return null;
    }
}

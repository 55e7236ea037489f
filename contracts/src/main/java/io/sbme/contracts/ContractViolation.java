package io.sbme.contracts;

/**
 * A value outside the bounds of the contract ({@link ContractBounds}). The message names the field
 * and shows the offending value cut short, never expanded and never in full, so that a refusal is
 * as small as the rule it states.
 */
public final class ContractViolation extends IllegalArgumentException {

    private final String field;

    ContractViolation(String field, String rule, Object value) {
        // No stack trace: a refusal is an expected outcome at the edge, and it may be thrown per record.
        super(field + " " + rule + (value == null ? "" : ", was '" + ContractBounds.cut(value) + "'"));
        this.field = field;
    }

    /** The field that is out of bounds, as a path such as {@code order.products[2].price}. */
    public String field() {
        return field;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

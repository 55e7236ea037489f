package io.sbme.consent.profile;

/**
 * Who made a consent change and through which door, for the proof and the audit log.
 *
 * @param name {@link #SHOPPER} when the user acted themselves (their id goes in the audit entry's
 *             {@code userId}, where an erase can reach it), else the admin's name or the calling service
 * @param source {@code storefront}, {@code admin}, {@code keyword:STOP}, {@code keyword:START} or {@code keyword:YES}
 */
public record Actor(String name, String source) {

    public static final String STOREFRONT = "storefront";
    public static final String ADMIN = "admin";
    public static final String KEYWORD_STOP = "keyword:STOP";
    public static final String KEYWORD_START = "keyword:START";
    public static final String KEYWORD_YES = "keyword:YES";
    /** The audit actor of a change the user made on the storefront. */
    public static final String SHOPPER = "storefront-user";

    public static Actor shopper() {
        return new Actor(SHOPPER, STOREFRONT);
    }

    public static Actor admin(String name) {
        return new Actor(name, ADMIN);
    }

    boolean byKeyword() {
        return source.startsWith("keyword:");
    }
}

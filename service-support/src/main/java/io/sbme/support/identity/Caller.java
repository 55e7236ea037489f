package io.sbme.support.identity;

/**
 * Who is calling a service, as vouched for by the gateway (or by a sibling service).
 *
 * @param subject a storefront user id, an admin's name or a service name
 */
public record Caller(String subject, Role role) {

    /** What the caller may do. */
    public enum Role {
        /** A storefront user; may act only on their own id. */
        SHOPPER,
        /** An authenticated admin. */
        ADMIN,
        /** Another service of ours. */
        SERVICE
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}

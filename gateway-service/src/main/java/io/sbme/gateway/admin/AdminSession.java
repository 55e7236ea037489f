package io.sbme.gateway.admin;

/**
 * A logged-in admin as stored in Redis.
 *
 * @param id the opaque value of the session cookie
 * @param csrfToken the value writes must echo in {@code X-XSRF-TOKEN}
 */
public record AdminSession(String id, String username, String csrfToken) {
}

package io.sbme.decision;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.EventType;
import io.sbme.contracts.Product;
import java.math.BigDecimal;
import java.time.Instant;

/** Test data shared by the rule tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Properties as application.yml sets them, demo off. */
    public static DecisionProperties properties() {
        return new DecisionProperties(false, null, null, null, null, null, null, null, null, null, null, null, 0, false);
    }

    public static DecisionProperties demoProperties() {
        return new DecisionProperties(true, null, null, null, null, null, null, null, null, null, null, null, 0, false);
    }

    public static ConsentState optedIn(String userId, boolean whatsapp, boolean sms, Channel preferred, String zone) {
        return new ConsentState(1, userId, 1, ConsentStatus.OPTED_IN, "+91 ••••••9721", "IN", zone,
                new ConsentState.ChannelConsent(whatsapp, sms), preferred, "opted_in", Instant.EPOCH);
    }

    /** A shopper who withdrew consent on every channel (a STOP, or revoked in admin). */
    public static ConsentState revoked(String userId) {
        return new ConsentState(1, userId, 2, ConsentStatus.REVOKED, "+91 ••••••9721", "IN", "Asia/Kolkata",
                new ConsentState.ChannelConsent(false, false), null, "revoked", Instant.EPOCH);
    }

    /** A number entered on the storefront, waiting for its owner's YES on {@code channel}. */
    public static ConsentState pending(String userId, long version, Channel channel, String numberKey) {
        return new ConsentState(1, userId, version, ConsentStatus.PENDING, "+91 ••••••9721", "IN", "Asia/Kolkata",
                new ConsentState.ChannelConsent(false, false), channel, "confirmation_requested", Instant.EPOCH,
                numberKey, channel);
    }

    public static Product product(String id, String price, int quantity) {
        return new Product(id, null, "Product " + id, new BigDecimal(price), "INR", quantity, "/img/" + id + ".svg",
                "/?product=" + id);
    }

    public static CustomerEvent event(String userId, EventType type, Product product, Instant at) {
        return new CustomerEvent(1, "evt-" + at.toEpochMilli() + "-" + type, userId, type, at, at, "test", product, null,
                null, null, null, null, null);
    }
}

package io.sbme.decision.cart;

import static io.sbme.decision.Fixtures.event;
import static io.sbme.decision.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.ContractBounds;
import io.sbme.contracts.EventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A cart line stays within the contract's quantity bound however often the product is added. */
class CartTest {

    @Test
    void repeatedAddsNeverGrowALinePastTheContractsBound() {
        Instant at = Instant.parse("2026-11-24T09:00:00Z");
        Cart cart = Cart.empty();
        for (int i = 0; i < 3; i++) {
            cart = cart.apply(event("u-1", EventType.ADD_TO_CART, product("p-1", "10", ContractBounds.MAX_QUANTITY), at), at);
        }

        assertThat(cart.line("p-1")).hasValueSatisfying(p -> assertThat(p.quantity()).isEqualTo(ContractBounds.MAX_QUANTITY));
        assertThat(ContractBounds.check(cart.line("p-1").orElseThrow())).isNotNull();
    }
}

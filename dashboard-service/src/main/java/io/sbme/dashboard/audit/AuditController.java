package io.sbme.dashboard.audit;

import io.sbme.dashboard.AdminOnly;
import io.sbme.support.identity.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log and its chain check for the admin panel. */
@RestController
class AuditController {

    private final AuditChain chain;

    AuditController(AuditChain chain) {
        this.chain = chain;
    }

    /** The newest audit links, newest first; {@code limit} 1..500, default 100. */
    @GetMapping("/api/v1/admin/audit")
    List<HashChain.Link> audit(Caller caller, @RequestParam(required = false) Integer limit) {
        AdminOnly.require(caller);
        return chain.latest(AdminOnly.limit(limit, 100, 500));
    }

    @GetMapping("/api/v1/admin/audit/verify")
    HashChain.Verification verify(Caller caller) {
        AdminOnly.require(caller);
        return chain.verify();
    }
}

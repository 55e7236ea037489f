package io.sbme.dashboard.stages;

import io.sbme.dashboard.AdminOnly;
import io.sbme.support.identity.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Records the stages set aside and their restarts mid-record, for the admin panel. */
@RestController
class StageTroublesController {

    private final StageTroubles troubles;

    StageTroublesController(StageTroubles troubles) {
        this.troubles = troubles;
    }

    /** Counts per stage, and the newest entries first; {@code limit} 1..200, default 50. */
    @GetMapping("/api/v1/admin/stage-dead-letters")
    StageTroubles.Report report(Caller caller, @RequestParam(required = false) Integer limit) {
        AdminOnly.require(caller);
        return troubles.report(AdminOnly.limit(limit, 50, 200));
    }
}

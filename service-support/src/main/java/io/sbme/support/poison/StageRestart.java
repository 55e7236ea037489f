package io.sbme.support.poison;

/** The audit action a stage records when its previous process stopped in the middle of a record. */
public final class StageRestart {

    /** Subject: the consumer group and partition; details: the record's offset and how often it started. */
    public static final String ACTION = "stage.restarted_mid_record";

    private StageRestart() {
    }
}

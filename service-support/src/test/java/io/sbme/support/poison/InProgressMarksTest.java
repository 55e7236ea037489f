package io.sbme.support.poison;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marks a process leaves behind are what its successor reads: a mark not ended is a record
 * the process was in the middle of, and each further start of the same record counts.
 */
class InProgressMarksTest {

    @TempDir
    Path dir;

    @Test
    void aRecordLeftInProgressIsReadByTheNextProcessAndItsStartsAddUp() {
        Path file = dir.resolve("stage.marks");
        try (InProgressMarks first = InProgressMarks.open(file)) {
            assertThat(first.interrupted()).isEmpty();
            assertThat(first.begin("g events-0", 41, 1000)).isEqualTo(1);
            first.end("g events-0");
            assertThat(first.begin("g events-0", 42, 1001)).isEqualTo(1);
            assertThat(first.begin("g events-1", 7, 1002)).isEqualTo(1);
            first.end("g events-1");
        }
        try (InProgressMarks second = InProgressMarks.open(file)) {
            assertThat(second.interrupted()).containsExactly(new InProgressMarks.Interrupted("g events-0", 42, 1001, 1));
            assertThat(second.begin("g events-0", 42, 1001)).isEqualTo(2);
        }
        try (InProgressMarks third = InProgressMarks.open(file)) {
            assertThat(third.interrupted()).containsExactly(new InProgressMarks.Interrupted("g events-0", 42, 1001, 2));
            assertThat(third.begin("g events-0", 42, 1001)).isEqualTo(3);
            third.end("g events-0");
        }
        try (InProgressMarks fourth = InProgressMarks.open(file)) {
            assertThat(fourth.interrupted()).isEmpty();
        }
    }

    @Test
    void anotherRecordAtTheSameOffsetStartsAfresh() {
        // The same offset with another timestamp is another record: a recreated topic, another cluster.
        Path file = dir.resolve("stage.marks");
        try (InProgressMarks first = InProgressMarks.open(file)) {
            first.begin("g events-0", 0, 1000);
        }
        try (InProgressMarks second = InProgressMarks.open(file)) {
            assertThat(second.begin("g events-0", 0, 2000)).isEqualTo(1);
            assertThat(second.begin("g events-0", 1, 2000)).isEqualTo(1);
        }
    }

    @Test
    void aDamagedOrForeignFileIsStartedAfresh() throws Exception {
        Path file = dir.resolve("stage.marks");
        java.nio.file.Files.writeString(file, "not a marks file");
        try (InProgressMarks marks = InProgressMarks.open(file)) {
            assertThat(marks.interrupted()).isEmpty();
            assertThat(marks.begin("g events-0", 3, 1)).isEqualTo(1);
        }
    }

    @Test
    void moreConsumerPartitionsThanSlotsAreNotGuardedButDoNotFail() {
        try (InProgressMarks marks = InProgressMarks.open(dir.resolve("stage.marks"))) {
            for (int i = 0; i < InProgressMarks.SLOTS + 5; i++) {
                assertThat(marks.begin("g t-" + i, 1, 1)).isEqualTo(1);
            }
        }
    }
}

package io.ossync.roots;

import io.ossync.config.DeleteLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeletionDecisionTest {

    private static final String ROOT = "(dev=803,ino=1201)";
    private static final String EMPTY_MOUNT_POINT = "(dev=803,ino=77)";
    private static final DeleteLimit HALF = DeleteLimit.DEFAULT;

    @Test
    void aFewFilesGoneFromTheSameRootAreDeleted() {
        assertThat(DeletionDecision.decide(ROOT, ROOT, 14, 3, HALF, false).held()).isFalse();
        assertThat(DeletionDecision.decide(ROOT, ROOT, 14, 7, HALF, false).held()).isFalse();
    }

    @Test
    void aReplacedRootHoldsEvenOneDeletion() {
        DeletionDecision d = DeletionDecision.decide(ROOT, EMPTY_MOUNT_POINT, 14, 1, HALF, false);
        assertThat(d.hold()).hasValue("root replaced (device or inode changed: (dev=803,ino=1201) -> "
                + "(dev=803,ino=77)), is a file system unmounted?");
    }

    @Test
    void moreGoneThanMaxDeleteIsHeldWholly() {
        assertThat(DeletionDecision.decide(ROOT, ROOT, 14, 14, HALF, false).hold())
                .hasValue("more files gone in one scan than max-delete 50% allows (7)");
        assertThat(DeletionDecision.decide(ROOT, ROOT, 1000, 101, DeleteLimit.parse("100"), false).hold())
                .hasValue("more files gone in one scan than max-delete 100 allows (100)");
    }

    @Test
    void withoutAnIdentityOnlyTheLimitDecides() {
        assertThat(DeletionDecision.decide(null, ROOT, 14, 14, HALF, false).held()).as("first seen").isTrue();
        assertThat(DeletionDecision.decide(null, ROOT, 14, 2, HALF, false).held()).isFalse();
        assertThat(DeletionDecision.decide(ROOT, null, 14, 2, HALF, false).held()).as("no file keys here").isFalse();
    }

    @Test
    void nothingGoneLiftsTheHoldEvenUnderANewIdentity() {
        assertThat(DeletionDecision.decide(ROOT, ROOT, 14, 0, HALF, false).held()).isFalse();
        assertThat(DeletionDecision.decide(ROOT, EMPTY_MOUNT_POINT, 14, 0, HALF, false).held())
                .as("a restored copy with every file: taken as the root").isFalse();
    }

    @Test
    void theOperatorsConfirmationLetsThemProceed() {
        assertThat(DeletionDecision.decide(ROOT, EMPTY_MOUNT_POINT, 14, 14, HALF, true).held()).isFalse();
        assertThat(DeletionDecision.decide(ROOT, ROOT, 14, 14, DeleteLimit.parse("0"), true).held()).isFalse();
    }
}

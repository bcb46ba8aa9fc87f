package io.ossync.upload;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work committed in the same transaction that ends a verified upload (and deletes its
 * checkpoint): the ledger row, the end of the job. If it fails, the upload is not recorded as
 * done and will be verified again, never lost.
 */
@FunctionalInterface
public interface VerifiedAction {

    VerifiedAction NONE = (tx, result) -> {
    };

    void run(Connection tx, UploadResult result) throws SQLException;
}

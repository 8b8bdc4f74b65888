package dev.sentrytriage.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The wake-up of each background stage. Intake rings {@link #deliveries()} after its commit; code that stores work
 * for a later stage inside a transaction calls {@link #afterCommit(WorkSignal)}, so the stage is woken once per
 * transaction and only when that work is visible to it. A stage is never woken for another stage's work: under load
 * the analysis and Telegram stages do not poll the database for every stored delivery.
 */
@ApplicationScoped
public class WorkSignals {

    private final WorkSignal deliveries = new WorkSignal();
    private final WorkSignal analysis = new WorkSignal();
    private final WorkSignal notifications = new WorkSignal();
    private final TransactionSynchronizationRegistry transactions;

    public WorkSignals(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** A delivery was stored: the delivery worker. */
    public WorkSignal deliveries() {
        return deliveries;
    }

    /** An incident's analysis became due: the analysis worker. */
    public WorkSignal analysis() {
        return analysis;
    }

    /** A notification was queued or became sendable: the Telegram sender. */
    public WorkSignal notifications() {
        return notifications;
    }

    /** Rings {@code signal} when the current transaction commits (not on rollback); at once outside a transaction. */
    public void afterCommit(WorkSignal signal) {
        if (transactions.getTransactionKey() == null) {
            signal.wake();
            return;
        }
        if (transactions.getResource(signal) != null) {
            return; // already rings at this transaction's commit
        }
        transactions.putResource(signal, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    signal.wake();
                }
            }
        });
    }
}

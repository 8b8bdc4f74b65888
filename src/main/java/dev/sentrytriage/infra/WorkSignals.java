package dev.sentrytriage.infra;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.infra.WorkSignal;


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
    private final TransactionLocal transactions;

    public WorkSignals(TransactionLocal transactions) {
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
        if (!transactions.active()) {
            signal.wake();
            return;
        }
        if (transactions.once(signal)) { // otherwise it already rings at this transaction's commit
            transactions.afterCommit(signal::wake);
        }
    }
}

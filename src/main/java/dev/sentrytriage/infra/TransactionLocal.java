package dev.sentrytriage.infra;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Values kept for the length of the current transaction (in its resources), created on first use. */
@ApplicationScoped
public class TransactionLocal {

    private final TransactionSynchronizationRegistry transactions;

    public TransactionLocal(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** Whether a transaction is active on this thread. */
    public boolean active() {
        return transactions.getTransactionKey() != null;
    }

    /** This transaction's value under {@code key}, made by {@code create} the first time it is asked for. */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> create) {
        T value = (T) transactions.getResource(key);
        if (value == null) {
            value = create.get();
            transactions.putResource(key, value);
        }
        return value;
    }

    /** True the first time it is called with {@code key} in this transaction, false after. */
    public boolean once(Object key) {
        if (transactions.getResource(key) != null) {
            return false;
        }
        transactions.putResource(key, Boolean.TRUE);
        return true;
    }

    /** Runs {@code action} after the transaction commits (not after a rollback). */
    public void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}

package dev.sentrytriage.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/** Refuses to start a production service that could not verify a single webhook, and says why. */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);

    void check(@Observes StartupEvent event, TriageConfig config) {
        boolean noSecret = config.sentry().secrets().map(l -> l.stream().allMatch(String::isBlank)).orElse(true);
        boolean production = LaunchMode.current() == LaunchMode.NORMAL && !ConfigUtils.getProfiles().contains("local");
        if (noSecret && production) {
            throw new IllegalStateException("TRIAGE_SENTRY_SECRETS is not set: every webhook would be refused. "
                    + "Set it to the client secret of your Sentry integration (comma-separated during rotation).");
        }
        if (noSecret) {
            LOG.warn("No Sentry client secret configured (TRIAGE_SENTRY_SECRETS): every webhook is answered 401");
        }
        if (ConfigUtils.getProfiles().contains("local")) {
            LOG.warn("Local mode: embedded PostgreSQL in ./data/postgres, development secret, listening on 127.0.0.1 only. "
                    + "Set QUARKUS_DATASOURCE_JDBC_URL and TRIAGE_SENTRY_SECRETS for production.");
        }
    }
}

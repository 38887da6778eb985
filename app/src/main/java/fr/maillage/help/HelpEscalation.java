package fr.maillage.help;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node looks for requests to escalate; {@link HelpService#escalateDue()} claims each
 * request with a conditional UPDATE, so running it on every node is safe.
 */
@Singleton
class HelpEscalation {
    private static final Logger LOG = LoggerFactory.getLogger(HelpEscalation.class);
    private final HelpService help;

    HelpEscalation(HelpService help) {
        this.help = help;
    }

    @Scheduled(fixedDelay = "${maillage.help.escalation-check-interval:1m}", initialDelay = "30s")
    void run() {
        try {
            help.escalateDue();
        } catch (RuntimeException e) {
            LOG.warn("help escalation check failed error={}", e.getClass().getSimpleName());
        }
    }
}

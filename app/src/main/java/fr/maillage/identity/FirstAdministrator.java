package fr.maillage.identity;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On the very first start, print the one-time link that creates the first administrator. */
@Singleton
class FirstAdministrator {
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdministrator.class);
    private final InvitationService invitations;

    FirstAdministrator(InvitationService invitations) {
        this.invitations = invitations;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        invitations.bootstrapFirstAdministrator().ifPresent(link -> {
            LOG.info("first administrator invitation issued");
            // Printed on standard output, not only in the log: this is the operator's next step.
            System.out.println();
            System.out.println("  Maillage has no account yet. Open this one-time link to create the first administrator:");
            System.out.println("  " + link);
            System.out.println();
        });
    }
}

package fr.maillage.workspace

import fr.maillage.core.security.Caller
import fr.maillage.core.security.Role
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp

/** What the workspace specs share: who a client is, and storing many updates fast. */
class WorkspaceFixtures {
    static UUID idOf(ApiClient client) {
        UUID.fromString(client.get('/api/session').json.user.id as String)
    }

    /** Stores updates through the service itself, as {@code author}: the socket's rate limit would make thousands slow. */
    static void store(TestApp app, ApiClient author, Map doc, List updates) {
        def service = app.bean(WorkspaceService)
        def caller = new Caller(idOf(author), Role.MEMBER, null, null)
        updates.each {
            service.applyUpdate(caller, new WorkspaceFrames.UpdateCommand(UUID.randomUUID().toString(), UUID.fromString(doc.id as String), it as String))
        }
    }
}

package fr.maillage.support

import fr.maillage.identity.InvitationService

/** Creates people through the real invitation flow, the way the product does it. */
class Accounts {
    static final String PASSWORD = 'correct horse battery'
    private static int counter = 0

    /** An administrator signed in on a fresh client, created from a first-administrator link. */
    static ApiClient administrator(TestApp app, String email = "admin${++counter}@example.org") {
        String link = app.bean(InvitationService).createAdministratorInvitation()
        String token = link.substring(link.lastIndexOf('/') + 1)
        def client = app.client()
        def reply = client.post("/api/invitations/${token}/accept", [email: email, displayName: 'Ada Admin', password: PASSWORD])
        assert reply.status == 201: reply.toString()
        client
    }

    /** Someone invited by the given administrator with the given role, signed in on a new client. */
    static ApiClient invited(TestApp app, ApiClient inviter, String role, String email = "${role}${++counter}@example.org") {
        def invitation = inviter.post('/api/invitations', [email: email, role: role])
        assert invitation.status == 201: invitation.toString()
        String token = latestLinkToken(app, email, '/invitation/')
        def client = app.client()
        def reply = client.post("/api/invitations/${token}/accept", [displayName: "${role.capitalize()} ${counter}", password: PASSWORD])
        assert reply.status == 201: reply.toString()
        client
    }

    /** Reads the newest mail to an address from the outbox table and returns the link's token. */
    static String latestLinkToken(TestApp app, String email, String pathPrefix) {
        String body = latestMail(app, email)
        def matcher = body =~ /${java.util.regex.Pattern.quote(pathPrefix)}([A-Za-z0-9_-]+)/
        assert matcher.find(): "no ${pathPrefix} link in mail to ${email}"
        matcher.group(1)
    }

    static String latestMail(TestApp app, String email) {
        def jdbc = app.bean(io.micronaut.data.jdbc.runtime.JdbcOperations)
        def transactions = app.bean(io.micronaut.transaction.TransactionOperations)
        transactions.executeRead { status ->
            jdbc.prepareStatement('SELECT text_body FROM mail_outbox WHERE lower(recipient) = lower(?) ORDER BY created_at DESC LIMIT 1') { ps ->
                ps.setString(1, email)
                def rs = ps.executeQuery()
                assert rs.next(): "no mail to ${email}"
                rs.getString(1)
            }
        }
    }
}

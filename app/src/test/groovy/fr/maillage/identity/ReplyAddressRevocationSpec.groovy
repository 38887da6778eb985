package fr.maillage.identity

import fr.maillage.notification.NotificationReplyTokens
import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Reply-by-e-mail addresses act as the person: ending their sessions ends those addresses too. */
class ReplyAddressRevocationSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: [
            'maillage.mail.inbound.host'         : '127.0.0.1',
            'maillage.mail.inbound.port'         : TestApp.freePort(),
            'maillage.mail.inbound.address'      : 'reply@example.org',
            'maillage.mail.inbound.poll-interval': '1h',
    ])
    @Shared
    ApiClient admin = Accounts.administrator(app)

    String addressFor(String userId) {
        app.bean(TransactionOperations).executeWrite {
            app.bean(NotificationReplyTokens).address(UUID.fromString(userId), 'discussion.post', UUID.randomUUID()).orElseThrow()
        }
    }

    boolean valid(String address) {
        def tokens = app.bean(NotificationReplyTokens)
        app.bean(TransactionOperations).executeRead { tokens.verify(tokens.tokenOf(address).orElseThrow()).isPresent() }
    }

    def "#event revokes the person's reply addresses; signing out of one device does not"() {
        given:
        String email = "reply-${UUID.randomUUID()}@example.org"
        def person = Accounts.invited(app, admin, 'member', email)
        String id = person.get('/api/me').json.id
        String address = addressFor(id)
        assert valid(address)

        when:
        switch (event) {
            case 'sessions ended by an administrator':
                assert admin.delete("/api/admin/users/${id}/sessions").status == 204
                break
            case 'deactivation':
                assert admin.post("/api/admin/users/${id}/deactivation", [:]).status == 200
                break
            case 'a password change':
                assert person.post('/api/me/password', [currentPassword: Accounts.PASSWORD, newPassword: 'une toute autre phrase de passe']).status == 204
                break
            default:
                assert person.delete('/api/session').status == 204
        }

        then:
        valid(address) == stillValid

        where:
        event                                || stillValid
        'sessions ended by an administrator' || false
        'deactivation'                       || false
        'a password change'                  || false
        'signing out of one device'          || true
    }
}

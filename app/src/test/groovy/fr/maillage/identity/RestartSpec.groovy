package fr.maillage.identity

import fr.maillage.core.db.EmbeddedDatabase
import fr.maillage.support.Accounts
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

class RestartSpec extends Specification {
    static final String FIRST_ADMIN_LINKS = 'SELECT count(*) FROM invitation WHERE email IS NULL'

    @TempDir
    Path dataDir
    TestApp first
    TestApp second
    EmbeddedDatabase embedded

    def cleanup() {
        first?.close()
        second?.close()
        embedded?.close()
    }

    def "people created before a restart sign in after it"() {
        given:
        first = TestApp.start()
        assert Rows.count(first, FIRST_ADMIN_LINKS) == 1
        def admin = Accounts.administrator(first, 'restart-admin@example.org')
        Accounts.invited(first, admin, 'member', 'restart-member@example.org')
        long links = Rows.count(first, FIRST_ADMIN_LINKS)
        String database = first.databaseUrl
        first.close()

        when:
        second = TestApp.start(database: database)

        then:
        signsIn(second, 'restart-admin@example.org').role == 'administrator'
        signsIn(second, 'restart-member@example.org').role == 'member'
        Rows.count(second, FIRST_ADMIN_LINKS) == links
    }

    def "the embedded database keeps accounts across a restart, and only the first start issues a first-administrator link"() {
        given:
        embedded = EmbeddedDatabase.start(dataDir.resolve('postgres'))
        first = TestApp.start(database: embedded.jdbcUrl(), properties: embeddedCredentials())

        expect:
        Rows.count(first, FIRST_ADMIN_LINKS) == 1
        Rows.users(first) == 0

        when:
        Accounts.administrator(first, 'embedded-admin@example.org')
        long links = Rows.count(first, FIRST_ADMIN_LINKS)
        first.close()
        embedded.close()
        embedded = EmbeddedDatabase.start(dataDir.resolve('postgres'))
        second = TestApp.start(database: embedded.jdbcUrl(), properties: embeddedCredentials())

        then:
        signsIn(second, 'embedded-admin@example.org').role == 'administrator'
        Rows.users(second) == 1
        Rows.count(second, FIRST_ADMIN_LINKS) == links
    }

    private static Map signsIn(TestApp app, String email) {
        def reply = app.client().post('/api/session', [email: email, password: Accounts.PASSWORD])
        assert reply.status == 200: reply.toString()
        reply.json as Map
    }

    private static Map embeddedCredentials() {
        ['maillage.database.user': 'postgres', 'maillage.database.password': '']
    }
}

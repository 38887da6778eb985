package fr.maillage.discussion

import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand
import fr.maillage.discussion.DiscussionFrames.ReplyCommand
import fr.maillage.notification.EmailCallers
import fr.maillage.support.Accounts
import fr.maillage.support.TestApp
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * A post's followers are told after its commit (DiscussionNotices): the post's transaction
 * writes one job row whatever the number of followers; each follower is told once, also when
 * the job is run again after a crash.
 */
class NoticeFanOutSpec extends Specification {
    static final String THEME = 'vie-du-reseau'

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: ['maillage.discussion.notice-sweep-interval': '1h'])
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    UUID adminId = UUID.fromString(admin.get('/api/me').json.id as String)

    def sql(String statement, List params = []) {
        app.bean(TransactionOperations).executeWrite { status -> query(statement, params) }
    }

    def query(String statement, List params = []) {
        app.bean(JdbcOperations).prepareStatement(statement) { ps ->
            params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
            if (statement.trim().startsWith('SELECT')) {
                def rs = ps.executeQuery()
                rs.next()
                return rs.getLong(1)
            }
            ps.executeUpdate()
        }
    }

    def caller(UUID id) { app.bean(EmailCallers).of(id) }

    long notices(UUID post) { sql("SELECT count(*) FROM notification WHERE data->>'postId' = ?", [post.toString()]) }

    long noticesPerPerson(UUID post) {
        sql("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM notification WHERE data->>'postId' = ? GROUP BY recipient_id) c", [post.toString()])
    }

    long jobs() { sql('SELECT count(*) FROM discussion_notice_job') }

    def "a post in a theme with 1,000 followers commits with one job row, then each follower is told once"() {
        given: '1,000 members following the theme with everything'
        sql("""INSERT INTO app_user (id, email, display_name, role, password_hash, time_zone, language, created_at, updated_at)
               SELECT gen_random_uuid(), 'suiveur' || g || '@example.org', 'Suiveur ' || g, 'member', 'x', 'Europe/Paris', 'fr', now(), now()
               FROM generate_series(1, 1000) g""")
        sql("""INSERT INTO discussion_follow (user_id, target_kind, target, level)
               SELECT id, 'theme', ?, 'following' FROM app_user WHERE email LIKE 'suiveur%'""", [THEME])
        def discussions = app.bean(DiscussionService)
        UUID thread = discussions.createThread(caller(adminId), new CreateThreadCommand(UUID.randomUUID().toString(), THEME, 'discussion',
                'Mille lecteurs', 'Bonjour à tous', null)).result().threadId as UUID
        UUID opening = UUID.fromString(firstPost(thread))

        expect: 'the new thread told the theme followers once each'
        notices(opening) == 1000
        noticesPerPerson(opening) == 1

        when: 'a reply, seen from inside its own transaction and after it'
        Map seen = [:]
        UUID reply = app.bean(TransactionOperations).executeWrite { status ->
            UUID id = discussions.reply(caller(adminId), new ReplyCommand(UUID.randomUUID().toString(), thread, 'Une réponse', null, null))
                    .result().postId as UUID
            seen.noticesInside = query("SELECT count(*) FROM notification WHERE data->>'postId' = ?", [id.toString()])
            seen.jobsInside = query('SELECT count(*) FROM discussion_notice_job')
            id
        }

        then: 'the transaction held one job row and no notice; after its commit everyone is told once and the row is gone'
        seen.noticesInside == 0
        seen.jobsInside == 1
        notices(reply) == 1000
        noticesPerPerson(reply) == 1
        jobs() == 0
    }

    String firstPost(UUID thread) {
        app.bean(TransactionOperations).executeRead { status ->
            app.bean(JdbcOperations).prepareStatement('SELECT id FROM discussion_post WHERE thread_id = ? ORDER BY created_at LIMIT 1') { ps ->
                ps.setObject(1, thread)
                def rs = ps.executeQuery()
                rs.next()
                rs.getString(1)
            }
        }
    }

    def "a job left by a crash is run by the sweep, once, and telling again never doubles a notice"() {
        given: 'a mentioned member, and a job written as if the node died right after the commit'
        def member = Accounts.invited(app, admin, 'member')
        UUID memberId = UUID.fromString(member.get('/api/me').json.id as String)
        def discussions = app.bean(DiscussionService)
        UUID thread = discussions.createThread(caller(adminId), new CreateThreadCommand(UUID.randomUUID().toString(), THEME, 'discussion',
                'Après la panne', 'Bonjour', null)).result().threadId as UUID
        UUID post = UUID.fromString(firstPost(thread))
        def payload = """{"authorId":"${adminId}","authorName":"Admin","theme":"${THEME}","threadId":"${thread}","title":"Après la panne",
            "postId":"${post}","opening":false,"followersToo":false,"mentioned":["${memberId}"]}""".toString()
        sql("INSERT INTO discussion_notice_job (id, payload, created_at) VALUES (gen_random_uuid(), ?::jsonb, now() - interval '1 minute')", [payload])
        sql("INSERT INTO discussion_notice_job (id, payload, created_at) VALUES (gen_random_uuid(), ?::jsonb, now() - interval '1 minute')", [payload])

        when:
        int swept = app.bean(DiscussionNotices).sweep()

        then: 'both rows are done, and the member has one notice of the post'
        swept == 2
        jobs() == 0
        sql("SELECT count(*) FROM notification WHERE recipient_id = ? AND data->>'postId' = ?", [memberId, post.toString()]) == 1
        app.bean(DiscussionNotices).sweep() == 0
    }

    def "a job that keeps failing is retried by the sweep, at most ten times, and blocks nothing else"() {
        given:
        sql("INSERT INTO discussion_notice_job (id, payload, created_at) VALUES (gen_random_uuid(), '{\"postId\": 12}'::jsonb, now() - interval '1 minute')")

        when:
        11.times { app.bean(DiscussionNotices).sweep() }

        then:
        sql("SELECT max(attempts) FROM discussion_notice_job") == 10
        app.bean(DiscussionNotices).sweep() == 0

        cleanup:
        sql('DELETE FROM discussion_notice_job')
    }
}

package fr.maillage.discussion

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Search reads the newest posts window by window (DiscussionSearch.WINDOWS): a match is found
 * in whichever window it lies, a common word answers with the newest posts, and a deleted post
 * stays hidden everywhere.
 */
class SearchWindowsSpec extends Specification {
    static final int POSTS = 60_000

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    def member = Accounts.invited(app, admin, 'member')

    def setupSpec() {
        assert DiscussionSearch.WINDOWS == [5_000, 50_000] as int[]: 'the positions below straddle these windows'
        def writer = LiveClient.connect(app.baseUrl, admin)
        def ack = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                  theme: 'vie-du-reseau', kind: 'discussion', title: 'Archives', body: 'Le fil des archives.'])
        writer.close()
        assert ack.type == 'ack'
        // Post n (1 = newest) says "banal message n"; a few carry a rare word.
        app.bean(TransactionOperations).executeWrite {
            app.bean(JdbcOperations).prepareStatement("""
                INSERT INTO discussion_post (id, thread_id, author_id, body, html, created_at, deleted_at)
                SELECT gen_random_uuid(), ?, t.author_id,
                       CASE g WHEN 100 THEN 'mistral du matin' WHEN 20000 THEN 'alizé du soir'
                              WHEN 55000 THEN 'zéphyr de la nuit' WHEN 30000 THEN 'sirocco effacé'
                              ELSE 'banal message ' || g END,
                       '<p>x</p>', now() - (g || ' seconds')::interval,
                       CASE WHEN g = 30000 THEN now() END
                FROM generate_series(1, ${POSTS}) g, discussion_thread t WHERE t.id = ?
                """) { ps ->
                ps.setObject(1, UUID.fromString(ack.result.threadId as String))
                ps.setObject(2, UUID.fromString(ack.result.threadId as String))
                ps.executeUpdate()
            }
        }
        app.bean(TransactionOperations).executeWrite {
            app.bean(JdbcOperations).prepareStatement('ANALYZE discussion_post') { ps -> ps.execute() }
        }
    }

    List<String> bodies(String q) {
        def reply = member.get("/api/search?q=${URLEncoder.encode(q, 'UTF-8')}")
        assert reply.status == 200: reply
        reply.json.hits*.extract.collect { (it as String).replaceAll('</?mark>', '') }
    }

    def "a rare word is found in the #window window"() {
        expect:
        bodies(word) == [body]

        where:
        window               | word     || body
        'first (newest)'     | 'mistral' || 'mistral du matin'
        'second'             | 'alize'   || 'alizé du soir'
        'last (all older)'   | 'zephyrs' || 'zéphyr de la nuit'
    }

    def "a deleted post is never found, whatever its window"() {
        expect:
        bodies('sirocco').isEmpty()
    }

    def "a common word answers with the newest posts"() {
        given: "the creation time of the oldest post a common word may answer with"
        def oldestAllowed = app.bean(TransactionOperations).executeRead {
            app.bean(JdbcOperations).prepareStatement(
                    "SELECT created_at FROM discussion_post WHERE body LIKE 'banal%' ORDER BY created_at DESC OFFSET ? LIMIT 1") { ps ->
                ps.setInt(1, DiscussionSearch.CANDIDATES - 1)
                def rs = ps.executeQuery(); rs.next(); rs.getTimestamp(1).toInstant()
            }
        }

        when:
        def reply = member.get('/api/search?q=banal')

        then:
        reply.json.hits.size() == DiscussionSearch.PAGE
        reply.json.hits.every { !java.time.Instant.parse(it.createdAt as String).isBefore(oldestAllowed) }
    }
}

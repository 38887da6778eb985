package fr.maillage.discussion

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/** Solved questions, deletion, moderation, unread counts, mentions, follow levels, themes. */
class ModerationSpec extends Specification {
    static final String STREAM = 'theme:vie-du-reseau'
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    def facilitator = Accounts.invited(app, admin, 'facilitator')
    @Shared
    def member = Accounts.invited(app, admin, 'member')
    @Shared
    def other = Accounts.invited(app, admin, 'member')
    @Shared
    def guest = Accounts.invited(app, admin, 'guest')
    @Shared
    Map<Object, LiveClient> sockets = [:]
    def conditions = new PollingConditions(timeout: 10)

    def cleanupSpec() {
        sockets.values()*.close()
    }

    LiveClient live(def who) {
        sockets.computeIfAbsent(who) { LiveClient.connect(app.baseUrl, who) }
    }

    Map cmd(def who, Map frame) {
        live(who).command([idempotencyKey: UUID.randomUUID().toString()] + frame)
    }

    Map question(def who, String kind = 'question') {
        def ack = cmd(who, [type: 'discussion.create_thread', theme: 'vie-du-reseau', kind: kind, title: 'Une question', body: 'Laquelle ?'])
        assert ack.type == 'ack': ack
        ack.result
    }

    String reply(def who, def threadId, String body = 'une réponse') {
        def ack = cmd(who, [type: 'discussion.reply', threadId: threadId, body: body])
        assert ack.type == 'ack': ack
        ack.result.postId
    }

    Map thread(def who, def id) {
        who.get("/api/threads/${id}").json
    }

    def "the author marks the answer that solved the question, live for readers, and may reopen it"() {
        given:
        def watcher = live(other)
        watcher.answer(watcher.subscribe(STREAM))
        def q = question(member)
        def answer = reply(other, q.threadId)

        when:
        def ack = cmd(member, [type: 'discussion.mark_solved', threadId: q.threadId, postId: answer])

        then:
        ack.type == 'ack'
        thread(member, q.threadId).thread.solvedPostId == answer
        conditions.eventually {
            assert watcher.eventsOf(STREAM).find { it.type == 'discussion.thread_updated' && it.thread.id == q.threadId && it.thread.solved }
        }

        when:
        cmd(member, [type: 'discussion.mark_solved', threadId: q.threadId, postId: null])

        then:
        !thread(member, q.threadId).thread.solved
    }

    def "marking solved is refused: #what"() {
        given:
        def q = question(member, kind)
        def foreign = reply(member, question(member).threadId)
        def postId = useForeignPost ? foreign : reply(other, q.threadId)

        when:
        def ack = cmd(actor(), [type: 'discussion.mark_solved', threadId: q.threadId, postId: postId])

        then:
        ack.type == 'error'
        ack.problem.type == problem

        where:
        what                          | kind         | useForeignPost | actor           || problem
        'by another member'           | 'question'   | false          | { other }       || '/problems/forbidden'
        'on a discussion'             | 'discussion' | false          | { member }      || '/problems/conflict'
        'with a post of another thread'| 'question'  | true           | { member }      || '/problems/validation'
        'by a guest'                  | 'question'   | false          | { guest }       || '/problems/not-found'
    }

    def "a facilitator may also mark a question solved"() {
        given:
        def q = question(member)
        def answer = reply(other, q.threadId)

        expect:
        cmd(facilitator, [type: 'discussion.mark_solved', threadId: q.threadId, postId: answer]).type == 'ack'
    }

    def "deleting the accepted answer reopens the question, and readers are told"() {
        given:
        def watcher = LiveClient.connect(app.baseUrl, other)
        watcher.answer(watcher.subscribe(STREAM))
        def q = question(member)
        def answer = reply(other, q.threadId)
        cmd(member, [type: 'discussion.mark_solved', threadId: q.threadId, postId: answer])

        when:
        cmd(other, [type: 'discussion.delete_post', postId: answer])

        then:
        !thread(member, q.threadId).thread.solved
        conditions.eventually {
            def updates = watcher.eventsOf(STREAM).findAll { it.type == 'discussion.thread_updated' && it.thread.id == q.threadId }
            assert updates.size() == 2 && !updates.last().thread.solved
        }

        cleanup:
        watcher?.close()
    }

    def "a deleted post stays as a tombstone, and only its author or a facilitator deletes it"() {
        given:
        def q = question(member)
        def mine = reply(member, q.threadId, 'à supprimer')
        def theirs = reply(other, q.threadId, 'pas à moi')

        expect:
        cmd(member, [type: 'discussion.delete_post', postId: theirs]).problem.type == '/problems/forbidden'
        cmd(member, [type: 'discussion.delete_post', postId: mine]).type == 'ack'
        cmd(member, [type: 'discussion.delete_post', postId: mine]).problem.type == '/problems/conflict'
        cmd(facilitator, [type: 'discussion.delete_post', postId: theirs]).type == 'ack'

        and:
        def posts = thread(member, q.threadId).posts
        posts.size() == 3
        posts.findAll { it.deleted }*.id.toSet() == [mine, theirs].toSet()
        posts.findAll { it.deleted }.every { it.body == '' && it.html == '' }

        and: "a reader replaying the stream no longer gets their text either"
        fr.maillage.support.Rows.count(app, "SELECT count(*) FROM stream_event WHERE payload::text LIKE ?", '%à supprimer%') == 0
        fr.maillage.support.Rows.count(app, "SELECT count(*) FROM stream_event WHERE payload::text LIKE ?", '%pas à moi%') == 0
        fr.maillage.support.Rows.count(app, "SELECT count(*) FROM stream_event WHERE payload -> 'post' ->> 'id' = ? AND (payload -> 'post' ->> 'deleted')::boolean", mine) >= 2
    }

    def "facilitators pin and lock; a locked thread takes replies from facilitators only"() {
        given:
        def q = question(member)

        expect:
        cmd(member, [type: 'discussion.moderate_thread', threadId: q.threadId, pinned: true]).problem.type == '/problems/forbidden'
        cmd(facilitator, [type: 'discussion.moderate_thread', threadId: q.threadId, pinned: true, locked: true]).type == 'ack'
        thread(member, q.threadId).thread.pinned
        thread(member, q.threadId).thread.locked
        member.get('/api/themes/vie-du-reseau/threads').json.threads[0].id == q.threadId
        cmd(member, [type: 'discussion.reply', threadId: q.threadId, body: 'encore']).problem.type == '/problems/conflict'
        cmd(facilitator, [type: 'discussion.reply', threadId: q.threadId, body: 'clos']).type == 'ack'
        cmd(facilitator, [type: 'discussion.moderate_thread', threadId: q.threadId]).problem.type == '/problems/validation'
    }

    def "moving a thread tells both themes' streams and the thread follows"() {
        given:
        def watcherOld = LiveClient.connect(app.baseUrl, other)
        def watcherNew = LiveClient.connect(app.baseUrl, other)
        watcherOld.answer(watcherOld.subscribe(STREAM))
        watcherNew.answer(watcherNew.subscribe('theme:entraide-et-accueil'))
        def q = question(member)

        when:
        def ack = cmd(admin, [type: 'discussion.moderate_thread', threadId: q.threadId, theme: 'entraide-et-accueil'])

        then:
        ack.type == 'ack'
        thread(member, q.threadId).thread.theme == 'entraide-et-accueil'
        conditions.eventually {
            assert watcherOld.eventsOf(STREAM).find { it.type == 'discussion.thread_moved' && it.thread.id == q.threadId && it.from == 'vie-du-reseau' }
            assert watcherNew.eventsOf('theme:entraide-et-accueil').find { it.type == 'discussion.thread_moved' && it.thread.theme == 'entraide-et-accueil' }
        }
        cmd(admin, [type: 'discussion.moderate_thread', threadId: q.threadId, theme: 'nope']).problem.type == '/problems/validation'

        cleanup:
        watcherOld?.close()
        watcherNew?.close()
    }

    def "unread counts rise with others' posts, fall when read, and stay at zero when muted"() {
        given:
        def reader = Accounts.invited(app, admin, 'member')
        def q = question(member)
        reply(other, q.threadId)

        expect: "the thread's two posts are unread for someone who never opened it"
        unreadThread(reader, q.threadId) == 2
        unreadTheme(reader) >= 2

        when:
        reader.post("/api/threads/${q.threadId}/read")

        then:
        unreadThread(reader, q.threadId) == 0

        when: "the author's own reply never counts for the author"
        reply(member, q.threadId)

        then:
        unreadThread(member, q.threadId) == 0
        unreadThread(reader, q.threadId) == 1

        when:
        reader.send('PUT', "/api/threads/${q.threadId}/follow", [level: 'muted'])

        then:
        unreadThread(reader, q.threadId) == 0
        reader.get('/api/themes/vie-du-reseau/threads').json.threads.find { it.id == q.threadId }.followLevel == 'muted'

        when:
        def bad = reader.send('PUT', '/api/themes/vie-du-reseau/follow', [level: 'loud'])
        def theme = reader.send('PUT', '/api/themes/vie-du-reseau/follow', [level: 'muted'])

        then:
        bad.status == 400
        theme.json.level == 'muted'
        unreadTheme(reader) == 0
        reader.get('/api/themes').json.find { it.slug == 'vie-du-reseau' }.followLevel == 'muted'
    }

    int unreadThread(def who, def threadId) {
        who.get('/api/themes/vie-du-reseau/threads').json.threads.find { it.id == threadId }.unread
    }

    int unreadTheme(def who) {
        who.get('/api/themes').json.find { it.slug == 'vie-du-reseau' }.unread
    }

    def "mentions name people who can read the theme, found by the autocomplete without accents"() {
        given:
        def helene = Accounts.invited(app, admin, 'member')
        helene.patch('/api/me', [displayName: 'Hélène Dupré'])
        def heleneId = helene.get('/api/me').json.id
        def guestId = guest.get('/api/me').json.id
        def q = question(member)

        when:
        def found = member.get('/api/people?q=helene').json

        then:
        found*.displayName.contains('Hélène Dupré')

        when:
        def ack = cmd(member, [type: 'discussion.reply', threadId: q.threadId, body: 'Merci @Hélène Dupré', mentions: [heleneId]])
        def refused = cmd(member, [type: 'discussion.reply', threadId: q.threadId, body: 'et @Invité', mentions: [guestId]])
        def tooMany = cmd(member, [type: 'discussion.reply', threadId: q.threadId, body: 'tous', mentions: (1..21).collect { UUID.randomUUID() }])

        then:
        ack.type == 'ack'
        thread(member, q.threadId).posts.find { it.id == ack.result.postId }.mentions*.displayName == ['Hélène Dupré']
        refused.problem.violations*.field == ['mentions']
        tooMany.problem.type == '/problems/validation'
        member.get('/api/people?q=').status == 400
        app.client().get('/api/people?q=a').status == 401
    }

    def "a guest's autocomplete does not list other guests"() {
        given:
        def second = Accounts.invited(app, admin, 'guest')
        second.patch('/api/me', [displayName: 'Zoé Invitée'])

        expect:
        !guest.get('/api/people?q=zoe').json*.displayName.contains('Zoé Invitée')
        member.get('/api/people?q=zoe').json*.displayName.contains('Zoé Invitée')
    }

    def "administrators add, rename and archive themes; others may not"() {
        when:
        def created = admin.post('/api/themes', [slug: 'communs-numeriques', labelFr: 'Communs numériques', labelEn: 'Digital commons'])

        then:
        created.status == 201
        member.get('/api/themes').json*.slug.contains('communs-numeriques')
        question(member).threadId  // the seeded theme still works
        cmd(member, [type: 'discussion.create_thread', theme: 'communs-numeriques', kind: 'discussion', title: 'Premier fil', body: 'ok']).type == 'ack'

        and:
        admin.post('/api/themes', [slug: 'communs-numeriques', labelFr: 'x', labelEn: 'x']).status == 409
        admin.post('/api/themes', [slug: 'Pas Bon!', labelFr: 'x', labelEn: 'x']).json.violations*.field == ['slug']
        facilitator.post('/api/themes', [slug: 'autre-theme', labelFr: 'x', labelEn: 'x']).status == 403
        member.patch('/api/themes/communs-numeriques', [archived: true]).status == 403

        when:
        def renamed = admin.patch('/api/themes/communs-numeriques', [labelFr: 'Communs'])
        def archived = admin.patch('/api/themes/communs-numeriques', [archived: true])

        then:
        renamed.json.labelFr == 'Communs'
        archived.status == 200
        !member.get('/api/themes').json*.slug.contains('communs-numeriques')
        cmd(member, [type: 'discussion.create_thread', theme: 'communs-numeriques', kind: 'discussion', title: 'Trop tard', body: 'x']).problem.type == '/problems/not-found'
        admin.patch('/api/themes/inconnu', [labelFr: 'x']).status == 404
    }

    def "a facilitator opens one theme to a guest, and closing it cuts the guest's live feed"() {
        given:
        def visitor = Accounts.invited(app, admin, 'guest')
        def visitorId = visitor.get('/api/me').json.id
        def memberId = member.get('/api/me').json.id

        expect: "nothing before"
        visitor.get('/api/themes').json.isEmpty()
        member.send('PUT', "/api/themes/vie-du-reseau/guests/${visitorId}", null).status == 403
        facilitator.send('PUT', "/api/themes/vie-du-reseau/guests/${memberId}", null).status == 400
        facilitator.send('PUT', "/api/themes/nope/guests/${visitorId}", null).status == 404

        when:
        def added = facilitator.send('PUT', "/api/themes/vie-du-reseau/guests/${visitorId}", null)
        def feed = LiveClient.connect(app.baseUrl, visitor)

        then:
        added.status == 204
        visitor.get('/api/themes').json*.slug == ['vie-du-reseau']
        facilitator.get('/api/themes/vie-du-reseau/guests').json*.id == [visitorId]
        feed.answer(feed.subscribe(STREAM)).type == 'ack'

        when:
        def removed = facilitator.delete("/api/themes/vie-du-reseau/guests/${visitorId}")

        then:
        removed.status == 204
        conditions.eventually { assert feed.frames.find { it.type == 'unsubscribed' && it.stream == STREAM } }
        visitor.get('/api/themes/vie-du-reseau/threads').status == 404

        cleanup:
        feed?.close()
    }
}

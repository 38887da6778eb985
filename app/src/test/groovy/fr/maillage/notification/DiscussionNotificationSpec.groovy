package fr.maillage.notification

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Discussions tell people of mentions, replies to their posts, new posts and new threads,
 * following each person's level: following (everything), default (mentions and replies only),
 * muted (nothing), set on the thread or, failing that, on the theme.
 */
class DiscussionNotificationSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    def writer = Accounts.invited(app, admin, 'member')
    @Shared
    def facilitator = Accounts.invited(app, admin, 'facilitator')
    @Shared
    Map<Object, LiveClient> sockets = [:]

    def cleanupSpec() {
        sockets.values()*.close()
    }

    LiveClient live(def who) {
        sockets.computeIfAbsent(who) { LiveClient.connect(app.baseUrl, who) }
    }

    Map cmd(def who, Map frame) {
        live(who).command([idempotencyKey: UUID.randomUUID().toString()] + frame)
    }

    Map createThread(def who, List mentions = null, String theme = THEME) {
        def ack = cmd(who, [type: 'discussion.create_thread', theme: theme, kind: 'discussion', title: 'Un fil', body: 'Bonjour', mentions: mentions])
        assert ack.type == 'ack': ack
        ack.result
    }

    String reply(def who, def threadId, Map options = [:]) {
        def ack = cmd(who, [type: 'discussion.reply', threadId: threadId, body: 'Une réponse'] + options)
        assert ack.type == 'ack': ack
        ack.result.postId
    }

    String idOf(def who) {
        who.get('/api/me').json.id
    }

    List<Map> notices(def who) {
        who.get('/api/notifications?limit=100').json.items
    }

    void follow(def who, String target, def threadId, String level) {
        def path = target == 'thread' ? "/api/threads/${threadId}/follow" : "/api/themes/${THEME}/follow"
        assert who.send('PUT', path, [level: level], [:]).status == 200
    }

    def "#scenario with the #target level #level: #expected"() {
        given:
        def reader = Accounts.invited(app, admin, 'member')
        def readerId = idOf(reader)
        def thread = createThread(scenario == 'a reply in their thread' ? reader : admin)
        def readerPost = scenario == 'a reply to their post' ? reply(reader, thread.threadId) : null
        follow(reader, target, thread.threadId, level)
        def before = notices(reader)*.id

        when:
        def postId = null
        switch (scenario) {
            case 'a mention': postId = reply(writer, thread.threadId, [mentions: [readerId]]); break
            case 'a reply to their post': postId = reply(writer, thread.threadId, [replyTo: readerPost]); break
            case 'a reply in their thread':
            case 'a new post in the thread': postId = reply(writer, thread.threadId); break
            case 'a new thread in the theme': def created = createThread(writer); postId = created.postId; thread = created; break
        }
        def fresh = notices(reader).findAll { !(it.id in before) }

        then:
        fresh*.kind == (expected == 'nothing' ? [] : [expected])
        fresh.every { it.link == "/threads/${thread.threadId}" && it.data.postId == postId && it.data.title == 'Un fil' && it.data.theme == THEME }

        where:
        scenario                    | target   | level       || expected
        'a mention'                 | 'thread' | 'following' || 'discussion.mentioned'
        'a mention'                 | 'thread' | 'default'   || 'discussion.mentioned'
        'a mention'                 | 'thread' | 'muted'     || 'nothing'
        'a mention'                 | 'theme'  | 'following' || 'discussion.mentioned'
        'a mention'                 | 'theme'  | 'default'   || 'discussion.mentioned'
        'a mention'                 | 'theme'  | 'muted'     || 'nothing'
        'a reply to their post'     | 'thread' | 'following' || 'discussion.replied'
        'a reply to their post'     | 'thread' | 'default'   || 'discussion.replied'
        'a reply to their post'     | 'thread' | 'muted'     || 'nothing'
        'a reply to their post'     | 'theme'  | 'following' || 'discussion.replied'
        'a reply to their post'     | 'theme'  | 'default'   || 'discussion.replied'
        'a reply to their post'     | 'theme'  | 'muted'     || 'nothing'
        'a reply in their thread'   | 'thread' | 'following' || 'discussion.replied'
        'a reply in their thread'   | 'thread' | 'default'   || 'discussion.replied'
        'a reply in their thread'   | 'thread' | 'muted'     || 'nothing'
        'a reply in their thread'   | 'theme'  | 'muted'     || 'nothing'
        'a new post in the thread'  | 'thread' | 'following' || 'discussion.posted'
        'a new post in the thread'  | 'thread' | 'default'   || 'nothing'
        'a new post in the thread'  | 'thread' | 'muted'     || 'nothing'
        'a new post in the thread'  | 'theme'  | 'following' || 'discussion.posted'
        'a new post in the thread'  | 'theme'  | 'default'   || 'nothing'
        'a new post in the thread'  | 'theme'  | 'muted'     || 'nothing'
        'a new thread in the theme' | 'theme'  | 'following' || 'discussion.thread_created'
        'a new thread in the theme' | 'theme'  | 'default'   || 'nothing'
        'a new thread in the theme' | 'theme'  | 'muted'     || 'nothing'
    }

    def "a thread's own level beats its theme's: #themeLevel theme, #threadLevel thread: #expected"() {
        given:
        def reader = Accounts.invited(app, admin, 'member')
        def thread = createThread(admin)
        follow(reader, 'theme', null, themeLevel)
        follow(reader, 'thread', thread.threadId, threadLevel)

        when:
        reply(writer, thread.threadId)

        then:
        notices(reader)*.kind == (expected == 'nothing' ? [] : [expected])

        where:
        themeLevel  | threadLevel || expected
        'muted'     | 'following' || 'discussion.posted'
        'following' | 'muted'     || 'nothing'
        // default on a thread means "as its theme"
        'following' | 'default'   || 'discussion.posted'
    }

    def "one notice per person and post, the mention first, and never for one's own post"() {
        given:
        def reader = Accounts.invited(app, admin, 'member')
        def readerId = idOf(reader)
        def thread = createThread(admin)
        def readerPost = reply(reader, thread.threadId)
        follow(reader, 'thread', thread.threadId, 'following')
        follow(writer, 'theme', null, 'following')
        def writerBefore = notices(writer)*.id

        when: "the writer mentions the reader and themself, in reply to the reader, in a followed thread"
        reply(writer, thread.threadId, [replyTo: readerPost, mentions: [readerId, idOf(writer)]])
        def own = createThread(writer, [idOf(writer)])
        reply(writer, own.threadId)

        then:
        notices(reader)*.kind == ['discussion.mentioned']
        notices(writer).findAll { !(it.id in writerBefore) }.isEmpty()

        cleanup:
        follow(writer, 'theme', null, 'default')
    }

    def "an edit that adds a mention tells only the newly mentioned, once"() {
        given:
        def first = Accounts.invited(app, admin, 'member')
        def second = Accounts.invited(app, admin, 'member')
        def thread = createThread(admin)
        def postId = reply(writer, thread.threadId, [mentions: [idOf(first)]])

        when:
        def edit = { List mentions -> cmd(writer, [type: 'discussion.edit_post', postId: postId, body: 'Corrigé', mentions: mentions]) }
        assert edit([idOf(first), idOf(second)]).type == 'ack'
        assert edit([idOf(second)]).type == 'ack'
        assert edit([idOf(first), idOf(second)]).type == 'ack'

        then:
        notices(first)*.kind == ['discussion.mentioned']
        notices(second)*.kind == ['discussion.mentioned']
    }

    def "reading the thread marks its notices read"() {
        given:
        def reader = Accounts.invited(app, admin, 'member')
        def thread = createThread(admin)
        reply(writer, thread.threadId, [mentions: [idOf(reader)]])
        assert reader.get('/api/notifications').json.unread == 1

        when:
        reader.post("/api/threads/${thread.threadId}/read", [:])

        then:
        reader.get('/api/notifications').json.unread == 0
        notices(reader)[0].readAt != null
    }

    def "a refused post notifies nobody"() {
        given:
        def reader = Accounts.invited(app, admin, 'member')
        def outsider = Accounts.invited(app, admin, 'guest')
        def thread = createThread(admin)
        follow(reader, 'thread', thread.threadId, 'following')

        when: "the post mentions a guest who cannot read the theme, so it is refused"
        def refused = cmd(writer, [type: 'discussion.reply', threadId: thread.threadId, body: 'x', mentions: [idOf(reader), idOf(outsider)]])

        then:
        refused.type == 'error'
        notices(reader).isEmpty()
        notices(outsider).isEmpty()
    }

    def "a guest is never notified of a theme it can no longer read"() {
        given:
        def guest = Accounts.invited(app, admin, 'guest')
        def guestId = idOf(guest)
        assert facilitator.send('PUT', "/api/themes/${THEME}/guests/${guestId}", null, [:]).status == 204
        def thread = createThread(admin)
        def guestPost = reply(guest, thread.threadId)
        follow(guest, 'theme', null, 'following')

        when: "while invited, it hears of a reply"
        reply(writer, thread.threadId, [replyTo: guestPost])

        then:
        notices(guest)*.kind == ['discussion.replied']

        when: "once the theme is closed to it, neither replies nor new threads reach it"
        assert facilitator.delete("/api/themes/${THEME}/guests/${guestId}").status == 204
        reply(writer, thread.threadId, [replyTo: guestPost])
        createThread(writer)

        then:
        notices(guest)*.kind == ['discussion.replied']
    }
}

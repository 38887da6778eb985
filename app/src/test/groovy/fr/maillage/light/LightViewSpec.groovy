package fr.maillage.light

import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand
import fr.maillage.discussion.DiscussionFrames.ReplyCommand
import fr.maillage.discussion.DiscussionService
import fr.maillage.notification.EmailCallers
import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** The light view: plain HTML without JavaScript, in one request, with the person's session. */
class LightViewSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient member = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient facilitator = Accounts.invited(app, admin, 'facilitator')
    @Shared
    ApiClient guest = Accounts.invited(app, admin, 'guest')

    static UUID idOf(ApiClient client) {
        UUID.fromString(client.get('/api/me').json.id as String)
    }

    /** A thread of 50 posts of ordinary length (about 280 characters, with a little Markdown). */
    @Shared
    UUID thread

    def setupSpec() {
        def callers = app.bean(EmailCallers)
        def discussions = app.bean(DiscussionService)
        UUID author = idOf(member)
        thread = discussions.createThread(callers.of(author), new CreateThreadCommand(UUID.randomUUID().toString(), 'vie-du-reseau',
                'discussion', 'Cinquante messages', 'Message numéro 1 : ' + 'un tiers-lieu **rural** et ses usages, '.multiply(6), null)).result().threadId as UUID
        (2..50).each { n ->
            discussions.reply(callers.of(author), new ReplyCommand(UUID.randomUUID().toString(), thread,
                    "Message numéro ${n} : " + 'un tiers-lieu **rural** et ses usages, '.multiply(6), null, null))
        }
    }

    def "a 50-post thread is one page of HTML under 30 KB, without script, with every post and a link back to the full view"() {
        when:
        def page = member.get("/light/threads/${thread}", [Accept: 'text/html'])

        then:
        page.status == 200
        page.contentType.startsWith('text/html')
        page.raw.body().getBytes('UTF-8').length < 30 * 1024
        !page.text.toLowerCase().contains('<script')
        (1..50).every { page.text.contains("Message numéro ${it} :") }
        page.text.contains('<strong>rural</strong>')
        page.text.contains("href=\"/threads/${thread}\"")
        page.text.contains('<html lang="fr">')
    }

    def "the theme's thread list and the theme list link to the light threads"() {
        when:
        def theme = member.get('/light/themes/vie-du-reseau', [Accept: 'text/html'])
        def themes = member.get('/light/themes', [Accept: 'text/html'])

        then:
        theme.status == 200
        theme.text.contains("href=\"/light/threads/${thread}\"")
        theme.text.contains('Cinquante messages')
        themes.status == 200
        themes.text.contains('href="/light/themes/vie-du-reseau"')
    }

    def "a session occurrence reads as plain HTML in the reader's zone"() {
        given:
        def series = facilitator.post('/api/peer-sessions/series', [theme: 'vie-du-reseau', title: 'Café des tiers-lieux', format: 'online',
                durationMinutes: 60, timeZone: 'Europe/Paris', firstStart: '2027-03-10T10:00:00', recurrence: 'once', description: 'Entre pairs'])
        assert series.status == 201: series.toString()
        def occurrence = series.json.occurrences[0].id

        when:
        def page = member.get("/light/sessions/${occurrence}", [Accept: 'text/html'])

        then:
        page.status == 200
        page.text.contains('Café des tiers-lieux')
        page.text.contains('Entre pairs')
        page.text.contains('10 mars 2027')
        page.text.contains("href=\"/sessions/occurrences/${occurrence}\"")
    }

    def "without a session the light view sends to sign-in; what one may not read is a 404 page"() {
        when:
        def anonymous = app.client().get("/light/threads/${thread}", [Accept: 'text/html'])
        def hidden = guest.get("/light/threads/${thread}", [Accept: 'text/html'])
        def unknown = member.get("/light/threads/${UUID.randomUUID()}", [Accept: 'text/html'])

        then:
        anonymous.status == 303
        anonymous.header('Location') == '/login'
        hidden.status == 404
        !hidden.text.contains('Cinquante')
        unknown.status == 404
        unknown.contentType.startsWith('text/html')
    }
}

package fr.maillage.core

import fr.maillage.core.error.ProblemException
import fr.maillage.core.web.DisplayText
import fr.maillage.peersession.SeriesRulesSpec
import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Names and titles refuse control characters, bidi overrides and invisible-only text (issue 14). */
class DisplayTextSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()

    def "#why is refused with #code"() {
        when:
        DisplayText.require('displayName', text)

        then:
        def e = thrown(ProblemException)
        e.problem().violations()[0].message().startsWith(code)

        where:
        why                           | text                        || code
        'a line feed'                 | 'Ana\nAdmin'                || 'text.control'
        'a NUL'                       | 'Ana\u0000'                 || 'text.control'
        'a right-to-left override'    | 'Ana \u202Egpj.exe'         || 'text.bidi'
        'a left-to-right isolate'     | '\u2066Ana'                 || 'text.bidi'
        'zero-width spaces only'      | '\u200B\u200B'              || 'text.invisible'
        'a Hangul filler only'        | '\u3164'                    || 'text.invisible'
        'blanks only'                 | ' \u00A0\u2003 '            || 'text.invisible'
        'a combining mark only'       | '\u0301'                    || 'text.invisible'
    }

    def "#text is accepted as #expected"() {
        expect:
        DisplayText.require('title', text) == expected

        where:
        text                        || expected
        '  Gwenaëlle Le Floc’h '    || 'Gwenaëlle Le Floc’h'
        'محمد العربي'               || 'محمد العربي'
        'Financer un tiers-lieu 🚀' || 'Financer un tiers-lieu 🚀'
    }

    def "identity, discussion and peer sessions all refuse a bidi override"() {
        given:
        def admin = Accounts.administrator(app)
        def live = LiveClient.connect(app.baseUrl, admin)
        long threads = Rows.count(app, 'SELECT count(*) FROM discussion_thread')
        long series = Rows.count(app, 'SELECT count(*) FROM session_series')

        when:
        def profile = admin.patch('/api/me', [displayName: 'Ada \u202Enimda'])
        def thread = live.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                   theme: 'vie-du-reseau', kind: 'question', title: '\u200B\u200B\u200B', body: 'Bonjour'])
        def session = admin.post('/api/peer-sessions/series', SeriesRulesSpec.valid(title: 'Rencontre\u0007'))

        then:
        profile.status == 400
        profile.json.violations[0].field == 'displayName'
        thread.type == 'error'
        thread.problem.violations[0].message.startsWith('text.invisible')
        session.status == 400
        session.json.violations[0].message.startsWith('text.control')
        Rows.count(app, 'SELECT count(*) FROM discussion_thread') == threads
        Rows.count(app, 'SELECT count(*) FROM session_series') == series
        admin.get('/api/me').json.displayName == 'Ada Admin'

        cleanup:
        live?.close()
    }
}

package fr.maillage.peersession

import com.icegreen.greenmail.util.GreenMail
import com.icegreen.greenmail.util.ServerSetup
import fr.maillage.notification.NotificationMailer
import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import jakarta.mail.Multipart
import jakarta.mail.Part
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Instant

/**
 * Session e-mails (issue 19): what happened, the title, the time in the reader's zone and the
 * organiser's, the room, and the occurrence as an .ics invitation that ical.js reads back at
 * the right instant. Reminders leave at their time, not in the next digest, and one held by
 * quiet hours until the session began is never sent.
 */
class SessionMailSpec extends Specification {
    static final String THEME = 'vie-du-reseau'
    @Shared
    int smtpPort = TestApp.freePort()
    @Shared
    @AutoCleanup('stop')
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, '127.0.0.1', ServerSetup.PROTOCOL_SMTP)).tap { start() }
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-03-01T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock, properties: [
            'maillage.mail.smtp.host'                    : '127.0.0.1',
            'maillage.mail.smtp.port'                    : smtpPort,
            'maillage.mail.smtp.starttls'                : false,
            'maillage.mail.poll-interval'                : '200ms',
            'maillage.notification.mail-poll-interval'   : '1h',
            'maillage.identity.session-ttl'              : '365d',
            'maillage.identity.session-max-lifetime'     : '365d'])
    @Shared
    ApiClient admin
    @Shared
    ApiClient facilitator
    @Shared
    int people = 0
    PollingConditions conditions = new PollingConditions(timeout: 20, delay: 0.2)

    def setupSpec() {
        admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
    }

    Map member(String zone, Map preferences = null) {
        String email = "lecteur-${++people}@example.org"
        def client = Accounts.invited(app, admin, 'member', email)
        assert client.patch('/api/me', [timeZone: zone]).status == 200
        if (preferences) {
            assert client.send('PUT', '/api/notifications/preferences', preferences, [:]).status == 200
        }
        [client: client, email: email]
    }

    /** The mails to that person, their invitation to join left out. */
    List<Map> mailsTo(String email) {
        admin.get('/api/admin/outbox').json.findAll { it.to == email && !it.subject.startsWith('Invitation') }
    }

    Map once(String title, String firstStart) {
        def reply = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: title, format: 'online', durationMinutes: 60,
                timeZone: 'Europe/Paris', firstStart: firstStart, recurrence: 'once'])
        assert reply.status == 201: reply.toString()
        reply.json.occurrences[0] as Map
    }

    def "the moved-session e-mail to a reader in #zone holds the new time (#local), the organiser's, the room and a REQUEST .ics"() {
        given: 'a session on Friday 27 March 10:00 in Paris (winter time), moved after the change to summer time'
        clock.set(Instant.parse('2026-03-01T09:00:00Z'))
        def reader = member(zone)
        def occurrence = once("Déplacée ${zone}", '2026-03-27T10:00:00')
        reader.client.send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])

        when: 'moved to Thursday 2 April 10:00 in Paris (08:00 UTC); the digest leaves the next morning'
        assert facilitator.post("/api/peer-sessions/occurrences/${occurrence.id}/move", [start: '2026-04-02T10:00:00']).status == 200
        clock.set(Instant.parse('2026-03-02T10:00:00Z'))
        app.bean(NotificationMailer).run()
        def mails = mailsTo(reader.email)

        then:
        mails.size() == 1
        def mail = mails[0]
        mail.textBody.contains("a été déplacée")
        mail.textBody.contains("Déplacée ${zone}")
        mail.textBody.contains("Quand : ${local} (${zone})")
        (zone == 'Europe/Paris') != mail.textBody.contains("Heure de l'organisation : jeudi 2 avril 2026 à 10:00 (Europe/Paris)")
        mail.textBody.contains('https://meet.jit.si/')
        mail.textBody.contains('.ics')

        and: 'the .ics is an invitation with the reader as attendee, read by ical.js at the new instant'
        mail.attachments.size() == 1
        mail.attachments[0].contentType == 'text/calendar; charset=UTF-8; method=REQUEST'
        def ics = mail.attachments[0].content as String
        ics.contains('METHOD:REQUEST\r\n')
        ics.replace('\r\n ', '').contains("mailto:${reader.email}")
        ics.contains('SEQUENCE:1\r\n')
        CalendarInteropSpec.icalJs(ics)*.start == ['2026-04-02T08:00:00Z']

        where:
        zone                | local
        'Europe/Paris'      | 'jeudi 2 avril 2026 à 10:00'
        'Pacific/Noumea'    | 'jeudi 2 avril 2026 à 19:00'
        'Pacific/Tahiti'    | 'mercredi 1 avril 2026 à 22:00'
        'Pacific/Marquesas' | 'mercredi 1 avril 2026 à 22:30'
        'Pacific/Gambier'   | 'mercredi 1 avril 2026 à 23:00'
        'America/Cayenne'   | 'jeudi 2 avril 2026 à 05:00'
        'America/Miquelon'  | 'jeudi 2 avril 2026 à 06:00'
        'Indian/Reunion'    | 'jeudi 2 avril 2026 à 12:00'
        'Indian/Mayotte'    | 'jeudi 2 avril 2026 à 11:00'
    }

    def "a session cancelled the day before is e-mailed at once with a CANCEL .ics, sent over SMTP as a calendar part"() {
        given:
        clock.set(Instant.parse('2026-05-04T09:00:00Z'))
        def reader = member('Indian/Reunion')
        def occurrence = once('Annulée', '2026-05-05T10:00:00')
        reader.client.send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])

        when:
        assert facilitator.post("/api/peer-sessions/occurrences/${occurrence.id}/cancel").status == 200
        app.bean(NotificationMailer).run()
        def mail = mailsTo(reader.email)[0]

        then:
        mail.subject.contains('annulée')
        mail.textBody.contains('mardi 5 mai 2026 à 12:00 (Indian/Reunion)')
        mail.attachments*.contentType == ['text/calendar; charset=UTF-8; method=CANCEL']
        mail.attachments[0].content.contains('METHOD:CANCEL\r\n')
        CalendarInteropSpec.icalJs(mail.attachments[0].content as String)*.status == ['CANCELLED']

        and: 'the SMTP message carries the text and the calendar file'
        conditions.eventually {
            assert smtp.receivedMessages.any { it.allRecipients*.toString().contains(reader.email) && it.subject.contains('annulée') }
        }
        def received = smtp.receivedMessages.find { it.allRecipients*.toString().contains(reader.email) && it.subject.contains('annulée') }
        def parts = flatten(received)
        parts.any { it.isMimeType('text/plain') && it.content.toString().contains('Indian/Reunion') }
        def calendar = parts.find { it.isMimeType('text/calendar') }
        calendar != null
        calendar.contentType.toLowerCase().contains('method=cancel')
        Part.ATTACHMENT.equalsIgnoreCase(calendar.disposition)
        calendar.inputStream.text.contains('STATUS:CANCELLED')
    }

    static List<Part> flatten(Part part) {
        if (part.content instanceof Multipart) {
            def multipart = part.content as Multipart
            return (0..<multipart.count).collectMany { flatten(multipart.getBodyPart(it)) }
        }
        [part]
    }

    def "a reminder is e-mailed at its time with its .ics; the one quiet hours hold until the session began is never sent"() {
        given: 'a session on Tuesday 10 March at 07:30 in Paris; one reader is quiet from 22:00 to 07:00'
        clock.set(Instant.parse('2026-03-08T09:00:00Z'))
        def quiet = member('Europe/Paris', [digest: 'daily', digestHour: 8, digestWeekday: 1, urgentImmediately: true, quietFrom: 22, quietTo: 7])
        def awake = member('Europe/Paris')
        def occurrence = once('Matinale', '2026-03-10T07:30:00')
        [quiet, awake].each { it.client.send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes']) }

        when: '24 h before (07:30 in Paris)'
        clock.set(Instant.parse('2026-03-09T06:30:30Z'))
        app.bean(SessionReminders).sendDue()
        app.bean(NotificationMailer).run()

        then: 'both get it at once, with the invitation'
        [quiet, awake].every { mailsTo(it.email).size() == 1 }
        mailsTo(awake.email)[0].subject.contains('Rappel')
        mailsTo(awake.email)[0].attachments[0].content.contains('METHOD:REQUEST')

        when: '1 h before (06:30 in Paris, within the quiet hours), then after the start, then after the 08:00 digest'
        clock.set(Instant.parse('2026-03-10T05:30:30Z'))
        app.bean(SessionReminders).sendDue()
        app.bean(NotificationMailer).run()
        def awakeAtOnce = mailsTo(awake.email).size()
        def quietAtOnce = mailsTo(quiet.email).size()
        clock.set(Instant.parse('2026-03-10T06:31:00Z'))
        app.bean(NotificationMailer).run()
        clock.set(Instant.parse('2026-03-10T07:05:00Z'))
        app.bean(NotificationMailer).run()

        then: 'the reader awake has the 1 h reminder at its time; the quiet reader keeps only the earlier one'
        awakeAtOnce == 2
        quietAtOnce == 1
        mailsTo(quiet.email).size() == 1
        mailsTo(awake.email).size() == 2
    }

    def "a seat given from the waiting list is e-mailed with the time in Tahiti and Paris and a REQUEST .ics"() {
        given: 'a one-seat session tomorrow; the seat holder and a reader in Tahiti who waits'
        clock.set(Instant.parse('2026-06-01T09:00:00Z'))
        def holder = member('Europe/Paris')
        def waiting = member('Pacific/Tahiti')
        def reply = facilitator.post('/api/peer-sessions/series', [theme: THEME, title: 'Une seule place', format: 'online', durationMinutes: 60,
                timeZone: 'Europe/Paris', firstStart: '2026-06-02T10:00:00', recurrence: 'once', capacity: 1])
        def occurrence = reply.json.occurrences[0]
        holder.client.send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes'])
        assert waiting.client.send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'yes']).json.seat == 'waiting'

        when: 'the holder gives up the seat; the digest goes out the next morning in Tahiti'
        holder.client.send('PUT', "/api/peer-sessions/occurrences/${occurrence.id}/rsvp", [answer: 'no'])
        clock.set(Instant.parse('2026-06-01T18:30:00Z'))
        app.bean(NotificationMailer).run()
        def mail = mailsTo(waiting.email).find { it.textBody.contains("Une place s'est libérée") }

        then:
        mail != null
        mail.textBody.contains('Une seule place')
        mail.textBody.contains('Quand : lundi 1 juin 2026 à 22:00 (Pacific/Tahiti)')
        mail.textBody.contains("Heure de l'organisation : mardi 2 juin 2026 à 10:00 (Europe/Paris)")
        (mail.attachments[0].content as String).replace('\r\n ', '').contains('PARTSTAT=ACCEPTED')
        CalendarInteropSpec.icalJs(mail.attachments[0].content as String)*.start == ['2026-06-02T08:00:00Z']
    }
}

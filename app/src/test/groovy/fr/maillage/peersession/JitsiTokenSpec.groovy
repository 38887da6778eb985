package fr.maillage.peersession

import fr.maillage.support.Accounts
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import groovy.json.JsonSlurper
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import java.time.Duration
import java.time.Instant

/** With JWT settings, a self-hosted Jitsi's link carries a token signed with the shared secret. */
class JitsiTokenSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-03-01T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock, properties: [
            'maillage.session.jitsi-base-url'  : 'https://visio.example.org/',
            'maillage.session.jitsi-jwt-app-id': 'maillage',
            'maillage.session.jitsi-jwt-secret': 'a-shared-secret-of-enough-length'])

    def "the room link holds an HS256 token for that room"() {
        given:
        def admin = Accounts.administrator(app)
        def facilitator = Accounts.invited(app, admin, 'facilitator')
        def o = facilitator.post('/api/peer-sessions/series', [theme: 'vie-du-reseau', title: 'Visio', format: 'hybrid', place: 'Cayenne',
                durationMinutes: 60, timeZone: 'America/Cayenne', firstStart: '2026-03-10T10:00:00', recurrence: 'once']).json.occurrences[0]
        clock.set(Instant.parse(o.startsAt).minus(Duration.ofMinutes(5)))

        when:
        String url = facilitator.get("/api/peer-sessions/occurrences/${o.id}").json.roomUrl
        def (room, token) = url.split('\\?jwt=')
        def (header, payload, signature) = token.split('\\.')
        def mac = Mac.getInstance('HmacSHA256')
        mac.init(new SecretKeySpec('a-shared-secret-of-enough-length'.bytes, 'HmacSHA256'))
        def claims = new JsonSlurper().parse(Base64.urlDecoder.decode(payload))

        then:
        room ==~ /https:\/\/visio\.example\.org\/Maillage-[0-9a-f]{32}/
        Base64.urlEncoder.withoutPadding().encodeToString(mac.doFinal("${header}.${payload}".getBytes('US-ASCII'))) == signature
        claims.iss == 'maillage'
        claims.room == room.substring(room.lastIndexOf('/') + 1)
        claims.sub == 'visio.example.org'
        claims.exp > clock.instant().epochSecond
    }
}

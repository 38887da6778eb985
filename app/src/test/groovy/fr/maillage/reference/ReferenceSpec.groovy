package fr.maillage.reference

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

/** The reference data speaks English to English readers, and the zone list is canonical. */
class ReferenceSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-12-03T12:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient anonymous = app.client()

    def "every territory has an English name, and the overseas ones are translated"() {
        when:
        def territories = anonymous.get('/api/reference/territories').json as List<Map>
        def byCode = territories.collectEntries { [it.code, it] }

        then:
        territories.size() == 24
        territories.every { it.nameEn }
        byCode['53'].name == 'Bretagne' && byCode['53'].nameEn == 'Brittany'
        byCode['03'].nameEn == 'French Guiana'
        byCode['987'].name == 'Polynésie française' && byCode['987'].nameEn == 'French Polynesia'
        byCode['988'].nameEn == 'New Caledonia'
    }

    def "every competence and métier has an English label of its own"() {
        when:
        def competences = admin.get('/api/reference/competences').json as List<Map>
        def bySlug = competences.collectEntries { [it.slug, it] }

        then:
        competences.size() == 25
        competences.every { it.labelEn && it.labelEn != it.labelFr }
        bySlug['fonds-europeens'].labelEn == 'European funds and calls for projects'
        bySlug['gestion-de-lieu'].family == 'metier' && bySlug['gestion-de-lieu'].labelEn == 'Running a third place'
    }

    def "the zone list holds canonical names only, without sign-in, sorted"() {
        when:
        def reply = anonymous.get('/api/reference/time-zones')
        def ids = (reply.json as List<Map>)*.id

        then:
        reply.status == 200
        ids.size() > 380
        ids == ids.toSorted()
        ids.toSet().size() == ids.size()
        ['Europe/Paris', 'Indian/Reunion', 'America/Cayenne', 'Pacific/Tahiti', 'Pacific/Marquesas', 'Pacific/Gambier',
         'Asia/Kolkata', 'America/Port_of_Spain'].every { it in ids }
        ['Asia/Calcutta', 'US/Eastern', 'Europe/Kiev', 'GMT', 'Etc/GMT+5', 'America/Buenos_Aires'].every { !(it in ids) }
        ids.every { it ==~ /[A-Z][A-Za-z_\-]+\/[A-Za-z0-9_\-\/+]+/ }
    }

    def "each zone carries its offset at the moment asked, daylight saving included"() {
        when: 'December'
        def winter = (anonymous.get('/api/reference/time-zones').json as List<Map>).collectEntries { [it.id, it.offsetMinutes] }

        and: 'July'
        clock.set(Instant.parse('2027-07-01T12:00:00Z'))
        def summer = (anonymous.get('/api/reference/time-zones').json as List<Map>).collectEntries { [it.id, it.offsetMinutes] }

        then:
        winter['Europe/Paris'] == 60 && summer['Europe/Paris'] == 120
        winter['Indian/Reunion'] == 240 && summer['Indian/Reunion'] == 240
        winter['Pacific/Marquesas'] == -570
        winter['Pacific/Gambier'] == -540
        winter['Pacific/Tahiti'] == -600
        winter['America/Miquelon'] == -180 && summer['America/Miquelon'] == -120
        winter['Asia/Kolkata'] == 330

        cleanup:
        clock.set(Instant.parse('2026-12-03T12:00:00Z'))
    }
}

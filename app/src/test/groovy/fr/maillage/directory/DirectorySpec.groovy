package fr.maillage.directory

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** Profiles, photos, the directory's search and filters, the map, and who sees what. */
class DirectorySpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: ['maillage.directory.page-size': 2])
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient facilitator = Accounts.invited(app, admin, 'facilitator')
    @Shared
    ApiClient alice = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient bruno = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient chloe = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient guest = Accounts.invited(app, admin, 'guest')

    static String idOf(ApiClient client) {
        client.get('/api/session').json.user.id
    }

    static Map profile(Map overrides = [:]) {
        [organisation: 'Tiers-lieu La Forge', organisationKind: 'association', metiers: ['gestion-de-lieu'],
         competences: [[slug: 'mecenat', mode: 'can_help'], [slug: 'fonds-europeens', mode: 'wants_to_learn']],
         pioneer: false, bio: 'Je finance des tiers-lieux ruraux.', availability: 'open', maxOpenRequests: 3,
         languages: ['fr', 'en'], showEmail: false] + overrides
    }

    static ApiClient.Reply put(ApiClient client, String path, Object body) {
        client.send('PUT', path, body)
    }

    static HttpResponse<byte[]> upload(ApiClient client, byte[] bytes, String type = 'image/png') {
        client.get('/api/session')
        def request = HttpRequest.newBuilder(URI.create(client.baseUrl + '/api/directory/me/photo'))
                .header('Content-Type', type).header('X-CSRF-Token', client.cookie('maillage_csrf'))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()
        client.http.send(request, HttpResponse.BodyHandlers.ofByteArray())
    }

    static byte[] png(int width, int height) {
        def image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB)
        def g = image.createGraphics()
        g.color = java.awt.Color.ORANGE
        g.fillRect(0, 0, width, height)
        g.dispose()
        def out = new ByteArrayOutputStream()
        ImageIO.write(image, 'png', out)
        out.toByteArray()
    }

    def setupSpec() {
        assert put(alice, '/api/directory/me', profile(displayName: 'Alice Martin', territoryCode: '53', pioneer: true, showEmail: true)).status == 200
        assert put(bruno, '/api/directory/me', profile(displayName: 'Bruno Hoarau', territoryCode: '04', organisation: 'Commune de Saint-Paul',
                organisationKind: 'collectivite', metiers: ['dialogue-territorial'], bio: 'Élu chargé de la participation.',
                competences: [[slug: 'participation-citoyenne', mode: 'can_help'], [slug: 'mecenat', mode: 'wants_to_learn']])).status == 200
        assert put(chloe, '/api/directory/me', profile(displayName: 'Chloé Wamytan', territoryCode: '988', pioneer: true, availability: 'paused',
                competences: [[slug: 'mecenat', mode: 'can_help']], bio: 'Financements et partenariats en Nouvelle-Calédonie.')).status == 200
        assert put(facilitator, "/api/directory/people/${idOf(alice)}/pioneer", [confirmed: true]).status == 200
        assert put(facilitator, "/api/directory/people/${idOf(chloe)}/pioneer", [confirmed: true]).status == 200
    }

    def "a member's profile round-trips and others see it without the hidden fields"() {
        when:
        def own = alice.get('/api/directory/me').json
        def seen = bruno.get("/api/directory/people/${idOf(alice)}").json
        def brunoSeen = alice.get("/api/directory/people/${idOf(bruno)}").json

        then:
        own.organisation == 'Tiers-lieu La Forge'
        own.metiers == ['gestion-de-lieu']
        own.competences == [[slug: 'mecenat', mode: 'can_help'], [slug: 'fonds-europeens', mode: 'wants_to_learn']]
        own.maxOpenRequests == 3
        own.pioneerDeclared
        own.pioneer
        own.languages == ['fr', 'en']
        own.territory.code == '53'
        own.initials == 'AM'
        !own.hasPhoto

        and: 'alice chose to show her e-mail; bruno did not'
        seen.email == own.email
        seen.email != null
        seen.maxOpenRequests == null
        brunoSeen.email == null
        brunoSeen.territory == [code: '04', name: 'La Réunion', kind: 'overseas_region']
        brunoSeen.initials == 'BH'
    }

    def "bad input (#why) gets problem+json and saves nothing"() {
        given:
        def before = bruno.get('/api/directory/me').json

        when:
        def reply = put(bruno, '/api/directory/me', profile(displayName: 'Changed Name') + change)

        then:
        reply.status == 400
        reply.problem
        reply.json.violations*.field.contains(field)
        bruno.get('/api/directory/me').json == before

        where:
        why                     | change                                                     || field
        'unknown competence'    | [competences: [[slug: 'astrologie', mode: 'can_help']]]    || 'competences'
        'unknown territory'     | [territoryCode: '999']                                     || 'territoryCode'
        'unknown métier'        | [metiers: ['mecenat']]                                     || 'metiers'
        'over-long bio'         | [bio: 'x' * 1001]                                          || 'bio'
        'over-long organisation'| [organisation: 'x' * 201]                                  || 'organisation'
        'unknown mode'          | [competences: [[slug: 'mecenat', mode: 'teaches']]]        || 'mode'
        'unknown kind'          | [organisationKind: 'club']                                 || 'organisationKind'
    }

    def "a photo must be an image and not too large; it is re-encoded as a square JPEG"() {
        expect:
        upload(alice, 'not an image at all'.bytes).statusCode() == 400
        upload(alice, new byte[60_001]).statusCode() == 413
        upload(alice, new byte[0]).statusCode() == 400
        !alice.get('/api/directory/me').json.hasPhoto

        when:
        def stored = upload(alice, png(400, 300))
        def fetched = bruno.http.send(HttpRequest.newBuilder(URI.create("${app.baseUrl}/api/directory/people/${idOf(alice)}/photo")).build(),
                HttpResponse.BodyHandlers.ofByteArray())
        def image = ImageIO.read(new ByteArrayInputStream(fetched.body()))

        then:
        stored.statusCode() == 204
        fetched.statusCode() == 200
        fetched.headers().firstValue('Content-Type').get().startsWith('image/jpeg')
        image.width == 256
        image.height == 256
        alice.get('/api/directory/me').json.hasPhoto
    }

    def "only a facilitator confirms a pioneer, and only a declared one"() {
        expect:
        put(bruno, "/api/directory/people/${idOf(alice)}/pioneer", [confirmed: true]).status == 403
        put(facilitator, "/api/directory/people/${idOf(bruno)}/pioneer", [confirmed: true]).status == 409
        !bruno.get("/api/directory/people/${idOf(bruno)}").json.pioneer
    }

    def "the directory searches #query and filters #filters"() {
        when:
        def reply = admin.get("/api/directory/people?${([q: query] + filters).findAll { it.value != null }.collect { k, v -> "${k}=${URLEncoder.encode(v as String, 'UTF-8')}" }.join('&')}")

        then:
        reply.status == 200
        reply.json.items*.displayName == expected

        where:
        query             | filters                                   || expected
        'mecenat'         | [:]                                       || ['Alice Martin', 'Bruno Hoarau']
        'financements'    | [:]                                       || ['Alice Martin', 'Chloé Wamytan']
        'elu'             | [:]                                       || ['Bruno Hoarau']
        'participations'  | [:]                                       || ['Bruno Hoarau']
        'forge'           | [:]                                       || ['Alice Martin', 'Chloé Wamytan']
        null              | [competence: 'mecenat', mode: 'can_help'] || ['Alice Martin', 'Chloé Wamytan']
        null              | [competence: 'mecenat', mode: 'wants_to_learn'] || ['Bruno Hoarau']
        null              | [metier: 'dialogue-territorial']          || ['Bruno Hoarau']
        null              | [territory: '988']                        || ['Chloé Wamytan']
        null              | [overseas: 'true']                        || ['Bruno Hoarau', 'Chloé Wamytan']
        null              | [pioneer: 'true']                         || ['Alice Martin', 'Chloé Wamytan']
        null              | [openToHelp: 'true']                      || ['Alice Martin']
        'nobody like this'| [:]                                       || []
    }

    def "results paginate"() {
        when:
        def first = admin.get('/api/directory/people?competence=mecenat').json
        def second = admin.get('/api/directory/people?competence=mecenat&page=2').json

        then:
        first.total == 3
        first.items.size() == 2
        second.items*.displayName == ['Chloé Wamytan']
        admin.get('/api/directory/people?page=0').status == 400
        admin.get('/api/directory/people?competence=astrologie').problem
    }

    def "the map counts members and pioneers of every territory, overseas included"() {
        when:
        def map = admin.get('/api/directory/map').json.collectEntries { [(it.code): it] }

        then:
        map.size() == 24
        map['53'].members == 1
        map['53'].pioneers == 1
        map['04'].members == 1
        map['04'].pioneers == 0
        map['988'].pioneers == 1
        map['987'].members == 0
    }

    def "a guest sees only the members of the themes it was invited to"() {
        given:
        def guestId = idOf(guest)
        assert admin.send('PUT', "/api/themes/vie-du-reseau/guests/${guestId}", null).status == 204
        assert put(bruno, '/api/themes/vie-du-reseau/follow', [level: 'following']).status == 200

        expect:
        guest.get('/api/directory/people').json.items*.displayName.contains('Bruno Hoarau')
        !guest.get('/api/directory/people').json.items*.displayName.contains('Alice Martin')
        guest.get("/api/directory/people/${idOf(alice)}").status == 404
        guest.http.send(HttpRequest.newBuilder(URI.create("${app.baseUrl}/api/directory/people/${idOf(alice)}/photo")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 404
        guest.get("/api/directory/people/${idOf(bruno)}").json.email == null
        guest.get('/api/directory/map').json.find { it.code == '53' }.members == 0
        bruno.get("/api/directory/people/${guestId}").status == 404
    }

    // Last: it adds a member with a territory, which the counts above do not expect.
    def "a new territory in the directory profile keeps the zone; the zone changes only when sent"() {
        given:
        ApiClient dora = Accounts.invited(app, admin, 'member')
        assert dora.send('PATCH', '/api/me', [timeZone: 'Europe/Paris']).status == 200

        when: 'she moves to La Réunion without taking its zone'
        def moved = put(dora, '/api/directory/me', profile(territoryCode: '04'))

        then:
        moved.status == 200
        dora.get('/api/me').json.territoryCode == '04'
        dora.get('/api/me').json.timeZone == 'Europe/Paris'

        when: 'she takes the zone the form proposed'
        def taken = put(dora, '/api/directory/me', profile(territoryCode: '04', timeZone: 'Indian/Reunion'))

        then:
        taken.status == 200
        dora.get('/api/me').json.timeZone == 'Indian/Reunion'

        when: 'a zone that is not one'
        def bad = put(dora, '/api/directory/me', profile(territoryCode: '987', timeZone: 'Mars/Olympus'))

        then: 'refused, and neither the territory nor the zone moved'
        bad.status == 400
        bad.json.violations*.field == ['timeZone']
        dora.get('/api/me').json.territoryCode == '04'
        dora.get('/api/me').json.timeZone == 'Indian/Reunion'
    }
}

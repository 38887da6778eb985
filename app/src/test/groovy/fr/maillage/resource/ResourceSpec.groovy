package fr.maillage.resource

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * Capitalised resources: who proposes, reviews and publishes (guests see no library), the
 * review workflow with its notifications and live queue, the library's filters and French
 * acronym-aware search, the premier survol grid, "start here" paths, neighbours across doors,
 * utile marks and views, make-it-mine adaptations, and bad input.
 */
class ResourceSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient facilitator = Accounts.invited(app, admin, 'facilitator')
    @Shared
    ApiClient member = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient other = Accounts.invited(app, admin, 'member')
    @Shared
    ApiClient guest = Accounts.invited(app, admin, 'guest')
    @Shared
    ApiClient anonymous = app.client().primed()
    def conditions = new PollingConditions(timeout: 10)

    static final String LEVER = 'apprendre-a-faire-alliance'
    static final String OTHER_LEVER = 'evaluer-sa-pertinence'

    static String idOf(ApiClient client) {
        client.get('/api/session').json.user.id
    }

    static Map resource(Map overrides = [:]) {
        [idempotencyKey: UUID.randomUUID().toString(), title: 'Une alliance entre une EPCI et une association',
         summary: 'Comment nous avons noué un partenariat durable.', body: '# Notre histoire\n\nTout a commencé par un café.',
         door: 'temoignage', levers: [LEVER], format: 'text', maturity: 'decouvrir', minutes: 10,
         territories: ['01'], competences: ['dialogue-territorial'], authors: ['Awa Diallo'], licence: 'CC BY-SA 4.0',
         submit: true] + overrides
    }

    /** Proposed by the member and published by the facilitator; answers the resource. */
    Map published(Map overrides = [:]) {
        def proposed = member.post('/api/resources', resource(overrides))
        assert proposed.status == 201: proposed.toString()
        def done = facilitator.post("/api/resources/${proposed.json.id}/publish")
        assert done.status == 200: done.toString()
        done.json
    }

    List<String> titles(ApiClient who, String query) {
        def reply = who.get("/api/resources${query}")
        assert reply.status == 200: reply.toString()
        reply.json.resources*.title
    }

    def "members propose, only facilitators and administrators publish; guests and anonymous visitors see no library"() {
        when:
        def proposed = member.post('/api/resources', resource(title: 'Une proposition en attente'))

        then:
        proposed.status == 201
        proposed.json.status == 'in_review'
        proposed.json.canReview == false
        proposed.json.canEdit == true
        proposed.json.proposerName

        and: 'another member does not see it before publication, nor publishes it'
        other.get("/api/resources/${proposed.json.id}").status == 404
        other.post("/api/resources/${proposed.json.id}/publish").status == 403
        member.post("/api/resources/${proposed.json.id}/publish").status == 403
        member.get('/api/resources/review').status == 403
        !titles(other, '').contains('Une proposition en attente')

        and: 'guests and anonymous visitors get nothing'
        guest.post('/api/resources', resource()).status == 403
        guest.get('/api/resources').status == 403
        guest.get('/api/resources/overview').status == 403
        guest.get("/api/resources/${proposed.json.id}").status == 403
        anonymous.get('/api/resources').status == 401

        and: 'an administrator publishes like a facilitator'
        admin.get('/api/resources/review').json*.id.contains(proposed.json.id)
        admin.post("/api/resources/${proposed.json.id}/publish").json.status == 'published'
        titles(other, '').contains('Une proposition en attente')
        guest.get("/api/resources/${proposed.json.id}").status == 403
    }

    def "review: a draft is submitted, sent back with a comment that notifies the author, edited, resubmitted and published"() {
        given:
        def reviewQueue = LiveClient.connect(app.baseUrl, facilitator)
        assert reviewQueue.command([type: 'subscribe', streams: [[stream: 'resources:review']]]).type == 'ack'
        def memberSocket = LiveClient.connect(app.baseUrl, member)
        def memberStream = "person:${idOf(member)}".toString()
        assert memberSocket.command([type: 'subscribe', streams: [[stream: memberStream]]]).type == 'ack'
        def memberQueue = LiveClient.connect(app.baseUrl, member)

        when: 'a draft is saved, not yet in review'
        def draft = member.post('/api/resources', resource(title: 'Kit de démarrage', door: 'kit', submit: false)).json

        then:
        draft.status == 'draft'
        !facilitator.get('/api/resources/review').json*.id.contains(draft.id)
        member.get('/api/resources/mine').json*.id.contains(draft.id)
        memberQueue.command([type: 'subscribe', streams: [[stream: 'resources:review']]]).type == 'error'

        when: 'the member submits it'
        def submitted = member.post("/api/resources/${draft.id}/submit")

        then:
        submitted.json.status == 'in_review'
        facilitator.get('/api/resources/review').json*.id.contains(draft.id)
        conditions.eventually {
            assert reviewQueue.eventsOf('resources:review').any { it.type == 'resource.submitted' && it.resource.id == draft.id }
        }
        member.post("/api/resources/${draft.id}/submit").status == 409

        when: 'the facilitator sends it back'
        def back = facilitator.post("/api/resources/${draft.id}/return", [comment: 'Précisez le territoire, merci.'])

        then:
        back.status == 200
        back.json.status == 'draft'
        back.json.reviewComment == 'Précisez le territoire, merci.'
        conditions.eventually {
            def notice = memberSocket.eventsOf(memberStream).find { it.type == 'notification.created' && it.notification.kind == 'resource.returned' }
            assert notice
            assert notice.notification.link == "/resources/${draft.id}".toString()
            assert notice.notification.data.comment == 'Précisez le territoire, merci.'
        }
        facilitator.post("/api/resources/${draft.id}/return", [comment: '']).status == 400

        when: 'the member edits and resubmits, the facilitator publishes'
        def edited = member.send('PUT', "/api/resources/${draft.id}", resource(title: 'Kit de démarrage (Guadeloupe)', door: 'kit', submit: true))
        def done = facilitator.post("/api/resources/${draft.id}/publish")

        then:
        edited.json.status == 'in_review'
        done.json.status == 'published'
        done.json.publishedAt
        done.json.reviewComment == null
        conditions.eventually {
            assert memberSocket.eventsOf(memberStream).any { it.type == 'notification.created' && it.notification.kind == 'resource.published' }
        }

        and: 'published, the proposer no longer edits it; a facilitator still can; it cannot be sent back'
        member.send('PUT', "/api/resources/${draft.id}", resource(title: 'Changement', door: 'kit')).status == 403
        facilitator.send('PUT', "/api/resources/${draft.id}", resource(title: 'Kit de démarrage (Guadeloupe, relu)', door: 'kit')).json.status == 'published'
        facilitator.post("/api/resources/${draft.id}/return", [comment: 'Non']).status == 409

        cleanup:
        [reviewQueue, memberSocket, memberQueue]*.close()
    }

    def "a repeated proposal with the same idempotency key creates one resource"() {
        given:
        def command = resource(title: 'Proposition rejouée')

        when:
        def first = member.post('/api/resources', command)
        def again = member.post('/api/resources', command)
        def changed = member.post('/api/resources', command + [title: 'Autre titre'])

        then:
        first.status == 201
        again.status == 201
        again.json.id == first.json.id
        changed.status == 409
        Rows.count(app, "SELECT count(*) FROM resource WHERE title = 'Proposition rejouée'") == 1
    }

    def "the library filters by door, lever, format, maturity, time, territory and competence"() {
        given:
        published(title: 'Filtre vidéo courte', door: 'outil', format: 'video', body: null, link: 'https://video.example.org/watch/1',
                maturity: 'demarrer', minutes: 5, levers: [OTHER_LEVER], territories: ['04'], competences: ['gestion-de-lieu'])
        published(title: 'Filtre méthode longue', door: 'methode', maturity: 'approfondir', minutes: 90, levers: [OTHER_LEVER],
                territories: ['11'], competences: ['accompagnement'])

        expect:
        titles(member, "?lever=${OTHER_LEVER}").containsAll(['Filtre vidéo courte', 'Filtre méthode longue'])
        titles(member, "?lever=${OTHER_LEVER}&door=outil") == ['Filtre vidéo courte']
        titles(member, "?lever=${OTHER_LEVER}&format=video") == ['Filtre vidéo courte']
        titles(member, "?lever=${OTHER_LEVER}&maturity=approfondir") == ['Filtre méthode longue']
        titles(member, "?lever=${OTHER_LEVER}&maxMinutes=30") == ['Filtre vidéo courte']
        titles(member, "?lever=${OTHER_LEVER}&territory=04") == ['Filtre vidéo courte']
        titles(member, "?lever=${OTHER_LEVER}&competence=accompagnement") == ['Filtre méthode longue']
        member.get("/api/resources?lever=${OTHER_LEVER}").json.total == 2
    }

    def "'#query' finds '#title' (French stems and acronyms by either form)"() {
        given:
        if (!titles(member, '').contains('Économie sociale et solidaire en quartier')) {
            published(title: 'Économie sociale et solidaire en quartier', summary: 'Des structures qui emploient.', body: 'Le QPV des Oliviers.')
            published(title: 'Une EPCI et ses tiers-lieux', summary: 'Financer les lieux.', body: 'Les collectivités financent.')
        }

        expect:
        titles(member, "?q=${URLEncoder.encode(query, 'UTF-8')}").contains(title)

        where:
        query                                                  || title
        'ESS'                                                  || 'Économie sociale et solidaire en quartier'
        'economie sociale et solidaire'                        || 'Économie sociale et solidaire en quartier'
        'quartier prioritaire de la politique de la ville'     || 'Économie sociale et solidaire en quartier'
        'établissement public de coopération intercommunale'   || 'Une EPCI et ses tiers-lieux'
        'financement'                                          || 'Une EPCI et ses tiers-lieux'
        'tiers-lieu'                                           || 'Une EPCI et ses tiers-lieux'
        'collectivite'                                         || 'Une EPCI et ses tiers-lieux'
    }

    def "search finds nothing for an absent word, and never a resource that is not published"() {
        given:
        member.post('/api/resources', resource(title: 'Zygomorphe confidentiel', submit: true))

        expect:
        titles(member, '?q=zygomorphe') == []
        titles(facilitator, '?q=zygomorphe') == []
        member.get("/api/resources?q=${'x' * 201}").status == 400
    }

    def "the premier survol counts the 7 levers × 4 doors and shows each cell's featured resource"() {
        given:
        String lever = 'qualifier-son-innovation'
        def tool = published(title: 'Survol outil', door: 'outil', levers: [lever])
        published(title: 'Survol outil deux', door: 'outil', levers: [lever])
        published(title: 'Survol méthode', door: 'methode', levers: [lever, 'definir-sa-strategie'])
        member.post('/api/resources', resource(title: 'Survol en attente', door: 'kit', levers: [lever]))

        when:
        def featured = facilitator.send('PUT', "/api/resources/${tool.id}/featured", [featured: true])
        def overview = member.get('/api/resources/overview').json
        def row = overview.levers.find { it.lever == lever }

        then:
        featured.json.featured == true
        member.send('PUT', "/api/resources/${tool.id}/featured", [featured: true]).status == 403
        overview.doors == ['outil', 'temoignage', 'kit', 'methode']
        overview.levers.size() == 7
        overview.levers.every { it.cells*.door == ['outil', 'temoignage', 'kit', 'methode'] }
        row.cells.find { it.door == 'outil' }.count == 2
        row.cells.find { it.door == 'outil' }.featured.id == tool.id
        row.cells.find { it.door == 'methode' }.count == 1
        row.cells.find { it.door == 'methode' }.featured == null
        row.cells.find { it.door == 'kit' }.count == 0
        overview.levers.find { it.lever == 'definir-sa-strategie' }.cells.find { it.door == 'methode' }.count == 1
    }

    def "a start-here path holds 3 to 5 published resources of its lever, at most an hour, in order"() {
        given:
        String lever = 'comprendre-son-ecosysteme'
        def a = published(title: 'Chemin 1', door: 'outil', levers: [lever], minutes: 5)
        def b = published(title: 'Chemin 2', door: 'temoignage', levers: [lever], minutes: 15)
        def c = published(title: 'Chemin 3', door: 'kit', levers: [lever], minutes: 20)
        def longOne = published(title: 'Chemin long', door: 'methode', levers: [lever], minutes: 45)
        def elsewhere = published(title: 'Autre levier', levers: ['definir-sa-strategie'], minutes: 5)
        def pending = member.post('/api/resources', resource(title: 'Chemin en attente', levers: [lever], minutes: 5)).json
        def path = "/api/resources/paths/${lever}"

        expect: 'bad paths are refused with the reason'
        facilitator.send('PUT', path, [resourceIds: [a.id, b.id]]).json.violations[0].message == 'a path holds 3 to 5 resources'
        facilitator.send('PUT', path, [resourceIds: [a.id, b.id, a.id]]).json.violations[0].message == 'a resource appears twice in the path'
        facilitator.send('PUT', path, [resourceIds: [a.id, b.id, c.id, longOne.id]]).json.violations[0].message == 'a path takes at most 60 minutes in total'
        facilitator.send('PUT', path, [resourceIds: [a.id, b.id, elsewhere.id]]).json.violations[0].message == 'every step must be a published resource of this lever'
        facilitator.send('PUT', path, [resourceIds: [a.id, b.id, pending.id]]).status == 400
        member.send('PUT', path, [resourceIds: [a.id, b.id, c.id]]).status == 403
        facilitator.send('PUT', '/api/resources/paths/vie-du-reseau', [resourceIds: [a.id, b.id, c.id]]).status == 404

        when: 'a good path in the facilitator\'s order'
        def saved = facilitator.send('PUT', path, [resourceIds: [c.id, a.id, b.id]])

        then:
        saved.status == 200
        saved.json.steps*.id == [c.id, a.id, b.id]
        saved.json.minutes == 40
        member.get(path).json.steps*.title == ['Chemin 3', 'Chemin 1', 'Chemin 2']
        member.get('/api/resources/overview').json.levers.find { it.lever == lever }.path*.id == [c.id, a.id, b.id]

        when: 'an empty list removes it'
        facilitator.send('PUT', path, [resourceIds: []])

        then:
        member.get(path).json.steps == []
    }

    def "a resource shows its neighbours in the other doors of its lever; utile marks toggle once per person; views count"() {
        given:
        String lever = 'transformer-son-modele-socio-economique'
        def testimony = published(title: 'Voisin témoignage', door: 'temoignage', levers: [lever])
        def method = published(title: 'Voisin méthode', door: 'methode', levers: [lever])
        def kit = published(title: 'Voisin kit', door: 'kit', levers: [lever])
        published(title: 'Voisin autre levier', door: 'outil', levers: ['accelerer-grace-au-numerique'])

        when:
        def page = other.get("/api/resources/${testimony.id}").json

        then:
        page.neighbours*.door as Set == ['methode', 'kit'] as Set
        page.neighbours.find { it.door == 'methode' }.resources*.id == [method.id]
        page.neighbours.find { it.door == 'kit' }.resources*.id == [kit.id]
        page.neighbours.every { it.lever == lever }

        when:
        def on = other.send('PUT', "/api/resources/${testimony.id}/useful", [useful: true])
        def twice = other.send('PUT', "/api/resources/${testimony.id}/useful", [useful: true])
        def mine = member.send('PUT', "/api/resources/${testimony.id}/useful", [useful: true])
        def off = other.send('PUT', "/api/resources/${testimony.id}/useful", [useful: false])
        def seen = member.get("/api/resources/${testimony.id}").json

        then:
        on.json == [useful: true, usefulCount: 1]
        twice.json.usefulCount == 1
        mine.json.usefulCount == 2
        off.json == [useful: false, usefulCount: 1]
        seen.markedUseful == true
        seen.usefulCount == 1
        seen.viewCount == 2

        and: 'the facilitators\' report counts per lever'
        def report = facilitator.get('/api/resources/report').json
        def line = report.levers.find { it.lever == lever }
        line.published == 3
        line.useful == 1
        line.views >= 2
        line.mostUseful[0].id == testimony.id
        report.levers.size() == 7
        report.territories.find { it.territory == '01' }.resources >= 3
        member.get('/api/resources/report').status == 403
    }

    def "make it mine: a member records a workspace document adapted from a text resource, counted per territory"() {
        given:
        def kit = published(title: 'Kit à adapter', door: 'kit')
        def video = published(title: 'Vidéo à voir', door: 'outil', format: 'video', link: 'https://video.example.org/2', body: null)
        def workspace = other.post('/api/workspaces', [name: 'Notre territoire', purpose: 'Adapter des kits']).json
        def document = other.post("/api/workspaces/${workspace.id}/documents", [title: 'Kit à adapter (notre version)']).json
        def strangerDoc = facilitator.post("/api/workspaces/${facilitator.post('/api/workspaces', [name: 'Autre', purpose: 'x']).json.id}/documents",
                [title: 'Pas à vous']).json
        def key = UUID.randomUUID().toString()

        when:
        def adapted = other.post("/api/resources/${kit.id}/adaptations", [idempotencyKey: key, documentId: document.id, territory: '02'])
        def replayed = other.post("/api/resources/${kit.id}/adaptations", [idempotencyKey: key, documentId: document.id, territory: '02'])
        def page = member.get("/api/resources/${kit.id}").json

        then:
        adapted.status == 201
        adapted.json.documentId == document.id
        replayed.json.id == adapted.json.id
        page.adaptationCount == 1
        page.adaptedTerritories == ['02']
        other.post("/api/resources/${kit.id}/adaptations", [documentId: strangerDoc.id]).status == 403
        other.post("/api/resources/${video.id}/adaptations", [documentId: document.id]).status == 409
        other.post("/api/resources/${kit.id}/adaptations", [documentId: document.id, territory: 'XX']).status == 400
        guest.post("/api/resources/${kit.id}/adaptations", [documentId: document.id]).status == 403
    }

    def "a deleted account's unpublished proposals and utile marks go; its published resources stay for the network"() {
        given:
        def leaving = Accounts.invited(app, admin, 'member')
        def draft = leaving.post('/api/resources', resource(title: 'Brouillon qui part', submit: false)).json
        def kept = leaving.post('/api/resources', resource(title: 'Ressource qui reste')).json
        facilitator.post("/api/resources/${kept.id}/publish")
        leaving.send('PUT', "/api/resources/${kept.id}/useful", [useful: true])

        when:
        def deleted = leaving.post('/api/me/deletion', [password: Accounts.PASSWORD, confirmation: 'SUPPRIMER', posts: 'keep'])

        then:
        deleted.status in [200, 204]
        facilitator.get("/api/resources/${draft.id}").status == 404
        def page = member.get("/api/resources/${kept.id}").json
        page.status == 'published'
        page.usefulCount == 0
    }

    def "bad input is refused with the field: #field"() {
        when:
        def reply = member.post('/api/resources', resource(overrides))

        then:
        reply.status == 400
        reply.json.violations.findAll { it.field.endsWith(field) }*.message.contains(message)

        where:
        overrides                                              || field         | message
        [door: 'video']                                        || 'door'        | 'must be outil, temoignage, kit or methode'
        [maturity: 'expert']                                   || 'maturity'    | 'must be decouvrir, demarrer or approfondir'
        [format: 'fichier']                                    || 'format'      | 'must be text, video, mooc, webinar or page'
        [levers: ['vie-du-reseau']]                            || 'levers'      | 'unknown theme'
        [levers: []]                                           || 'levers'      | 'must not be empty'
        [territories: ['999']]                                 || 'territories' | 'unknown territory'
        [competences: ['jonglage']]                            || 'competences' | 'unknown competence jonglage'
        [body: '  ']                                           || 'body'        | 'is required'
        [format: 'mooc', link: null]                           || 'link'        | 'is required'
        [format: 'webinar', link: 'javascript:alert(1)']       || 'link'        | 'must start with http:// or https://'
        [format: 'page', link: 'ftp://example.org/x']          || 'link'        | 'must start with http:// or https://'
        [format: 'page', link: 'https://user:pw@example.org/'] || 'link'        | 'must not carry a user name or password'
        [minutes: 0]                                           || 'minutes'     | 'must be greater than or equal to 1'
        [title: '']                                            || 'title'       | 'must not be blank'
        [licence: ' ']                                         || 'licence'     | 'must not be blank'
    }
}

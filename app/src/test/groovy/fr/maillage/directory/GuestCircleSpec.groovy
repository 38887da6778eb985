package fr.maillage.directory

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * A guest sees only the people of the themes and workspaces it was invited to, everywhere:
 * people search (LIKE wildcards are literal), the directory, presence and presence frames,
 * on two nodes sharing PostgreSQL and Redis (issue 14).
 */
class GuestCircleSpec extends Specification {
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a')
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-b', database: nodeA.databaseUrl)
    @Shared
    ApiClient admin = Accounts.administrator(nodeA)
    @Shared
    ApiClient coworker = Accounts.invited(nodeA, admin, 'member')
    @Shared
    ApiClient stranger = Accounts.invited(nodeA, admin, 'member')
    @Shared
    ApiClient guest = Accounts.invited(nodeA, admin, 'guest')
    @Shared
    Map workspace
    List<LiveClient> clients = []

    static String idOf(ApiClient client) {
        client.get('/api/session').json.user.id
    }

    def setupSpec() {
        workspace = coworker.post('/api/workspaces', [name: 'Kit des tiers-lieux', purpose: 'Écrire ensemble']).json as Map
        assert coworker.send('PUT', "/api/workspaces/${workspace.id}/members/${idOf(guest)}", null).status in [200, 201, 204]
    }

    def cleanup() {
        clients*.close()
    }

    def "a LIKE wildcard #q is a literal character in people search"() {
        expect:
        admin.get("/api/people?q=${URLEncoder.encode(q, 'UTF-8')}").json.size() == 0
        guest.get("/api/people?q=${URLEncoder.encode(q, 'UTF-8')}").json.size() == 0

        where:
        q << ['%', '_', '\\']
    }

    def "a guest finds the people of its workspace, and no one else"() {
        expect: "members find everyone"
        admin.get("/api/people?q=${enc(name(stranger))}").json*.id.contains(idOf(stranger))

        and: "the guest finds its workspace's co-member, not the stranger"
        guest.get("/api/people?q=${enc(name(coworker))}").json*.id.contains(idOf(coworker))
        !guest.get("/api/people?q=${enc(name(stranger))}").json*.id.contains(idOf(stranger))
        !guest.get('/api/people?q=e').json*.id.contains(idOf(stranger))

        and: "the directory follows the same circle"
        guest.get("/api/directory/people/${idOf(coworker)}").status == 200
        guest.get("/api/directory/people/${idOf(stranger)}").status == 404
    }

    def "a guest sees only its circle online, over HTTP and in presence frames on either node"() {
        given: "the guest watches from node A"
        def watching = live(nodeA, guest)
        def member = live(nodeA, admin)

        when: "the stranger comes online on node B, then the co-member"
        live(nodeB, stranger)
        live(nodeB, coworker)

        then: "the member sees both; the guest only the co-member, frames and HTTP alike"
        new PollingConditions(timeout: 10).eventually {
            assert member.frames.find { it.type == 'presence' && it.userId == idOf(stranger) && it.online }
            assert member.frames.find { it.type == 'presence' && it.userId == idOf(coworker) && it.online }
            assert watching.frames.find { it.type == 'presence' && it.userId == idOf(coworker) && it.online }
        }
        // Frames of one node reach a socket in order: the stranger's came first, or never.
        !watching.frames.find { it.type == 'presence' && it.userId == idOf(stranger) }
        admin.get('/api/presence').json.online*.id.containsAll([idOf(stranger), idOf(coworker)])
        guest.get('/api/presence').json.online*.id.contains(idOf(coworker))
        !guest.get('/api/presence').json.online*.id.contains(idOf(stranger))
        !guest.switchTo(nodeB.baseUrl).get('/api/presence').json.online*.id.contains(idOf(stranger))
    }

    LiveClient live(TestApp node, ApiClient who) {
        def c = LiveClient.connect(node.baseUrl, who)
        clients << c
        c
    }

    static String name(ApiClient client) {
        client.get('/api/me').json.displayName
    }

    static String enc(String s) {
        URLEncoder.encode(s, 'UTF-8')
    }
}

package fr.maillage.infra

import groovy.yaml.YamlSlurper
import spock.lang.Shared
import spock.lang.Specification

/**
 * Checks the deployment files in infra/ against the app they deploy. No Docker engine is
 * needed: the files are read as text and YAML, and compared with application.yml.
 */
class ComposeFileSpec extends Specification {

    @Shared File root = findRepositoryRoot()
    @Shared Map compose = new YamlSlurper().parse(new File(root, 'infra/compose.yaml')) as Map
    @Shared String nginx = new File(root, 'infra/nginx.conf').text
    @Shared String dockerfile = new File(root, 'infra/Dockerfile').text
    @Shared String applicationYml = new File(root, 'app/src/main/resources/application.yml').text

    def "the compose file parses and defines postgres, redis, two app nodes and a load balancer"() {
        expect:
        services().keySet() == ['postgres', 'redis', 'app-a', 'app-b', 'lb'] as Set

        and: 'the backing services are the versions the app is built for, and report health'
        service('postgres').image == 'postgres:17'
        (service('redis').image as String).startsWith('redis:7')
        service('postgres').healthcheck.test.toString().contains('pg_isready')
        service('redis').healthcheck.test.toString().contains('ping')

        and: 'both nodes are built from the image recipe and wait for healthy backing services'
        ['app-a', 'app-b'].every { node ->
            def build = service(node).build as Map
            build.context == '..' && build.dockerfile == 'infra/Dockerfile' &&
                    ['postgres', 'redis'].every { service(node).depends_on[it]?.condition == 'service_healthy' }
        }

        and: 'only the load balancer publishes a port, and it is the public one'
        service('lb').image == 'nginx:1.27'
        service('lb').ports*.toString() == ['8080:8080']
        services().findAll { name, svc -> name != 'lb' && svc.ports }.isEmpty()
        service('lb').volumes.any { it.toString().startsWith('./nginx.conf:/etc/nginx/nginx.conf') }
    }

    def "every MAILLAGE variable the compose file sets is one the app reads"() {
        given:
        def readByApp = (applicationYml =~ /[$]\{(MAILLAGE_[A-Z0-9_]+)/).collect { it[1] } as Set
        def setByCompose = services().collectMany { name, svc -> environment(svc).keySet() }
                .findAll { it.startsWith('MAILLAGE_') } as Set
        def setByImage = (dockerfile =~ /\b(MAILLAGE_[A-Z0-9_]+)=/).collect { it[1] } as Set

        expect: 'the app documents its variables, and the stack sets the essential ones'
        readByApp.containsAll(['MAILLAGE_DATABASE_URL', 'MAILLAGE_REDIS_URI', 'MAILLAGE_NODE_ID', 'MAILLAGE_PUBLIC_URL'])
        setByCompose.containsAll(['MAILLAGE_DATABASE_URL', 'MAILLAGE_REDIS_URI', 'MAILLAGE_NODE_ID', 'MAILLAGE_PUBLIC_URL'])

        and: 'nothing is set that the app would silently ignore'
        setByCompose - readByApp == [] as Set
        setByImage - readByApp == [] as Set
    }

    def "both app nodes share the database and the bus but not their node id"() {
        given:
        def a = environment(service('app-a'))
        def b = environment(service('app-b'))

        expect: 'the same PostgreSQL and Redis of this stack'
        a.MAILLAGE_DATABASE_URL == 'jdbc:postgresql://postgres:5432/maillage'
        b.MAILLAGE_DATABASE_URL == a.MAILLAGE_DATABASE_URL
        a.MAILLAGE_REDIS_URI == 'redis://redis:6379'
        b.MAILLAGE_REDIS_URI == a.MAILLAGE_REDIS_URI

        and: 'every other setting is the same, so a client sees one site whichever node it reaches'
        a.findAll { k, v -> k != 'MAILLAGE_NODE_ID' } == b.findAll { k, v -> k != 'MAILLAGE_NODE_ID' }
        a.MAILLAGE_PUBLIC_URL == 'http://localhost:8080'

        and: 'each node names itself differently'
        a.MAILLAGE_NODE_ID
        b.MAILLAGE_NODE_ID
        a.MAILLAGE_NODE_ID != b.MAILLAGE_NODE_ID
    }

    def "the load balancer config passes WebSocket upgrades to both nodes"() {
        given:
        def upstream = (nginx =~ /(?s)upstream\s+(\w+)\s*\{(.*?)\}/)
        def wsLocation = (nginx =~ /(?s)location\s+\/ws\s*\{(.*?)\}/)

        expect: 'one upstream with both nodes, used by the /ws location'
        upstream.find()
        upstream.group(2) =~ /server\s+app-a:8080/
        upstream.group(2) =~ /server\s+app-b:8080/
        !(upstream.group(2) =~ /\b(ip_hash|hash|sticky)\b/)
        wsLocation.find()
        wsLocation.group(1).contains("proxy_pass http://${upstream.group(1)};")

        and: 'the upgrade is forwarded over HTTP/1.1 and the socket may stay quiet for long'
        nginx =~ /map\s+[$]http_upgrade\s+[$]connection_upgrade/
        wsLocation.group(1) =~ /proxy_http_version\s+1\.1;/ || nginx =~ /proxy_http_version\s+1\.1;/
        wsLocation.group(1) =~ /proxy_set_header\s+Upgrade\s+[$]http_upgrade;/
        wsLocation.group(1) =~ /proxy_set_header\s+Connection\s+[$]connection_upgrade;/
        wsLocation.group(1) =~ /proxy_read_timeout\s+3600s;/

        and: 'the nodes learn the original client and scheme'
        nginx =~ /proxy_set_header\s+X-Forwarded-For\s/
        nginx =~ /proxy_set_header\s+X-Forwarded-Proto\s/
    }

    def "the image recipe builds the jar and runs it as a non-root user"() {
        given:
        def stages = dockerfile.split(/(?m)^(?=FROM\s)/).findAll { it.startsWith('FROM') }
        def runtime = stages.last()
        def lastUser = (runtime =~ /(?m)^USER\s+(\S+)/).collect { it[1] }.with { it ? it.last() : null }

        expect: 'a build stage with JDK 17 and Node that packages the jar'
        stages.size() >= 2
        stages.any { it =~ /(?m)^FROM\s+maven:\S*temurin-17/ && it =~ /mvn\s+-B\s+-DskipTests\s+package/ && it =~ /node/ }

        and: 'a JRE runtime that copies that jar and runs it'
        runtime =~ /(?m)^FROM\s+eclipse-temurin:(17|21)-jre/
        runtime =~ /COPY\s+--from=build\b.*maillage\.jar/
        runtime =~ /ENTRYPOINT\s+\[\s*"java",\s*"-jar",\s*"[^"]*maillage\.jar"\s*\]/
        runtime =~ /EXPOSE\s+8080/
        runtime =~ /HEALTHCHECK[\s\S]*\/health\/liveness/
        runtime =~ /VOLUME\s+\[?\s*"?\/var\/lib\/maillage/

        and: 'as a user that is not root'
        lastUser != null
        !(lastUser.split(':')[0] in ['root', '0'])
    }

    private Map services() {
        compose.services as Map
    }

    private Map service(String name) {
        def svc = services()[name]
        assert svc instanceof Map: "no service $name in compose.yaml"
        svc as Map
    }

    /** A service's environment in either compose form: a map, or a list of KEY=value. */
    private static Map<String, String> environment(Map svc) {
        def env = svc.environment
        if (env == null) {
            return [:]
        }
        if (env instanceof Map) {
            return env.collectEntries { k, v -> [(k as String): v == null ? null : v as String] }
        }
        (env as List).collectEntries { String entry ->
            def i = entry.indexOf('=')
            i < 0 ? [(entry): null] : [(entry.substring(0, i)): entry.substring(i + 1)]
        }
    }

    /** Surefire runs in app/, an IDE may run elsewhere: walk up to the folder holding infra/. */
    private static File findRepositoryRoot() {
        for (def dir = new File('.').canonicalFile; dir != null; dir = dir.parentFile) {
            if (new File(dir, 'infra/compose.yaml').isFile()) {
                return dir
            }
        }
        throw new IllegalStateException("no infra/compose.yaml above ${new File('.').canonicalPath}")
    }
}

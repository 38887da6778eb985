package fr.maillage.core

import fr.maillage.support.TestApp
import groovy.yaml.YamlSlurper
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

class OperationsSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(redis: true, properties: ['maillage.operations.metrics-token': 'scraper-secret'])

    def "#path answers 200 UP"() {
        when:
        def reply = app.client().get(path)

        then:
        reply.status == 200
        reply.json.status == 'UP'

        where:
        path << ['/health', '/health/liveness', '/health/readiness']
    }

    def "the overall health shows the database and Redis, both up, to an administrator only"() {
        when:
        def health = fr.maillage.support.Accounts.administrator(app).get('/health').json
        def anonymous = app.client().get('/health').json
        def member = fr.maillage.support.Accounts.invited(app, fr.maillage.support.Accounts.administrator(app), 'member').get('/health').json

        then:
        health.details.jdbc.status == 'UP'
        health.details.redis.status == 'UP'
        anonymous == [status: 'UP']
        member == [status: 'UP']
    }

    def "Prometheus metrics are refused to #who"() {
        expect:
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl + '/prometheus'))
                .header('Authorization', authorization).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 404

        where:
        who                  | authorization
        'anonymous callers'  | 'Basic eA=='
        'a wrong token'      | 'Bearer scraper-secre'
    }

    def "Prometheus metrics include the JVM and the HTTP requests served"() {
        given:
        assert app.client().get('/api/reference/territories').status == 200

        when:
        def reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl + '/prometheus'))
                .header('Accept', 'text/plain;version=0.0.4;q=0.5,*/*;q=0.1').header('Authorization', 'Bearer scraper-secret').build(), HttpResponse.BodyHandlers.ofString())

        then:
        reply.statusCode() == 200
        reply.body().contains('jvm_memory_used_bytes')
        reply.body().readLines().any { it.startsWith('http_server_requests_seconds_count') && it.contains('/api/reference/territories') }
    }

    def "the OpenAPI document generated at build time is served and lists the identity endpoints"() {
        given:
        def folder = new File(OperationsSpec.getResource('/META-INF/swagger').toURI())
        def files = folder.listFiles().findAll { it.name.endsWith('.yml') }
        assert files.size() == 1
        String name = files[0].name

        when:
        def reply = app.client().get("/openapi/${name}")
        def document = new YamlSlurper().parseText(reply.text)

        then:
        reply.status == 200
        document.openapi
        document.info.title == 'Maillage'
        document.paths.keySet().containsAll(['/api/session', '/api/invitations', '/api/invitations/{token}/accept', '/api/me'])
    }
}

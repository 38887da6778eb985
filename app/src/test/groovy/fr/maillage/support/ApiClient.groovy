package fr.maillage.support

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/**
 * Talks to a node the way the web client does: JSON, a cookie jar, and the CSRF cookie echoed
 * in X-CSRF-Token on every write. Specs poke at the protection by switching those off.
 */
class ApiClient {
    final String baseUrl
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL)
    final HttpClient http
    boolean sendCsrf = true
    String origin = null

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build()
    }

    /** Points this client (and its cookies) at another node, like a load balancer would. */
    ApiClient switchTo(String otherBaseUrl) {
        def other = new ApiClient(otherBaseUrl)
        cookies.cookieStore.cookies.each { other.cookies.cookieStore.add(URI.create(otherBaseUrl), it) }
        other
    }

    Reply get(String path, Map headers = [:]) { send('GET', path, null, headers) }

    Reply post(String path, Object body = null, Map headers = [:]) { send('POST', path, body, headers) }

    Reply patch(String path, Object body = null, Map headers = [:]) { send('PATCH', path, body, headers) }

    Reply delete(String path, Map headers = [:]) { send('DELETE', path, null, headers) }

    String cookie(String name) {
        cookies.cookieStore.cookies.find { it.name == name }?.value
    }

    /** Fetches the CSRF cookie like the client does on start. */
    ApiClient primed() {
        get('/api/session')
        this
    }

    Reply send(String method, String path, Object body, Map headers = [:]) {
        if (method != 'GET' && sendCsrf && cookie('maillage_csrf') == null) {
            get('/api/session')
        }
        def builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
        builder.header('Accept', 'application/json')
        String payload = body == null ? null : (body instanceof String ? body : JsonOutput.toJson(body))
        builder.method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload))
        if (payload != null) {
            builder.header('Content-Type', 'application/json')
        }
        if (method != 'GET' && sendCsrf && cookie('maillage_csrf') != null) {
            builder.header('X-CSRF-Token', cookie('maillage_csrf'))
        }
        if (origin != null) {
            builder.header('Origin', origin)
        }
        headers.each { k, v -> builder.header(k as String, v as String) }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString())
        new Reply(response)
    }

    static class Reply {
        final int status
        final String text
        final String contentType
        final HttpResponse<String> raw

        Reply(HttpResponse<String> raw) {
            this.raw = raw
            this.status = raw.statusCode()
            this.text = raw.body()
            this.contentType = raw.headers().firstValue('Content-Type').orElse('')
        }

        def getJson() {
            text ? new JsonSlurper().parseText(text) : null
        }

        String header(String name) {
            raw.headers().firstValue(name).orElse(null)
        }

        boolean isProblem() {
            contentType.startsWith('application/problem+json')
        }

        @Override
        String toString() { "${status} ${text}" }
    }
}

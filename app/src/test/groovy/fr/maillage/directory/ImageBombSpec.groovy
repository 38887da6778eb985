package fr.maillage.directory

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp
import groovy.json.JsonSlurper
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.io.ByteArrayOutputStream
import java.io.DataOutputStream
import java.util.zip.CRC32
import java.util.zip.DeflaterOutputStream

/** Images are measured from their header before any pixel is decoded (issue 14). */
class ImageBombSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    ApiClient member = Accounts.invited(app, Accounts.administrator(app), 'member')

    /** A PNG header claiming width×height pixels, with the first rows of zeros: a few KB. */
    static byte[] claimedPng(int width, int height) {
        def out = new ByteArrayOutputStream()
        out.write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] as byte[])
        def ihdr = new ByteArrayOutputStream()
        new DataOutputStream(ihdr).with { writeInt(width); writeInt(height); writeByte(8); writeByte(0); writeByte(0); writeByte(0); writeByte(0) }
        chunk(out, 'IHDR', ihdr.toByteArray())
        def pixels = new ByteArrayOutputStream()
        new DeflaterOutputStream(pixels).withCloseable { z -> 200.times { z.write(new byte[width + 1]) } }
        chunk(out, 'IDAT', pixels.toByteArray())
        chunk(out, 'IEND', new byte[0])
        out.toByteArray()
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        def d = new DataOutputStream(out)
        d.writeInt(data.length)
        byte[] typeAndData = ((type.bytes as List) + (data as List)) as byte[]
        d.write(typeAndData)
        def crc = new CRC32()
        crc.update(typeAndData)
        d.writeInt((int) crc.value)
    }

    def "a #width×#height PNG of #kb KB is refused from its header, quickly"() {
        given:
        byte[] bomb = claimedPng(width, height)
        long started = System.nanoTime()

        when:
        def reply = DirectorySpec.upload(member, bomb)
        long millis = (System.nanoTime() - started).intdiv(1_000_000)
        def problem = new JsonSlurper().parse(reply.body())

        then:
        bomb.length < 100_000
        reply.statusCode() == 400
        reply.headers().firstValue('Content-Type').orElse('').startsWith('application/problem+json')
        problem.violations*.field == ['photo']
        problem.violations[0].message.contains("${width}×${height}")
        millis < 2_000

        where:
        width  | height || kb
        20_000 | 20_000 || 'a few'
        4_097  | 16     || 'a few'
        16     | 4_097  || 'a few'
    }

    def "a photo within bounds is still accepted"() {
        expect:
        DirectorySpec.upload(member, DirectorySpec.png(640, 480)).statusCode() == 204
    }
}

package fr.maillage.core.socket

import spock.lang.Specification

import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** A socket's inbox: one task at a time, in order, even when it moves to another pool. */
class SerialExecutorSpec extends Specification {
    def openers = Executors.newFixedThreadPool(2) { r -> new Thread(r, 'opener') }
    def workers = Executors.newFixedThreadPool(4) { r -> new Thread(r, 'worker') }

    def cleanup() {
        openers.shutdownNow()
        workers.shutdownNow()
    }

    def "tasks queued behind the switch run after it, in order, on the new pool"() {
        given:
        def inbox = new SerialExecutor(openers)
        def ran = new CopyOnWriteArrayList<String>()
        def gate = new CountDownLatch(1)
        def done = new CountDownLatch(201)

        when: "the first task holds the inbox while 200 more arrive, then switches pools"
        inbox.execute {
            gate.await(5, TimeUnit.SECONDS)
            ran << "open@${Thread.currentThread().name}".toString()
            inbox.usePool(workers)
            done.countDown()
        }
        (1..200).each { i -> inbox.execute { ran << "${i}@${Thread.currentThread().name}".toString(); done.countDown() } }
        gate.countDown()

        then:
        done.await(10, TimeUnit.SECONDS)
        ran[0] == 'open@opener'
        ran.drop(1).collect { it.split('@')[0] as int } == (1..200).toList()
        ran.drop(1).every { it.endsWith('@worker') }
    }
}

package fr.maillage.core

import spock.lang.Specification

/** The README's configuration table and the settings the app reads must not drift apart. */
class ConfigurationDocsSpec extends Specification {
    static final File ROOT = [new File('.'), new File('..')].find { new File(it, 'README.md').exists() && new File(it, 'app').isDirectory() }
    static final String YAML = new File(ROOT, 'app/src/main/resources/application.yml').text
    static final String README = new File(ROOT, 'README.md').text

    static Set<String> variables(String text) {
        (text =~ /MAILLAGE_[A-Z_]+/).collect { it as String }.toSet()
    }

    def "every environment variable the app reads is documented in the README"() {
        expect:
        variables(YAML).every { README.contains("`${it}`") }
        variables(YAML).size() >= 15
    }

    def "the README documents no variable the app does not read"() {
        given:
        Set<String> read = variables(YAML) + ['MAILLAGE_LOG_FORMAT']  // read by logback.xml

        expect:
        (variables(README) - read).isEmpty()
        new File(ROOT, 'app/src/main/resources/logback.xml').text.contains('MAILLAGE_LOG_FORMAT')
    }
}

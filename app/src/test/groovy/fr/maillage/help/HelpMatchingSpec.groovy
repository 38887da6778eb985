package fr.maillage.help

import fr.maillage.help.HelpMatching.Candidate
import fr.maillage.help.HelpMatching.Need
import spock.lang.Specification

/** The ranking of pioneers, factor by factor (docs/help.md describes the same rules). */
class HelpMatchingSpec extends Specification {
    static final UUID REQUESTER = UUID.fromString('00000000-0000-0000-0000-000000000001')
    static final UUID A = UUID.fromString('00000000-0000-0000-0000-00000000000a')
    static final UUID B = UUID.fromString('00000000-0000-0000-0000-00000000000b')

    static Need need(Map m = [:]) {
        new Need(REQUESTER, (m.competences ?: ['mecenat']) as Set, m.containsKey('territory') ? m.territory : '53',
                m.containsKey('overseas') ? m.overseas : false)
    }

    static Candidate pioneer(Map m = [:]) {
        new Candidate(m.id ?: A, (m.canHelp ?: ['mecenat']) as Set, m.containsKey('territory') ? m.territory : '53',
                m.containsKey('overseas') ? m.overseas : false, m.paused ?: false, m.open ?: 0, m.containsKey('max') ? m.max : 2,
                m.offers ?: 0, m.answers ?: 0)
    }

    static Map<String, Integer> points(HelpMatching.Match match) {
        match.reasons().collectEntries { [(it.factor()): it.points()] }
    }

    def "the competence factor gives #expected points for #canHelp when #asked is asked"() {
        when:
        def matches = HelpMatching.rank(need(competences: asked), [pioneer(canHelp: canHelp)])

        then:
        matches.size() == (expected == null ? 0 : 1)
        expected == null || points(matches[0]).competence == expected
        expected == null || matches[0].reasons().find { it.factor() == 'competence' }.detail() == detail

        where:
        asked                        | canHelp                                 || expected | detail
        ['mecenat']                  | ['mecenat']                             || 10       | 'mecenat'
        ['mecenat', 'rse']           | ['rse', 'mecenat', 'fonds-europeens']   || 20       | 'mecenat,rse'
        ['mecenat', 'rse']           | ['rse']                                 || 10       | 'rse'
        ['mecenat']                  | ['rse']                                 || null     | null
    }

    def "the territory factor gives #expected points (#detail) from #from to #to"() {
        when:
        def match = HelpMatching.rank(need(territory: from, overseas: fromOverseas), [pioneer(territory: to, overseas: toOverseas)])[0]

        then:
        points(match).territory == expected
        match.reasons().find { it.factor() == 'territory' }.detail() == detail

        where:
        from  | fromOverseas | to    | toOverseas || expected | detail
        '53'  | false        | '53'  | false      || 6        | 'same_territory'
        '04'  | true         | '04'  | true       || 6        | 'same_territory'
        '04'  | true         | '988' | true       || 4        | 'both_overseas'
        '53'  | false        | '11'  | false      || 2        | 'both_metropolitan'
        '04'  | true         | '53'  | false      || 0        | 'far'
        null  | null         | '53'  | false      || 0        | 'unknown'
        '53'  | false        | null  | null       || 0        | 'unknown'
    }

    def "the load factor gives #expected points with #open open requests out of #max, and none at capacity"() {
        when:
        def matches = HelpMatching.rank(need(), [pioneer(open: open, max: max)])

        then:
        matches.size() == (expected == null ? 0 : 1)
        expected == null || points(matches[0]).load == expected

        where:
        open | max || expected
        0    | 2   || 4
        1    | 2   || 2
        1    | 3   || 2
        2    | 3   || 1
        2    | 2   || null
        0    | 0   || null
    }

    def "the responsiveness factor gives #expected points for #answers answers to #offers recent offers"() {
        expect:
        points(HelpMatching.rank(need(), [pioneer(offers: offers, answers: answers)])[0]).responsiveness == expected

        where:
        offers | answers || expected
        0      | 0       || 2
        4      | 4       || 3
        4      | 2       || 2
        3      | 1       || 1
        5      | 0       || 0
    }

    def "the requester and paused pioneers are never proposed"() {
        expect:
        HelpMatching.rank(need(), [pioneer(id: REQUESTER), pioneer(id: A, paused: true), pioneer(id: B)])*.userId() == [B]
    }

    def "the score is the sum of the reasons shown"() {
        when:
        def match = HelpMatching.rank(need(competences: ['mecenat', 'rse']),
                [pioneer(canHelp: ['mecenat', 'rse'], territory: '11', open: 1, max: 4, offers: 2, answers: 1)])[0]

        then:
        match.reasons()*.factor() == ['competence', 'territory', 'load', 'responsiveness']
        points(match) == [competence: 20, territory: 2, load: 3, responsiveness: 2]
        match.score() == 27
    }

    def "ranking orders by score, then fewer open requests, then user id: #description"() {
        expect:
        HelpMatching.rank(need(), candidates)*.userId() == expected

        where:
        description                         | candidates                                                                 || expected
        'higher score first'                | [pioneer(id: A, territory: '11'), pioneer(id: B, territory: '53')]         || [B, A]
        'equal score: fewer open first'     | [pioneer(id: A, open: 1, max: 4, offers: 1, answers: 1), pioneer(id: B, open: 0, max: 2)] || [B, A]
        'equal everything: smaller id'      | [pioneer(id: B), pioneer(id: A)]                                           || [A, B]
        'same input in another order'       | [pioneer(id: A), pioneer(id: B)]                                           || [A, B]
    }
}

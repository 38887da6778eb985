package fr.maillage.peersession

import spock.lang.Shared
import spock.lang.Specification

import java.time.LocalDate

/** Holiday dates from the reference CSV; Easter dates checked against published calendars. */
class HolidaysSpec extends Specification {
    @Shared
    Holidays holidays = Holidays.fromResource()

    def "Easter #year is on #date"() {
        expect:
        Holidays.easter(year) == LocalDate.parse(date)

        where:
        year || date
        2024 || '2024-03-31'
        2025 || '2025-04-20'
        2026 || '2026-04-05'
        2027 || '2027-03-28'
        2038 || '2038-04-25'
    }

    def "on #date territory #territory has #names"() {
        expect:
        holidays.on(territory, LocalDate.parse(date))*.nameFr == names

        where:
        date         | territory || names
        '2027-05-27' | '01'      || ["Abolition de l'esclavage"]
        '2027-05-27' | '11'      || []
        '2027-05-22' | '02'      || ["Abolition de l'esclavage"]
        '2027-12-20' | '04'      || ["Abolition de l'esclavage"]
        '2027-03-26' | '44'      || ['Vendredi saint (Moselle et Alsace)']
        '2027-03-26' | '987'     || ['Vendredi saint']
        '2027-03-29' | '988'     || ['Lundi de Pâques']
        '2027-05-06' | '976'     || ['Ascension']
        '2027-05-17' | '01'      || ['Lundi de Pentecôte']
        '2027-09-24' | '988'     || ['Fête de la citoyenneté']
    }
}

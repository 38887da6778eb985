package fr.maillage.peersession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;

/**
 * Public holidays per territory, from {@code reference/holidays.csv} (copied from the shared
 * reference data): a rule is a fixed date {@code MM-dd} or an Easter offset {@code easter+N}.
 * Territory {@code all} applies everywhere. No holiday library covers the overseas territories,
 * so Easter is computed here (Meeus/Jones/Butcher Gregorian computus).
 */
final class Holidays {
    record Rule(String territory, String rule, String nameFr, String nameEn) {
        LocalDate on(int year) {
            if (rule.startsWith("easter")) {
                String offset = rule.substring(6);
                return easter(year).plusDays(offset.isEmpty() ? 0 : Integer.parseInt(offset.replace("+", "")));
            }
            return MonthDay.parse("--" + rule).atYear(year);
        }
    }

    record Holiday(LocalDate date, String territory, String nameFr, String nameEn) {
    }

    private final List<Rule> rules;

    Holidays(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static Holidays fromResource() {
        try (InputStream in = Holidays.class.getResourceAsStream("/reference/holidays.csv")) {
            if (in == null) {
                throw new IllegalStateException("reference/holidays.csv is missing");
            }
            List<Rule> rules = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", 6);
                rules.add(new Rule(cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip()));
            }
            return new Holidays(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The holidays of a territory on a date (national ones included). */
    List<Holiday> on(String territory, LocalDate date) {
        List<Holiday> found = new ArrayList<>();
        for (Rule r : rules) {
            if ((r.territory().equals("all") || r.territory().equals(territory)) && r.on(date.getYear()).equals(date)) {
                found.add(new Holiday(date, territory, r.nameFr(), r.nameEn()));
            }
        }
        return found;
    }

    /** Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}

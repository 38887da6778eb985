package fr.maillage.reference;

import fr.maillage.reference.ReferenceViews.CompetenceView;
import fr.maillage.reference.ReferenceViews.TerritoryView;
import fr.maillage.reference.ReferenceViews.ThemeView;
import fr.maillage.reference.ReferenceViews.TimeZoneView;
import jakarta.inject.Singleton;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The network's vocabulary: territories (with their zones), themes, competences. */
@Singleton
public class ReferenceService {
    private final ReferenceRepositories.TerritoryRepository territories;
    private final ReferenceRepositories.ThemeRepository themes;
    private final ReferenceRepositories.CompetenceRepository competences;
    private final Clock clock;
    private final List<ZoneId> timeZones;

    ReferenceService(ReferenceRepositories.TerritoryRepository territories,
                     ReferenceRepositories.ThemeRepository themes,
                     ReferenceRepositories.CompetenceRepository competences,
                     Clock clock) {
        this.territories = territories;
        this.themes = themes;
        this.competences = competences;
        this.clock = clock;
        this.timeZones = readTimeZones();
    }

    /**
     * The canonical IANA zones of reference/time-zones.txt (tzdata's zone.tab) that this Java
     * knows, with their offset now: what zone pickers offer. Old links (Asia/Calcutta) are absent.
     */
    public List<TimeZoneView> timeZones() {
        Instant now = clock.instant();
        return timeZones.stream()
                .map(zone -> new TimeZoneView(zone.getId(), zone.getRules().getOffset(now).getTotalSeconds() / 60))
                .toList();
    }

    private static List<ZoneId> readTimeZones() {
        Set<String> known = ZoneId.getAvailableZoneIds();
        try (InputStream in = ReferenceService.class.getResourceAsStream("/reference/time-zones.txt")) {
            if (in == null) {
                throw new IllegalStateException("reference/time-zones.txt is missing from the class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#") && known.contains(line))
                    .map(ZoneId::of)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<TerritoryView> territories() {
        return territories.listOrderBySortOrder().stream()
                .map(t -> new TerritoryView(t.code(), t.name(), t.nameEn(), t.kind(), t.timeZone()))
                .toList();
    }

    public Optional<TerritoryView> territory(String code) {
        return territories.findById(code).map(t -> new TerritoryView(t.code(), t.name(), t.nameEn(), t.kind(), t.timeZone()));
    }

    public List<ThemeView> themes() {
        return themes.findByArchivedFalseOrderBySortOrder().stream()
                .map(t -> new ThemeView(t.slug(), t.labelFr(), t.labelEn(), t.family()))
                .toList();
    }

    public List<CompetenceView> competences() {
        return competences.listOrderBySortOrder().stream()
                .map(c -> new CompetenceView(c.slug(), c.labelFr(), c.labelEn(), c.family()))
                .toList();
    }
}

package fr.maillage.identity;

import fr.maillage.core.error.ProblemException;
import fr.maillage.reference.ReferenceService;
import fr.maillage.reference.ReferenceViews.TerritoryView;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/** Territory and time-zone rules shared by invitation acceptance and profile edits. */
@Singleton
class ProfileRules {
    static final String DEFAULT_ZONE = "Europe/Paris";
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private final ReferenceService reference;

    ProfileRules(ReferenceService reference) {
        this.reference = reference;
    }

    Optional<TerritoryView> territory(@Nullable String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(reference.territory(code)
                .orElseThrow(() -> ProblemException.invalid("territoryCode", "unknown territory")));
    }

    /** IANA region names only (Europe/Paris, Pacific/Noumea, UTC), never raw offsets. */
    static String requireZone(String zone) {
        if (!ZONES.contains(zone) || zone.startsWith("Etc/GMT") || zone.startsWith("GMT") || zone.startsWith("SystemV/")) {
            throw ProblemException.invalid("timeZone", "unknown time zone; use an IANA name such as Europe/Paris");
        }
        return zone;
    }

    /** The zone asked for, else the territory's, else the fallback. */
    String zoneFor(@Nullable String requested, Optional<TerritoryView> territory, String fallback) {
        if (requested != null && !requested.isBlank()) {
            return requireZone(requested);
        }
        return territory.map(TerritoryView::timeZone).orElse(fallback);
    }
}

package fr.maillage.reference;

import io.micronaut.serde.annotation.Serdeable;

public final class ReferenceViews {
    private ReferenceViews() {
    }

    @Serdeable
    public record TerritoryView(String code, String name, String nameEn, String kind, String timeZone) {
    }

    /** A canonical IANA zone and its offset from UTC at the moment of the request, in minutes. */
    @Serdeable
    public record TimeZoneView(String id, int offsetMinutes) {
    }

    @Serdeable
    public record ThemeView(String slug, String labelFr, String labelEn, String family) {
    }

    @Serdeable
    public record CompetenceView(String slug, String labelFr, String labelEn, String family) {
    }
}

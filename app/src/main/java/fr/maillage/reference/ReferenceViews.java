package fr.maillage.reference;

import io.micronaut.serde.annotation.Serdeable;

public final class ReferenceViews {
    private ReferenceViews() {
    }

    @Serdeable
    public record TerritoryView(String code, String name, String kind, String timeZone) {
    }

    @Serdeable
    public record ThemeView(String slug, String labelFr, String labelEn, String family) {
    }

    @Serdeable
    public record CompetenceView(String slug, String labelFr, String family) {
    }
}

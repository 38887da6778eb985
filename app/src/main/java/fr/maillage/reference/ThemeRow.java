package fr.maillage.reference;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("theme")
public record ThemeRow(@Id String slug, String labelFr, String labelEn, String family, int sortOrder, boolean archived) {
}

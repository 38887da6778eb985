package fr.maillage.reference;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("competence")
public record CompetenceRow(@Id String slug, String labelFr, String labelEn, String family, int sortOrder) {
}

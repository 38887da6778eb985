package fr.maillage.reference;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("territory")
public record TerritoryRow(@Id String code, String name, String nameEn, String kind, String timeZone, int sortOrder) {
}

package fr.maillage.reference;

import fr.maillage.reference.ReferenceViews.CompetenceView;
import fr.maillage.reference.ReferenceViews.TerritoryView;
import fr.maillage.reference.ReferenceViews.ThemeView;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/** The network's vocabulary: territories (with their zones), themes, competences. */
@Singleton
public class ReferenceService {
    private final ReferenceRepositories.TerritoryRepository territories;
    private final ReferenceRepositories.ThemeRepository themes;
    private final ReferenceRepositories.CompetenceRepository competences;

    ReferenceService(ReferenceRepositories.TerritoryRepository territories,
                     ReferenceRepositories.ThemeRepository themes,
                     ReferenceRepositories.CompetenceRepository competences) {
        this.territories = territories;
        this.themes = themes;
        this.competences = competences;
    }

    public List<TerritoryView> territories() {
        return territories.listOrderBySortOrder().stream()
                .map(t -> new TerritoryView(t.code(), t.name(), t.kind(), t.timeZone()))
                .toList();
    }

    public Optional<TerritoryView> territory(String code) {
        return territories.findById(code).map(t -> new TerritoryView(t.code(), t.name(), t.kind(), t.timeZone()));
    }

    public List<ThemeView> themes() {
        return themes.findByArchivedFalseOrderBySortOrder().stream()
                .map(t -> new ThemeView(t.slug(), t.labelFr(), t.labelEn(), t.family()))
                .toList();
    }

    public List<CompetenceView> competences() {
        return competences.listOrderBySortOrder().stream()
                .map(c -> new CompetenceView(c.slug(), c.labelFr(), c.family()))
                .toList();
    }
}

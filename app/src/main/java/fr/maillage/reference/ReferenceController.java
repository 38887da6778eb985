package fr.maillage.reference;

import fr.maillage.core.security.Caller;
import fr.maillage.reference.ReferenceViews.CompetenceView;
import fr.maillage.reference.ReferenceViews.TerritoryView;
import fr.maillage.reference.ReferenceViews.ThemeView;
import fr.maillage.reference.ReferenceViews.TimeZoneView;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

@Controller("/api/reference")
@Tag(name = "reference")
public class ReferenceController {
    private final ReferenceService reference;

    ReferenceController(ReferenceService reference) {
        this.reference = reference;
    }

    /** Territories are public: the invitation form needs them before anyone is signed in. */
    @Get("/territories")
    public List<TerritoryView> territories() {
        return reference.territories();
    }

    /** Public like territories: the invitation form offers a zone before anyone is signed in. */
    @Get("/time-zones")
    public List<TimeZoneView> timeZones() {
        return reference.timeZones();
    }

    @Get("/themes")
    public List<ThemeView> themes(HttpRequest<?> request) {
        Caller.required(request);
        return reference.themes();
    }

    @Get("/competences")
    public List<CompetenceView> competences(HttpRequest<?> request) {
        Caller.required(request);
        return reference.competences();
    }
}

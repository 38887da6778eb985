package fr.maillage.peersession;

import fr.maillage.core.security.Caller;
import fr.maillage.peersession.SessionPlanning.Planning;
import fr.maillage.peersession.SessionPlanning.PlanningRequest;
import fr.maillage.peersession.SessionPlanning.SlotRequest;
import fr.maillage.peersession.SessionPlanning.Slots;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Before scheduling: holidays and reasonable hours per occurrence, and the slot finder. Nothing is stored. */
@Controller("/api/peer-sessions/planning")
@Tag(name = "peer sessions")
public class SessionPlanningController {
    private final SessionPlanning planning;

    SessionPlanningController(SessionPlanning planning) {
        this.planning = planning;
    }

    @Post
    public Planning check(HttpRequest<?> request, @Body PlanningRequest body) {
        return planning.check(Caller.required(request), body);
    }

    @Post("/slots")
    public Slots slots(HttpRequest<?> request, @Body SlotRequest body) {
        return planning.propose(Caller.required(request), body);
    }
}

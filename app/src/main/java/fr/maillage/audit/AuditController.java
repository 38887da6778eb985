package fr.maillage.audit;

import fr.maillage.audit.AuditService.AuditPage;
import fr.maillage.core.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.UUID;

@Controller("/api/admin/audit")
@Tag(name = "audit")
public class AuditController {
    private final AuditService audit;

    AuditController(AuditService audit) {
        this.audit = audit;
    }

    @Get("{?actor,action,target,from,to,before,limit}")
    public AuditPage list(HttpRequest<?> request, @Nullable @QueryValue UUID actor, @Nullable @QueryValue String action,
                          @Nullable @QueryValue String target, @Nullable @QueryValue Instant from,
                          @Nullable @QueryValue Instant to, @Nullable @QueryValue Long before,
                          @Nullable @QueryValue Integer limit) {
        return audit.list(Caller.required(request), actor, action, target, from, to, before, limit);
    }
}

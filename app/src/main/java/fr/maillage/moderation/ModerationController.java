package fr.maillage.moderation;

import fr.maillage.core.security.Caller;
import fr.maillage.moderation.ModerationViews.CaseView;
import fr.maillage.moderation.ModerationViews.EditCommand;
import fr.maillage.moderation.ModerationViews.MessageCommand;
import fr.maillage.moderation.ModerationViews.MutedPerson;
import fr.maillage.moderation.ModerationViews.QueuePage;
import fr.maillage.moderation.ModerationViews.ReportCommand;
import fr.maillage.moderation.ModerationViews.ReportView;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;
import java.util.UUID;

/** Reports, the moderation queue and its actions, and one's mutes (docs/api.md "Moderation"). */
@Controller("/api")
@Tag(name = "moderation")
public class ModerationController {
    private final ModerationService moderation;
    private final MuteService mutes;

    ModerationController(ModerationService moderation, MuteService mutes) {
        this.moderation = moderation;
        this.mutes = mutes;
    }

    /** 201 for a new report, 200 with {@code alreadyReported} when the caller had reported the item already. */
    @Post("/reports")
    public HttpResponse<ReportView> report(HttpRequest<?> request, @Valid @Body ReportCommand command) {
        ReportView report = moderation.report(Caller.required(request), command);
        return report.alreadyReported() ? HttpResponse.ok(report) : HttpResponse.created(report);
    }

    @Get("/moderation/cases")
    public QueuePage queue(HttpRequest<?> request) {
        return moderation.queue(Caller.required(request));
    }

    @Post("/moderation/cases/{id}/dismiss")
    public CaseView dismiss(HttpRequest<?> request, UUID id) {
        return moderation.dismiss(Caller.required(request), id);
    }

    @Post("/moderation/cases/{id}/hide")
    public CaseView hide(HttpRequest<?> request, UUID id) {
        return moderation.hide(Caller.required(request), id);
    }

    @Post("/moderation/cases/{id}/edit")
    public CaseView edit(HttpRequest<?> request, UUID id, @Valid @Body EditCommand command) {
        return moderation.edit(Caller.required(request), id, command.text());
    }

    @Post("/moderation/cases/{id}/message")
    @Status(HttpStatus.NO_CONTENT)
    public void message(HttpRequest<?> request, UUID id, @Valid @Body MessageCommand command) {
        moderation.messageAuthor(Caller.required(request), id, command.text());
    }

    @Post("/moderation/cases/{id}/deactivate-author")
    @Status(HttpStatus.NO_CONTENT)
    public void deactivateAuthor(HttpRequest<?> request, UUID id) {
        moderation.deactivateAuthor(Caller.required(request), id);
    }

    @Get("/me/mutes")
    public List<MutedPerson> mutes(HttpRequest<?> request) {
        return mutes.list(Caller.required(request));
    }

    @Put("/me/mutes/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    public void mute(HttpRequest<?> request, UUID userId) {
        mutes.mute(Caller.required(request), userId);
    }

    @Delete("/me/mutes/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    public void unmute(HttpRequest<?> request, UUID userId) {
        mutes.unmute(Caller.required(request), userId);
    }
}

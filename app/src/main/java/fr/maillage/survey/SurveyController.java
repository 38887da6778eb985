package fr.maillage.survey;

import fr.maillage.core.security.Caller;
import fr.maillage.survey.SurveyViews.AgendaItemView;
import fr.maillage.survey.SurveyViews.AgendaLinkCommand;
import fr.maillage.survey.SurveyViews.AnswersCommand;
import fr.maillage.survey.SurveyViews.MyAnswerView;
import fr.maillage.survey.SurveyViews.QuestionsCommand;
import fr.maillage.survey.SurveyViews.ResultsView;
import fr.maillage.survey.SurveyViews.SubmittedView;
import fr.maillage.survey.SurveyViews.SurveyCommand;
import fr.maillage.survey.SurveyViews.SurveySummary;
import fr.maillage.survey.SurveyViews.SurveyView;
import fr.maillage.survey.SurveyViews.TagCommand;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;
import java.util.UUID;

/** Needs surveys: building, answering, results (docs/api.md "Surveys"). */
@Controller("/api/surveys")
@Tag(name = "survey")
public class SurveyController {
    private static final MediaType CSV = MediaType.of("text/csv;charset=utf-8");
    private static final MediaType XLSX = MediaType.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private final SurveyService surveys;
    private final SurveyAgenda agenda;

    SurveyController(SurveyService surveys, SurveyAgenda agenda) {
        this.surveys = surveys;
        this.agenda = agenda;
    }

    @Get
    public List<SurveySummary> list(HttpRequest<?> request) {
        return surveys.list(Caller.required(request));
    }

    @Post
    public HttpResponse<SurveyView> create(HttpRequest<?> request, @Valid @Body SurveyCommand command) {
        return HttpResponse.created(surveys.create(Caller.required(request), command));
    }

    @Get("/{id}")
    public SurveyView view(HttpRequest<?> request, UUID id) {
        return surveys.view(Caller.required(request), id);
    }

    @Put("/{id}")
    public SurveyView update(HttpRequest<?> request, UUID id, @Valid @Body SurveyCommand command) {
        return surveys.update(Caller.required(request), id, command);
    }

    @Put("/{id}/questions")
    public SurveyView questions(HttpRequest<?> request, UUID id, @Valid @Body QuestionsCommand command) {
        return surveys.replaceQuestions(Caller.required(request), id, command);
    }

    @Post("/{id}/publish")
    public SurveyView publish(HttpRequest<?> request, UUID id) {
        return surveys.publish(Caller.required(request), id);
    }

    @Post("/{id}/close")
    public SurveyView close(HttpRequest<?> request, UUID id) {
        return surveys.close(Caller.required(request), id);
    }

    @Get("/{id}/my-answer")
    public MyAnswerView myAnswer(HttpRequest<?> request, UUID id) {
        return surveys.myAnswer(Caller.required(request), id);
    }

    @Put("/{id}/draft")
    public MyAnswerView draft(HttpRequest<?> request, UUID id, @Valid @Body AnswersCommand command) {
        return surveys.saveDraft(Caller.required(request), id, command);
    }

    @Post("/{id}/answers")
    public SubmittedView submit(HttpRequest<?> request, UUID id, @Valid @Body AnswersCommand command) {
        return surveys.submit(Caller.required(request), id, command);
    }

    @Get("/{id}/results")
    public ResultsView results(HttpRequest<?> request, UUID id) {
        return surveys.results(Caller.required(request), id);
    }

    @Get("/{id}/results.csv")
    public HttpResponse<String> csv(HttpRequest<?> request, UUID id) {
        return HttpResponse.ok(surveys.csv(Caller.required(request), id)).contentType(CSV)
                .header("Content-Disposition", "attachment; filename=\"survey-" + id + ".csv\"");
    }

    @Get("/{id}/results.xlsx")
    public HttpResponse<byte[]> xlsx(HttpRequest<?> request, UUID id) {
        return HttpResponse.ok(surveys.xlsx(Caller.required(request), id)).contentType(XLSX)
                .header("Content-Disposition", "attachment; filename=\"survey-" + id + ".xlsx\"");
    }

    @Put("/{id}/answers/{answerId}/tags")
    public ResultsView tag(HttpRequest<?> request, UUID id, UUID answerId, @Valid @Body TagCommand command) {
        return surveys.tag(Caller.required(request), id, answerId, command);
    }

    @Post("/{id}/agenda")
    public HttpResponse<AgendaItemView> link(HttpRequest<?> request, UUID id, @Valid @Body AgendaLinkCommand command) {
        return HttpResponse.created(agenda.link(Caller.required(request), id, command));
    }

    @Get("/{id}/agenda")
    public List<AgendaItemView> agenda(HttpRequest<?> request, UUID id) {
        return agenda.ofSurvey(Caller.required(request), id);
    }

    @Get("/occurrences/{occurrenceId}/agenda")
    public List<AgendaItemView> occurrenceAgenda(HttpRequest<?> request, UUID occurrenceId) {
        return agenda.ofOccurrence(Caller.required(request), occurrenceId);
    }
}

package fr.maillage.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Resources on the wire: commands in, views out. */
public final class ResourceViews {
    static final int KEY_MAX = 64;
    static final int TITLE_MAX = 200;
    static final int SUMMARY_MAX = 1_000;
    static final int BODY_MAX = 100_000;
    static final int LINK_MAX = 2_000;
    static final int LICENCE_MAX = 200;
    static final int COMMENT_MAX = 2_000;
    static final List<String> DOORS = List.of("outil", "temoignage", "kit", "methode");
    static final List<String> FORMATS = List.of("text", "video", "mooc", "webinar", "page");
    static final List<String> MATURITIES = List.of("decouvrir", "demarrer", "approfondir");

    private ResourceViews() {
    }

    /** A proposal or an edit; {@code submit} sends a proposal to review at once. */
    @Serdeable
    public record ResourceCommand(
            @Nullable @Size(max = KEY_MAX) String idempotencyKey,
            @NotBlank @Size(min = 3, max = TITLE_MAX) String title,
            @NotBlank @Size(max = SUMMARY_MAX) String summary,
            @Nullable @Size(max = BODY_MAX) String body,
            @Nullable @Size(max = LINK_MAX) String link,
            @NotNull @Pattern(regexp = "outil|temoignage|kit|methode", message = "must be outil, temoignage, kit or methode") String door,
            @NotEmpty @Size(max = 7) List<@NotBlank @Size(max = 100) String> levers,
            @NotNull @Pattern(regexp = "text|video|mooc|webinar|page", message = "must be text, video, mooc, webinar or page") String format,
            @NotNull @Pattern(regexp = "decouvrir|demarrer|approfondir", message = "must be decouvrir, demarrer or approfondir") String maturity,
            @Min(1) @Max(600) int minutes,
            @Nullable @Size(max = 20) List<@NotBlank @Size(max = 20) String> territories,
            @Nullable @Size(max = 20) List<@NotBlank @Size(max = 100) String> competences,
            @Nullable @Size(max = 10) List<@NotBlank @Size(max = 200) String> authors,
            @NotBlank @Size(max = LICENCE_MAX) String licence,
            boolean submit) {
    }

    @Serdeable
    public record ReturnCommand(@NotBlank @Size(max = COMMENT_MAX) String comment) {
    }

    @Serdeable
    public record FeatureCommand(boolean featured) {
    }

    @Serdeable
    public record UsefulCommand(boolean useful) {
    }

    @Serdeable
    public record PathCommand(@NotNull @Size(max = 5) List<@NotNull UUID> resourceIds) {
    }

    @Serdeable
    public record AdaptationCommand(@Nullable @Size(max = KEY_MAX) String idempotencyKey,
                                    @NotNull UUID documentId,
                                    @Nullable @Size(max = 20) String territory) {
    }

    /** A resource in a list: the library, a cell of the overview, a path, a neighbour. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ResourceSummary(UUID id, String title, String summary, String door, List<String> levers, String format,
                                  String maturity, int minutes, String status, boolean featured, long usefulCount,
                                  @Nullable Instant publishedAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Neighbour(String lever, String door, List<ResourceSummary> resources) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ResourceView(UUID id, String title, String summary, @Nullable String body, @Nullable String link,
                               String door, List<String> levers, String format, String maturity, int minutes,
                               List<String> territories, List<String> competences, List<String> authors, String licence,
                               String status, boolean featured, UUID proposerId, String proposerName,
                               @Nullable String reviewComment, Instant createdAt, Instant updatedAt, @Nullable Instant publishedAt,
                               long viewCount, long usefulCount, boolean markedUseful, List<String> adaptedTerritories,
                               long adaptationCount, boolean canEdit, boolean canReview, List<Neighbour> neighbours) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LibraryPage(List<ResourceSummary> resources, int total) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OverviewCell(String door, int count, @Nullable ResourceSummary featured) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OverviewLever(String lever, String labelFr, String labelEn, List<OverviewCell> cells,
                                List<ResourceSummary> path, int pathMinutes) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Overview(List<String> doors, List<OverviewLever> levers) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PathView(String lever, List<ResourceSummary> steps, int minutes) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UsefulView(boolean useful, long usefulCount) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AdaptationView(UUID id, UUID resourceId, UUID documentId, @Nullable String territory) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ReportLine(String lever, String labelFr, String labelEn, int published, long views, long useful,
                             long adaptations, List<ResourceSummary> mostUseful) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TerritoryLine(String territory, int resources, long adaptations) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(List<ReportLine> levers, List<TerritoryLine> territories) {
    }
}

package fr.maillage.directory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What the directory sends and receives. Rows never leave the service. */
public final class DirectoryViews {
    static final int ORGANISATION_MAX = 200;
    static final int BIO_MAX = 1_000;
    static final int TAGS_MAX = 30;

    private DirectoryViews() {
    }

    @Serdeable
    public record CompetenceTag(@NotBlank @Size(max = 100) String slug,
                                @NotNull @Pattern(regexp = "can_help|wants_to_learn", message = "must be can_help or wants_to_learn") String mode) {
    }

    /**
     * The whole directory part of one's profile (a PUT: fields left out are cleared). Display
     * name, territory and time zone, when given, go to identity's profile in the same
     * transaction; a new territory never changes the zone by itself (the form proposes it).
     */
    @Serdeable
    public record UpdateDirectoryProfileCommand(
            @Nullable @Size(min = 1, max = 120) String displayName,
            @Nullable @Size(max = 8) String territoryCode,
            @Nullable @Size(max = ORGANISATION_MAX) String organisation,
            @Nullable @Pattern(regexp = "collectivite|association|company|academic|institution|foundation|other",
                    message = "must be collectivite, association, company, academic, institution, foundation or other") String organisationKind,
            @Nullable @Size(max = 4) List<@NotBlank @Size(max = 100) String> metiers,
            @Nullable @Size(max = TAGS_MAX) List<@Valid @NotNull CompetenceTag> competences,
            boolean pioneer,
            @Nullable @Size(max = BIO_MAX) String bio,
            @Nullable @Pattern(regexp = "open|paused", message = "must be open or paused") String availability,
            @Nullable @Min(0) @Max(20) Integer maxOpenRequests,
            @Nullable @Size(max = 10) List<@NotNull @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code") String> languages,
            boolean showEmail,
            @Nullable @Size(max = 64) String timeZone) {
    }

    @Serdeable
    public record PioneerCommand(boolean confirmed) {
    }

    @Serdeable
    public record Territory(String code, String name, String kind) {
    }

    /**
     * One person as the reader may see them. {@code email} is null unless the person chose to
     * show it (or it is the reader's own); {@code maxOpenRequests} is only for the person and
     * facilitators.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProfileView(UUID id, String displayName, String role, String initials, boolean hasPhoto,
                              @Nullable Territory territory, @Nullable String organisation, @Nullable String organisationKind,
                              List<String> metiers, List<CompetenceTag> competences, boolean pioneerDeclared,
                              boolean pioneer, @Nullable String bio, String availability,
                              @Nullable Integer maxOpenRequests, List<String> languages, @Nullable String email,
                              boolean showEmail, int solvedCount, boolean deactivated) {
    }

    /** A line of the directory; {@code deactivated}: shown as "compte désactivé". */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PersonCard(UUID id, String displayName, String initials, boolean hasPhoto, @Nullable Territory territory,
                             @Nullable String organisation, List<String> metiers, List<CompetenceTag> competences,
                             boolean pioneer, String availability, int solvedCount, boolean deactivated) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DirectoryPage(List<PersonCard> items, int total, int page, int pageSize) {
    }

    @Serdeable
    public record TerritoryCount(String code, String name, String kind, int members, int pioneers) {
    }

    /** The filters of the directory, all optional (the web client keeps them in the URL). */
    public record DirectoryQuery(@Nullable String q, @Nullable String competence, @Nullable String mode,
                                 @Nullable String metier, @Nullable String territory, @Nullable Boolean overseas,
                                 @Nullable Boolean pioneer, @Nullable Boolean openToHelp, int page) {
    }

    /** What the help feature needs to rank a pioneer; not sent to clients as such. */
    public record PioneerProfile(UUID userId, String displayName, @Nullable String territoryCode, @Nullable String territoryKind,
                                 Set<String> canHelp, boolean paused, int maxOpenRequests) {
    }
}

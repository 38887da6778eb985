package fr.maillage.help;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Help requests on the wire: commands in, views out. */
public final class HelpViews {
    static final int KEY_MAX = 64;
    static final int TITLE_MAX = 200;
    static final int NEED_MAX = 5_000;
    static final int MESSAGE_MAX = 5_000;
    static final int REASON_MAX = 500;

    private HelpViews() {
    }

    @Serdeable
    public record CreateHelpRequestCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotBlank @Size(min = 3, max = TITLE_MAX) String title,
            @NotBlank @Size(max = NEED_MAX) String need,
            @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 100) String> competences,
            @NotBlank @Size(max = 100) String theme,
            @NotNull @Pattern(regexp = "low|normal|high", message = "must be low, normal or high") String urgency,
            @NotNull @Pattern(regexp = "written|call|visit", message = "must be written, call or visit") String preferredForm) {
    }

    @Serdeable
    public record PassCommand(@NotBlank @Size(max = REASON_MAX) String reason) {
    }

    @Serdeable
    public record SolveCommand(@Nullable @Size(max = REASON_MAX) String thanks) {
    }

    /** The socket command {@code help.post_message} ({@code requestId} is the socket's own correlation id). */
    @Serdeable
    public record PostMessageCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotNull UUID helpRequestId,
            @NotBlank @Size(max = MESSAGE_MAX) String body) {
    }

    @Serdeable
    public record Person(UUID id, String displayName) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HelpRequestView(UUID id, String title, String need, String theme, List<String> competences, String urgency,
                                  String preferredForm, String status, Person requester, @Nullable Person helper,
                                  Instant createdAt, @Nullable Instant acceptedAt, @Nullable Instant solvedAt,
                                  @Nullable Instant escalatedAt, boolean late, @Nullable String thanks) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ReasonView(String factor, int points, String detail) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MatchView(Person pioneer, int rank, int score, List<ReasonView> reasons, String wave, String state,
                            @Nullable String passReason) {
    }

    @Serdeable
    public record MessageView(UUID id, UUID requestId, Person author, String body, Instant createdAt, boolean hidden,
                              boolean moderated) {
    }

    /**
     * One request as the reader may see it: offered pioneers see the request but not the
     * matches nor the private conversation ({@code matches}, {@code messages}, {@code stream}
     * and {@code readers} are null for them). A facilitator not (yet) let into the conversation
     * sees the request and its matches, not the messages.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HelpPage(HelpRequestView request, @Nullable List<MatchView> matches, @Nullable List<MessageView> messages,
                           @Nullable String stream, long seq, @Nullable String myOffer, @Nullable ReadersView readers) {
    }

    /**
     * Who can read the private conversation: the participants, the facilitators and
     * administrators invited by name, and whether every facilitator and administrator may
     * (once the request escalated). {@code invitable} lists who a participant may still
     * invite (empty for anyone else).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ReadersView(List<Person> participants, List<InvitedReader> invited, boolean facilitators,
                              List<Person> invitable) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record InvitedReader(Person reader, @Nullable Person invitedBy, Instant invitedAt) {
    }

    @Serdeable
    public record InviteReaderCommand(@NotNull UUID userId) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MyHelp(List<HelpRequestView> asked, List<HelpRequestView> offered, List<HelpRequestView> helping) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Board(List<HelpRequestView> open, List<HelpRequestView> late, List<HelpRequestView> accepted,
                        List<HelpRequestView> solved) {
    }
}

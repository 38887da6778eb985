package fr.maillage.identity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Inputs of the identity feature; limits match docs/api.md. */
public final class IdentityCommands {
    static final int EMAIL_MAX = 254;
    static final int PASSWORD_MIN = 10;
    static final int PASSWORD_MAX = 200;
    static final int NAME_MAX = 80;
    static final int MESSAGE_MAX = 1000;
    static final String ROLES = "administrator|facilitator|member|guest";
    static final String LANGUAGES = "fr|en";

    private IdentityCommands() {
    }

    @Serdeable
    public record SignInCommand(
            @NotBlank @Email @Size(max = EMAIL_MAX) String email,
            @NotBlank @Size(max = PASSWORD_MAX) String password) {
    }

    @Serdeable
    public record InviteCommand(
            @NotBlank @Email @Size(max = EMAIL_MAX) String email,
            @NotNull @Pattern(regexp = ROLES, message = "must be one of administrator, facilitator, member, guest") String role,
            @Nullable @Size(max = MESSAGE_MAX) String message,
            // A guest's themes (issue 16): slugs it may read once it accepts; only for guests.
            @Nullable @Size(max = InvitationThemes.MAX) java.util.List<@NotBlank @Size(max = 100) String> themes) {
    }

    @Serdeable
    public record AcceptInvitationCommand(
            @Nullable @Email @Size(max = EMAIL_MAX) String email,
            @NotBlank @Size(max = NAME_MAX) String displayName,
            @NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String password,
            @Nullable @Size(max = 8) String territoryCode,
            @Nullable @Size(max = 64) String timeZone,
            @Nullable @Pattern(regexp = LANGUAGES, message = "must be fr or en") String language) {
    }

    @Serdeable
    public record RequestPasswordResetCommand(@NotBlank @Email @Size(max = EMAIL_MAX) String email) {
    }

    @Serdeable
    public record ResetPasswordCommand(@NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String password) {
    }

    @Serdeable
    public record UpdateProfileCommand(
            @Nullable @Size(min = 1, max = NAME_MAX) String displayName,
            @Nullable @Size(max = 8) String territoryCode,
            @Nullable @Size(max = 64) String timeZone,
            @Nullable @Pattern(regexp = LANGUAGES, message = "must be fr or en") String language) {
    }

    @Serdeable
    public record ChangePasswordCommand(
            @NotNull @Size(max = PASSWORD_MAX) String currentPassword,
            @NotNull @Size(min = PASSWORD_MIN, max = PASSWORD_MAX) String newPassword) {
    }

    @Serdeable
    public record ChangeRoleCommand(
            @NotNull @Pattern(regexp = ROLES, message = "must be one of administrator, facilitator, member, guest") String role) {
    }

    /** Deleting one's own account: the password again, a typed confirmation and what becomes of one's posts. */
    @Serdeable
    public record DeleteMyAccountCommand(
            @NotNull @Size(max = PASSWORD_MAX) String password,
            @NotNull @Size(max = 40) String confirmation,
            @NotNull @Pattern(regexp = POSTS, message = "must be keep or delete") String posts) {
    }

    /** An administrator deletes someone's account on their request. */
    @Serdeable
    public record DeleteAccountCommand(
            @NotNull @Size(max = 40) String confirmation,
            @NotNull @Pattern(regexp = POSTS, message = "must be keep or delete") String posts) {
    }

    static final String POSTS = "keep|delete";
}

package fr.maillage.core.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum Role {
    ADMINISTRATOR, FACILITATOR, MEMBER, GUEST;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(value)).findFirst();
    }

    /** Administrators and facilitators run the network: they invite, moderate, schedule. */
    public boolean animates() {
        return this == ADMINISTRATOR || this == FACILITATOR;
    }
}

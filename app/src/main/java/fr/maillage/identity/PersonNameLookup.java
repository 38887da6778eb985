package fr.maillage.identity;

import fr.maillage.core.security.PersonNames;
import fr.maillage.identity.IdentityRepositories.UserRepository;
import fr.maillage.identity.IdentityRows.UserRow;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.UUID;

@Singleton
class PersonNameLookup implements PersonNames {
    private final UserRepository users;

    PersonNameLookup(UserRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public String displayName(UUID userId) {
        return users.findById(userId).map(UserRow::displayName).orElse("?");
    }
}

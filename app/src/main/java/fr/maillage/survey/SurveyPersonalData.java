package fr.maillage.survey;

import fr.maillage.core.privacy.ExportWriter;
import fr.maillage.core.privacy.PersonalData;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * A survey's part of a person: drafts go on deletion; named answers lose their person and stay
 * counted, like anonymous ones. The export holds the named answers (anonymous ones cannot be
 * found again, by design).
 */
@Singleton
class SurveyPersonalData implements PersonalData {
    private final SurveyService surveys;

    SurveyPersonalData(SurveyService surveys) {
        this.surveys = surveys;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        surveys.erase(erasure.userId());
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        export.json("surveys.json", surveys.personalData(export.userId()));
    }
}

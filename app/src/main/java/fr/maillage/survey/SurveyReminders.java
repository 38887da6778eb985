package fr.maillage.survey;

import fr.maillage.core.schedule.ClusterJobs;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;

/**
 * Every node ticks; {@link ClusterJobs} lets one of them through per interval, and
 * {@link SurveyService#remindDue} is idempotent on its own (one {@code survey_reminder} row per
 * survey and person, and the notice's dedupe key {@code survey.reminder:<surveyId>}).
 */
@Singleton
class SurveyReminders {
    private static final Logger LOG = LoggerFactory.getLogger(SurveyReminders.class);
    static final String JOB = "survey.reminders";
    private final SurveyService surveys;
    private final ClusterJobs jobs;
    private final TransactionOperations<Connection> transactions;
    private final Duration interval;

    SurveyReminders(SurveyService surveys, ClusterJobs jobs, TransactionOperations<Connection> transactions,
                    @Value("${maillage.survey.reminder-interval:10m}") Duration interval) {
        this.surveys = surveys;
        this.jobs = jobs;
        this.transactions = transactions;
        this.interval = interval;
    }

    @Scheduled(fixedDelay = "${maillage.survey.reminder-interval:10m}", initialDelay = "1m")
    void tick() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("survey reminders failed error={}", e.toString());
        }
    }

    /** Sends the due reminders if this node claims the run; returns how many, -1 when another node has it. */
    int run() {
        return transactions.executeWrite(status -> jobs.claim(JOB, interval) ? surveys.remindDue() : -1);
    }
}

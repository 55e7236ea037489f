package io.sbme.support.poison;

import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.support.audit.AuditLog;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How every stage handles a record it cannot process: a few quick retries, then its dead-letter
 * topic with the reason ({@link StageDeadLetters}); and a {@link CrashGuard} so that a record that
 * stops the process cannot do so in a loop.
 */
@AutoConfiguration(after = io.sbme.support.audit.AuditConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
public class PoisonConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PoisonConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    StageDeadLetters stageDeadLetters(KafkaTemplate<String, Object> template,
                                      @Value("${spring.application.name:sbme}") String application,
                                      ObjectProvider<MeterRegistry> meters) {
        return new StageDeadLetters(template, application, meters.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler sbmeErrorHandler(StageDeadLetters deadLetters) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxAttempts(3);
        return new DefaultErrorHandler(deadLetters, backOff);
    }

    /**
     * The marks file is per process on this machine: the application name and HTTP port tell the
     * local stack's processes apart, and a pod has a disk of its own. A process on a random port
     * (a test) has no restart to recognise, so it gets a file of its own, removed at exit.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "sbme.crash-guard.enabled", havingValue = "true", matchIfMissing = true)
    InProgressMarks inProgressMarks(@Value("${spring.application.name:sbme}") String application,
                                    @Value("${server.port:8080}") int port,
                                    @Value("${sbme.crash-guard.directory:${java.io.tmpdir}/sbme-marks}") String directory) {
        String name = port > 0 ? application + "-" + port : application + "-pid" + ProcessHandle.current().pid();
        Path file = Path.of(directory, name + ".marks");
        InProgressMarks marks = InProgressMarks.open(file);
        if (port <= 0) {
            file.toFile().deleteOnExit();
        }
        return marks;
    }

    @Bean
    @ConditionalOnProperty(name = "sbme.crash-guard.enabled", havingValue = "true", matchIfMissing = true)
    CrashGuard crashGuard(InProgressMarks marks, StageDeadLetters deadLetters,
                          @Value("${sbme.crash-guard.max-starts:2}") int maxStarts) {
        return new CrashGuard(marks, deadLetters, maxStarts);
    }

    /** Says, once the stage is up, that its previous process ended in the middle of a record. */
    @Bean
    @ConditionalOnProperty(name = "sbme.crash-guard.enabled", havingValue = "true", matchIfMissing = true)
    ApplicationListener<ApplicationReadyEvent> reportInterruptedRecords(CrashGuard guard,
                                                                       ObjectProvider<AuditLog> audit,
                                                                       ObjectProvider<MeterRegistry> meters) {
        return event -> {
            MeterRegistry registry = meters.getIfAvailable();
            for (InProgressMarks.Interrupted record : guard.interrupted()) {
                log.warn("The previous process stopped while processing {} at offset {} (start {} of that record)",
                        record.partition(), record.offset(), record.starts());
                if (registry != null) {
                    registry.counter("sbme.stage.stopped.mid.record").increment();
                }
                AuditLog auditLog = audit.getIfAvailable();
                if (auditLog != null) {
                    auditLog.record("system", StageRestart.ACTION, record.partition(), "restarted",
                            Map.of("offset", String.valueOf(record.offset()),
                                    "starts", String.valueOf(record.starts())));
                }
            }
        };
    }
}

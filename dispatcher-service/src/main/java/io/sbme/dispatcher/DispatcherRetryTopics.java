package io.sbme.dispatcher;

import io.sbme.support.poison.StageDeadLetters;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;

/**
 * The composed-messages retry chain writes its dead letters as every other stage does: with the
 * stage and reason headers, and without a stack trace (long, and it can quote the record).
 */
@Configuration(proxyBeanMethods = false)
class DispatcherRetryTopics extends RetryTopicConfigurationSupport {

    private final String application;

    DispatcherRetryTopics(@Value("${spring.application.name}") String application) {
        this.application = application;
    }

    @Override
    protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
        return factory -> factory.setDeadLetterPublishingRecovererCustomizer(recoverer -> {
            // Added to spring-kafka's own headers function, which carries the retry attempts.
            recoverer.addHeadersFunction(StageDeadLetters.headers(application));
            recoverer.excludeHeader(HeadersToAdd.EX_STACKTRACE);
        });
    }
}

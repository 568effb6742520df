package dev.mooring.query.stream;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * A write to {@code workspace_events} that fails stops the processor at that event, which it then
 * retries, instead of Axon's default of logging and moving on: a skipped event would be missing
 * from every stream for good. (Mode, segment and thread are in application.yml.)
 */
@Configuration(proxyBeanMethods = false)
class WorkspaceEventsConfig {

    @Autowired
    void retryRatherThanSkip(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(WorkspaceEventsProjection.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}

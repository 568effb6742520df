package dev.mooring.query.accounts;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;

/** The live projection's events are timed ({@link ReadModelLag}); a rebuild's are history, not lag. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class ReadModelLagConfig {

    @Autowired
    void timeTheLiveProjection(EventProcessingConfigurer processing, Clock clock, MeterRegistry meters) {
        processing.registerHandlerInterceptor(AccountsProjection.PROCESSING_GROUP, configuration -> new ReadModelLag(clock, meters));
    }
}

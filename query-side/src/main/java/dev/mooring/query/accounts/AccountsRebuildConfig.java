package dev.mooring.query.accounts;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.config.Configuration;
import org.springframework.beans.factory.annotation.Autowired;


/**
 * The rebuild processor does not start with the application: {@link AccountsReplay} starts it on
 * the instance that begins a rebuild (or finds one under way) and stops it once readers have
 * switched. Its first token is the head, so a processor that has never rebuilt anything has nothing
 * to read; a rebuild resets it to the start explicitly.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class AccountsRebuildConfig {

    /** Events per transaction: a rebuild works through a backlog, and one commit per event halved its pace. */
    static final int REBUILD_BATCH = 500;

    @Autowired
    void rebuildProcessorStartsOnDemand(EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessor(AccountsRebuildProjection.PROCESSING_GROUP,
                Configuration::eventStore,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(REBUILD_BATCH)
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken)
                        .andAutoStart(false));
    }
}

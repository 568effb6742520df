package dev.mooring.api.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stops the deadline scheduler (db-scheduler) before anything a deadline needs. The starter stops it
 * only as a bean destroy method, which Spring runs after every lifecycle bean has stopped: Axon's
 * handlers were gone for a second or two while due deadlines still fired, and each of those failed
 * ("No handler was subscribed"). Here it stops in a lifecycle phase ahead of the web server (phase
 * {@code MAX_VALUE - 1024}, so the built-in sandbox still answers a refresh under way) and of Axon's
 * whole configuration ({@code MAX_VALUE - 3072}): it picks no more due deadlines and lets the
 * running ones finish with every handler still subscribed. What is due later fires after the next
 * start.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineSchedulerShutdown {

    static final int PHASE = Integer.MAX_VALUE - 512;

    @Bean
    SmartLifecycle deadlineSchedulerStopsFirst(Scheduler scheduler) {
        return new StopsFirst(scheduler);
    }

    /** The lifecycle above stops the scheduler; the starter's destroy method would stop it again and warn. */
    @Bean
    static BeanFactoryPostProcessor deadlineSchedulerStoppedOnce() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanNamesForType(Scheduler.class, true, false)) {
                beanFactory.getBeanDefinition(name).setDestroyMethodName(null);
            }
        };
    }

    private record StopsFirst(Scheduler scheduler) implements SmartLifecycle {

        /** The starter starts the scheduler once the context is ready, after Axon subscribed its handlers. */
        @Override
        public void start() {
        }

        /** Returns once the deadlines under way have finished (at most {@code db-scheduler.shutdown-max-wait}). */
        @Override
        public void stop() {
            if (!scheduler.getSchedulerState().isShuttingDown()) {
                scheduler.stop();
            }
        }

        @Override
        public boolean isRunning() {
            return !scheduler.getSchedulerState().isShuttingDown();
        }

        @Override
        public int getPhase() {
            return PHASE;
        }
    }
}

package dev.mooring.api.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The build's training run for the class-data archive ({@code bin/mooring --train}): once started,
 * answer one request, so the classes of serving it are archived too, then exit. It exits before the
 * application runners, so a throwaway data directory gets no development key.
 */
@Component
@ConditionalOnProperty("mooring.class-data-training")
class ClassDataTraining implements ApplicationListener<ApplicationStartedEvent> {

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(30)).build();
        int status;
        try {
            status = HttpClient.newHttpClient().send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("the training run could not reach its own health route", e);
        }
        int exit = SpringApplication.exit(event.getApplicationContext(), () -> status == 200 ? 0 : 1);
        // the JVM writes the archive as it exits
        System.exit(exit);
    }
}

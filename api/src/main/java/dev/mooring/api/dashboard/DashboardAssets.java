package dev.mooring.api.dashboard;

import dev.mooring.api.gate.GateRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The operator dashboard at {@code /}: one HTML page and its scripts and stylesheet, plain files from
 * the jar (no build step, no CDN). The page signs in with an API key and reads everything from
 * {@code /v1}; the gate lets anyone load it ({@link GateRoutes#DASHBOARD}) under a policy of its own.
 */
@Configuration(proxyBeanMethods = false)
class DashboardAssets {

    private static final String FOLDER = "dashboard/";

    @Bean
    RouterFunction<ServerResponse> dashboard() {
        ClassPathResource page = new ClassPathResource(FOLDER + "index.html");
        return RouterFunctions.route(GET(GateRoutes.DASHBOARD_PAGE),
                        request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page))
                .and(RouterFunctions.resources(GateRoutes.DASHBOARD_ASSETS, new ClassPathResource(FOLDER)));
    }
}

package dev.mooring.api.config;

import dev.mooring.kernel.outbound.OutboundPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;

/**
 * The one outbound policy, built here from the settings and handed to both sides: the command side
 * fetches Bluesky identities with it, the query side delivers webhooks with it, and the API checks
 * webhook URLs with it. The policy lives in shared-kernel as pure logic; the lookup is the JDK's.
 */
@Configuration(proxyBeanMethods = false)
class OutboundConfig {

    @Bean
    OutboundPolicy outboundPolicy(OutboundProperties outbound, MooringProperties mooring) {
        boolean localWebhooks = outbound.localWebhooks() != null ? outbound.localWebhooks() : mooring.embeddedDatabase();
        try {
            return new OutboundPolicy(outbound.allowedHosts(), localWebhooks, InetAddress::getAllByName);
        } catch (IllegalArgumentException e) {
            // refuse to start rather than run with a list that means something other than was meant
            throw new IllegalStateException("MOORING_OUTBOUND_ALLOWED_HOSTS must be comma-separated host[:port]; "
                    + e.getMessage(), e);
        }
    }
}

package dev.mooring.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.json.Jackson2JsonDecoder;

import java.io.IOException;

/**
 * No string in a JSON request body may hold a control character (U+0000 to U+001F, U+007F): no
 * id, name, identifier or URL Mooring takes has one, and PostgreSQL refuses NUL outright, which
 * would surface as a 500. Such a body answers 400 {@code validation_failed} instead. Only the
 * request decoder is strict; the application's {@link ObjectMapper} (events, upstream answers)
 * is left as it is.
 */
@Configuration(proxyBeanMethods = false)
public class NoControlCharacters {

    /** Marks the refusal, so the error handler can say what was wrong. */
    public static final class Refused extends JsonMappingException {
        Refused(JsonParser parser) {
            super(parser, "a string holds a control character");
        }
    }

    /** Runs after Spring Boot's own Jackson codec customizer, which it replaces for request bodies. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    CodecCustomizer strictJsonRequests(ObjectMapper json) {
        ObjectMapper strict = json.copy().registerModule(new SimpleModule("no-control-characters")
                .addDeserializer(String.class, new StrictStrings()));
        return codecs -> codecs.defaultCodecs().jackson2JsonDecoder(new Jackson2JsonDecoder(strict));
    }

    public static boolean hasControlCharacter(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static final class StrictStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value != null && hasControlCharacter(value)) {
                throw new Refused(parser);
            }
            return value;
        }
    }
}

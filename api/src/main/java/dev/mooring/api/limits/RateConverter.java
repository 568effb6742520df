package dev.mooring.api.limits;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Reads {@code 60/1m} in {@code mooring.limits.*} settings as a {@link Rate}. */
@Component
@ConfigurationPropertiesBinding
public class RateConverter implements Converter<String, Rate> {

    @Override
    public Rate convert(String text) {
        return Rate.parse(text);
    }
}

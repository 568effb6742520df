package dev.mooring.api.support;

import org.springframework.web.util.HtmlUtils;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one form on a page, read as a browser would submit it: its action and its fields' current
 * values. Read with patterns, which is enough for the plain pages Mooring serves itself.
 */
public record HtmlForm(URI action, Map<String, String> fields, Map<String, String> buttons) {

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>");
    private static final Pattern BUTTON = Pattern.compile("<button\\b([^>]*)>(.*?)</button>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");

    public static HtmlForm on(Browser.Page page) {
        Matcher form = FORM.matcher(page.body());
        if (!form.find()) {
            throw new AssertionError("no form on " + page.uri() + ":\n" + page.body());
        }
        Map<String, String> formAttributes = attributes(form.group(1));
        if (!"post".equalsIgnoreCase(formAttributes.get("method"))) {
            throw new AssertionError("the form on " + page.uri() + " does not POST");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(form.group(2));
        while (input.find()) {
            Map<String, String> attributes = attributes(input.group(1));
            fields.put(attributes.get("name"), attributes.getOrDefault("value", ""));
        }
        // a button's label, by its name=value as the submission carries it
        Map<String, String> buttons = new LinkedHashMap<>();
        Matcher button = BUTTON.matcher(form.group(2));
        while (button.find()) {
            Map<String, String> attributes = attributes(button.group(1));
            buttons.put(button.group(2).strip(), attributes.get("name") + "=" + attributes.get("value"));
        }
        return new HtmlForm(page.uri().resolve(formAttributes.getOrDefault("action", "")), fields, buttons);
    }

    /** The fields as submitted by pressing the button labelled {@code label}, with {@code changes} typed in first. */
    public Map<String, String> pressing(String label, Map<String, String> changes) {
        String button = buttons.get(label);
        if (button == null) {
            throw new AssertionError("no button '" + label + "' in " + buttons.keySet());
        }
        Map<String, String> submitted = new LinkedHashMap<>(fields);
        changes.forEach((name, value) -> {
            if (!fields.containsKey(name)) {
                throw new AssertionError("no field " + name + " in " + fields.keySet());
            }
            submitted.put(name, value);
        });
        int equals = button.indexOf('=');
        submitted.put(button.substring(0, equals), button.substring(equals + 1));
        return submitted;
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(tag);
        while (attribute.find()) {
            attributes.put(attribute.group(1).toLowerCase(), HtmlUtils.htmlUnescape(attribute.group(2)));
        }
        return attributes;
    }
}

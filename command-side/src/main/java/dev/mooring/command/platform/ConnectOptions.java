package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the caller chose at connect start, or picks later at select, for platforms that need a
 * choice ({@link ChoiceKind}).
 *
 * @param boardId Pinterest: the board to post to; when absent and the user has several, the
 *                connect asks which
 * @param pageId  Facebook: the Page to connect; when absent and the user manages several, the
 *                connect asks which
 */
@FrontDoor
public record ConnectOptions(String boardId, String pageId) {

    public static final ConnectOptions NONE = new ConnectOptions(null, null);

    /** The options named as {@link #named()} names them; a name these options do not know is left out. */
    public static ConnectOptions of(Map<String, String> named) {
        return new ConnectOptions(named.get("boardId"), named.get("pageId"));
    }

    /** The options given, by their names in the API ({@link ChoiceKind#option()}). */
    public Map<String, String> named() {
        Map<String, String> named = new LinkedHashMap<>();
        if (boardId != null) {
            named.put("boardId", boardId);
        }
        if (pageId != null) {
            named.put("pageId", pageId);
        }
        return named;
    }
}

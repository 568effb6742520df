package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;

/**
 * What the caller chose at connect start, for platforms that need a choice.
 *
 * @param boardId Pinterest: the board to post to; the first listed when absent
 * @param pageId  Facebook: the Page to connect; when absent and the user manages several, the
 *                connect asks which
 */
@FrontDoor
public record ConnectOptions(String boardId, String pageId) {

    public static final ConnectOptions NONE = new ConnectOptions(null, null);
}

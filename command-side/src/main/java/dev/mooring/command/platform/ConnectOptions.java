package dev.mooring.command.platform;

/**
 * What the caller chose at connect start, for platforms that need a choice.
 *
 * @param boardId Pinterest: the board to post to; the first listed when absent
 */
public record ConnectOptions(String boardId) {

    public static final ConnectOptions NONE = new ConnectOptions(null);
}

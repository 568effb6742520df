package dev.mooring.kernel.account;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Public, platform-specific facts about an account that posting tools need (never a secret).
 *
 * @param defaultBoard Pinterest: the board pins go to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountExtensions(DefaultBoard defaultBoard) {

    public static final AccountExtensions NONE = new AccountExtensions(null);

    /** A Pinterest board, by id and name. */
    public record DefaultBoard(String id, String name) {
    }
}

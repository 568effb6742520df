package dev.mooring.api.auth;

import dev.mooring.api.gate.ApiScope;
import dev.mooring.kernel.WorkspaceId;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code create-api-key --workspace NAME [--name KEY_NAME] [--scopes a,b]}: the operator's way to a
 * first API key on any database, where no development key exists. The workspace of that name is
 * used, or created when there is none; the key is shown once, in this command's output. Without
 * {@code --scopes} the key gets {@link ApiScope#DEFAULTS}, as one made through the API does.
 */
public record CreateApiKeyCommand(String workspace, String keyName, Set<ApiScope> scopes) {

    public static final String NAME = "create-api-key";
    public static final String USAGE = "usage: create-api-key --workspace NAME [--name KEY_NAME] [--scopes SCOPE,SCOPE...]"
            + " [--mooring.* settings]\n  scopes: " + String.join(", ", ApiScope.wireNames());
    private static final String DEFAULT_KEY_NAME = "created by create-api-key";

    /** What the command did: the key's plaintext exists here and in the printed output only. */
    public record Outcome(WorkspaceId workspace, boolean workspaceCreated, ApiKeys.NewKey key) {

        public String describe() {
            return """
                    Workspace %s (%s)
                    API key %s "%s" with scopes %s, shown once (Mooring keeps only its hash):
                    %s
                    """.formatted(workspace.value(), workspaceCreated ? "created" : "existing",
                    key.id(), key.name(), String.join(",", ApiScope.wireNames(key.scopes())), key.key());
        }
    }

    /** Thrown for arguments this command cannot run with; its message is the whole explanation. */
    public static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message + "\n" + USAGE);
        }
    }

    /**
     * Reads this command's own arguments; everything else (settings such as
     * {@code --mooring.database.url=...}) is left in {@code settings} for the application.
     */
    public static CreateApiKeyCommand parse(List<String> arguments, List<String> settings) {
        String workspace = null;
        String keyName = DEFAULT_KEY_NAME;
        String scopes = null;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals(NAME)) {
                continue;
            }
            if (argument.equals("--workspace") || argument.equals("--name") || argument.equals("--scopes")) {
                if (i + 1 >= arguments.size()) {
                    throw new UsageException(argument + " needs a value");
                }
                String value = arguments.get(++i);
                if (argument.equals("--workspace")) {
                    workspace = value;
                } else if (argument.equals("--name")) {
                    keyName = value;
                } else {
                    scopes = value;
                }
            } else if (argument.startsWith("--workspace=")) {
                workspace = argument.substring("--workspace=".length());
            } else if (argument.startsWith("--name=")) {
                keyName = argument.substring("--name=".length());
            } else if (argument.startsWith("--scopes=")) {
                scopes = argument.substring("--scopes=".length());
            } else {
                settings.add(argument);
            }
        }
        if (workspace == null || workspace.isBlank()) {
            throw new UsageException("--workspace NAME is required");
        }
        if (keyName.isBlank()) {
            throw new UsageException("--name must not be blank");
        }
        if (hasControlCharacters(workspace) || hasControlCharacters(keyName)) {
            throw new UsageException("names must not contain control characters");
        }
        return new CreateApiKeyCommand(workspace.strip(), keyName.strip(), scopes == null ? ApiScope.DEFAULTS : parseScopes(scopes));
    }

    /** A comma-separated list of wire names, at least one; the same names the API takes. */
    private static Set<ApiScope> parseScopes(String list) {
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String name : list.split(",", -1)) {
            scopes.add(ApiScope.fromWireName(name.strip())
                    .orElseThrow(() -> new UsageException("--scopes names a scope that does not exist")));
        }
        return scopes;
    }

    public Outcome run(ApiKeys keys) {
        List<WorkspaceId> named = keys.workspacesNamed(workspace);
        if (named.size() > 1) {
            throw new UsageException("%d workspaces are named \"%s\" (%s): rename all but one first".formatted(
                    named.size(), workspace, named.stream().map(WorkspaceId::value).collect(Collectors.joining(", "))));
        }
        boolean created = named.isEmpty();
        WorkspaceId id = created ? keys.createWorkspace(workspace) : named.get(0);
        return new Outcome(id, created, keys.create(id, keyName, scopes));
    }

    private static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }
}

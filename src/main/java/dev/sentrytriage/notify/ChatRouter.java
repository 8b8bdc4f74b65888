package dev.sentrytriage.notify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;

/**
 * Chooses the chat (and forum topic) of an incident: the first configured route that takes it (see {@link RouteRule}),
 * else the default chat; with neither, nowhere (the incident is stored, its message only logged). Chats Telegram
 * moved to a supergroup are followed.
 */
@ApplicationScoped
public class ChatRouter {

    private final TriageConfig.Telegram config;
    private final List<TriageConfig.Telegram.Route> routes;
    private final List<RouteRule> rules;

    public ChatRouter(TriageConfig config) {
        this.config = config.telegram();
        this.routes = this.config.routes().orElse(List.of());
        this.rules = RouteRule.compile(routes);
    }

    /** Name of the destination that is the default chat. */
    public static final String DEFAULT_ROUTE = "default";

    /**
     * Where a message goes; {@code chatId} null when no chat is configured. {@code route} names the route that took
     * the incident ({@code routes[n]} or its name, {@link #DEFAULT_ROUTE} for the default chat, null for none).
     */
    public record Destination(String chatId, Integer threadId, String route) {

        public Destination(String chatId, Integer threadId) {
            this(chatId, threadId, null);
        }
    }

    /** What {@code triage.telegram.routes} gets wrong (invalid patterns), one sentence each; empty when usable. */
    public static List<String> problems(TriageConfig config) {
        return RouteRule.problems(config.telegram().routes().orElse(List.of()));
    }

    /** The destination of {@code incident}, following {@code migrations} (old chat id to new). */
    public Destination route(Incident incident, Map<String, String> migrations) {
        for (RouteRule rule : rules) {
            if (rule.matches(incident)) {
                return new Destination(follow(rule.route().chatId(), migrations),
                        rule.route().threadId().or(config::threadId).orElse(null), rule.name());
            }
        }
        Optional<String> chat = config.chatId().map(String::trim).filter(c -> !c.isEmpty());
        return new Destination(chat.map(c -> follow(c, migrations)).orElse(null), config.threadId().orElse(null),
                chat.isPresent() ? DEFAULT_ROUTE : null);
    }

    /**
     * Where a message goes when Telegram refuses {@code refusedChat} for good (not found, bot kicked): the default
     * chat, or null when there is none or it is the refused one.
     */
    public Destination fallback(String refusedChat) {
        Optional<String> chat = config.chatId().map(String::trim).filter(c -> !c.isEmpty());
        if (chat.isEmpty() || chat.get().equals(refusedChat.trim())) {
            return null;
        }
        return new Destination(chat.get(), config.threadId().orElse(null));
    }

    /** Every chat a message may go to, each with what it is for: the default chat, then each route's. */
    public Map<String, String> configuredChats() {
        Map<String, String> chats = new java.util.LinkedHashMap<>();
        config.chatId().map(String::trim).filter(c -> !c.isEmpty()).ifPresent(c -> chats.put(c, "default"));
        for (int i = 0; i < routes.size(); i++) {
            TriageConfig.Telegram.Route r = routes.get(i);
            chats.putIfAbsent(r.chatId().trim(), "route " + i + r.project().map(p -> " (project " + p + ")").orElse(""));
        }
        return chats;
    }

    /** The escalation chat, following {@code migrations}; null when none is configured. */
    public String escalationChat(Map<String, String> migrations) {
        return config.escalationChatId().map(String::trim).filter(c -> !c.isEmpty()).map(c -> follow(c, migrations))
                .orElse(null);
    }

    /** Chats whose button presses are accepted: the configured list, else every chat a message may go to. */
    public Set<String> allowedChats(Map<String, String> migrations) {
        Set<String> chats = new LinkedHashSet<>();
        if (config.allowedChats().isPresent()) {
            config.allowedChats().get().stream().map(String::trim).forEach(chats::add);
        } else {
            config.chatId().map(String::trim).ifPresent(chats::add);
            routes.forEach(r -> chats.add(r.chatId().trim()));
            config.escalationChatId().map(String::trim).filter(c -> !c.isEmpty()).ifPresent(chats::add);
        }
        // a chat that moved keeps its rights under its new id
        migrations.forEach((from, to) -> {
            if (chats.contains(from)) {
                chats.add(to);
            }
        });
        return chats;
    }

    private static String follow(String chatId, Map<String, String> migrations) {
        String chat = chatId.trim();
        for (int hops = 0; hops < 5 && migrations.containsKey(chat); hops++) {
            chat = migrations.get(chat);
        }
        return chat;
    }
}

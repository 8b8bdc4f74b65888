package dev.sentrytriage.notify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.Risk;

/**
 * Chooses the chat (and forum topic) of an incident: the first configured route whose project and minimum risk match,
 * else the default chat. Chats Telegram moved to a supergroup are followed.
 */
@ApplicationScoped
public class ChatRouter {

    private final TriageConfig.Telegram config;
    private final List<TriageConfig.Telegram.Route> routes;

    public ChatRouter(TriageConfig config) {
        this.config = config.telegram();
        this.routes = this.config.routes().orElse(List.of());
    }

    /** Where a message goes; {@code chatId} null when no chat is configured. */
    public record Destination(String chatId, Integer threadId) {
    }

    /** The destination of {@code incident}, following {@code migrations} (old chat id to new). */
    public Destination route(Incident incident, Map<String, String> migrations) {
        Risk risk = incident.risk == null ? Risk.MEDIUM : incident.risk;
        for (TriageConfig.Telegram.Route route : routes) {
            boolean project = route.project().map(p -> p.equals(incident.project)).orElse(true);
            boolean enough = route.minRisk().map(min -> !min.higherThan(risk)).orElse(true);
            if (project && enough) {
                return new Destination(follow(route.chatId(), migrations),
                        route.threadId().or(config::threadId).orElse(null));
            }
        }
        Optional<String> chat = config.chatId().map(String::trim).filter(c -> !c.isEmpty());
        return new Destination(chat.map(c -> follow(c, migrations)).orElse(null), config.threadId().orElse(null));
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

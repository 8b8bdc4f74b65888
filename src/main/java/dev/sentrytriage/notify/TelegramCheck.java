package dev.sentrytriage.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.text.LogSafe;
import io.quarkus.runtime.StartupEvent;

/**
 * Checks every configured chat (the default one and each route's): {@link #sendTest()} sends a short message to each
 * and reports what Telegram answered; at start-up, in the background, {@code getChat} asks about each without
 * posting anything and one log line per chat says what Telegram answered. A wrong chat id or a bot that is not in the
 * group is found at setup, not at the first alert.
 */
@ApplicationScoped
public class TelegramCheck {

    private static final Logger LOG = Logger.getLogger(TelegramCheck.class);

    private final TelegramClient telegram;
    private final ChatRouter router;
    private final TelegramMessages messages;
    private final boolean atStartup;

    public TelegramCheck(TelegramClient telegram, ChatRouter router, TelegramMessages messages, TriageConfig config) {
        this.telegram = telegram;
        this.router = router;
        this.messages = messages;
        this.atStartup = config.telegram().startupCheck();
    }

    /** What Telegram answered about one chat: ok, or its error code and description (0: no answer). */
    public record ChatReport(String chatId, String role, boolean ok, Integer errorCode, String description) {
    }

    /** Whether a bot token is configured. */
    public boolean configured() {
        return telegram.configured();
    }

    /** Sends a short test message to every configured chat; one report per chat. */
    public List<ChatReport> sendTest() {
        RenderedMessage message = new RenderedMessage(
                "✅ <b>sentry-triage test message</b>\nThis chat receives incident summaries.",
                "✅ sentry-triage test message\nThis chat receives incident summaries.", List.of());
        return each((chat, role) -> telegram.send(chat, null, message, true, true));
    }

    /** Asks Telegram about every configured chat ({@code getChat}); posts nothing. */
    public List<ChatReport> lookUp() {
        return each((chat, role) -> telegram.getChat(chat));
    }

    void atStartup(@Observes StartupEvent event) {
        if (!atStartup || !telegram.configured()) {
            return;
        }
        Thread check = new Thread(this::logChats, "telegram-check");
        check.setDaemon(true);
        check.start();
    }

    /** One log line per configured chat with what Telegram answered about it. */
    void logChats() {
        try {
            for (ChatReport r : lookUp()) {
                if (r.ok()) {
                    LOG.infof("Telegram chat %s (%s): ok", LogSafe.value(r.chatId()), r.role());
                } else {
                    LOG.warnf("Telegram chat %s (%s): %s %s; messages for it %s", LogSafe.value(r.chatId()), r.role(),
                            r.errorCode(), LogSafe.value(r.description()),
                            "default".equals(r.role()) ? "fail" : "go to the default chat with a note");
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Telegram chat check failed: %s", LogSafe.error(e));
        }
    }

    private List<ChatReport> each(java.util.function.BiFunction<String, String, TelegramResult> call) {
        Map<String, String> migrations = messages.migrations();
        List<ChatReport> reports = new ArrayList<>();
        router.configuredChats().forEach((configured, role) -> {
            String chat = migrations.getOrDefault(configured, configured);
            TelegramResult r = call.apply(chat, role);
            reports.add(new ChatReport(chat, role, r.ok(), r.ok() ? null : r.errorCode(),
                    r.ok() ? null : r.description()));
        });
        return reports;
    }
}

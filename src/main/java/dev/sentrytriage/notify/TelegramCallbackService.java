package dev.sentrytriage.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.ActionResult;
import dev.sentrytriage.incident.IllegalTransitionException;
import dev.sentrytriage.incident.IncidentNotFoundException;
import dev.sentrytriage.incident.IncidentService;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Via;
import dev.sentrytriage.text.LogSafe;

/**
 * Applies a button press from Telegram: only from allowed chats (and users), each {@code update_id} once, through the
 * same {@link IncidentService} actions the API uses. Every press is answered; the message itself is edited by the
 * sender from the STATUS notification the action writes, so it shows who did what and when.
 */
@ApplicationScoped
public class TelegramCallbackService {

    private static final Logger LOG = Logger.getLogger(TelegramCallbackService.class);

    private final IncidentService incidents;
    private final TelegramMessages messages;
    private final TelegramClient telegram;
    private final ChatRouter router;
    private final Clock clock;
    private final Duration muteFor;
    private final Optional<List<Long>> allowedUsers;

    public TelegramCallbackService(IncidentService incidents, TelegramMessages messages, TelegramClient telegram,
            ChatRouter router, Clock clock, TriageConfig config) {
        this.incidents = incidents;
        this.messages = messages;
        this.telegram = telegram;
        this.router = router;
        this.clock = clock;
        this.muteFor = config.telegram().muteFor();
        this.allowedUsers = config.telegram().allowedUsers();
    }

    /** What became of one update. */
    public enum Outcome {
        APPLIED, UNCHANGED, REFUSED, DUPLICATE, IGNORED
    }

    /** Handles one update from {@code /webhooks/telegram}; only button presses ({@code callback_query}) act. */
    public Outcome handle(JsonNode update) {
        JsonNode query = update.path("callback_query");
        long updateId = update.path("update_id").asLong(-1);
        if (!query.isObject() || updateId < 0) {
            return Outcome.IGNORED;
        }
        String queryId = query.path("id").asText("");
        String chatId = query.path("message").path("chat").path("id").asText("");
        long userId = query.path("from").path("id").asLong(-1);
        Set<String> chats = router.allowedChats(messages.migrations());
        boolean userAllowed = allowedUsers.map(users -> users.contains(userId)).orElse(true);
        if (!chats.contains(chatId) || !userAllowed) {
            LOG.warnf("Telegram button press refused: chat %s, user %d not allowed", LogSafe.value(chatId), userId);
            telegram.answerCallback(queryId, "Not allowed here.");
            return Outcome.REFUSED;
        }
        if (!messages.firstDelivery(updateId, clock.instant())) {
            return Outcome.DUPLICATE;
        }
        CallbackAction.Press press = CallbackAction.parse(query.path("data").asText(null));
        if (press == null) {
            telegram.answerCallback(queryId, "Unknown button.");
            return Outcome.IGNORED;
        }
        String actor = actor(query.path("from"));
        String answer;
        Outcome outcome;
        try {
            ActionResult result = apply(press, actor);
            outcome = result.changed() ? Outcome.APPLIED : Outcome.UNCHANGED;
            answer = result.changed() ? done(press) : already(press, result);
        } catch (IncidentNotFoundException e) {
            outcome = Outcome.UNCHANGED;
            answer = "Incident #" + press.incidentId() + " no longer exists.";
        } catch (IllegalTransitionException e) {
            outcome = Outcome.UNCHANGED;
            answer = "Incident #" + press.incidentId() + " was resolved meanwhile; reopen it first.";
        } catch (RuntimeException e) {
            messages.forget(updateId); // let Telegram's redelivery try again
            throw e;
        }
        LOG.infof("Telegram: %s %s incident %d (%s)", LogSafe.value(actor), press.action(), press.incidentId(), outcome);
        telegram.answerCallback(queryId, answer);
        return outcome;
    }

    private ActionResult apply(CallbackAction.Press press, String actor) {
        return switch (press.action()) {
            case ACKNOWLEDGE -> incidents.acknowledge(press.incidentId(), actor, Via.TELEGRAM);
            case MUTE -> incidents.mute(press.incidentId(), muteFor, actor, Via.TELEGRAM);
            case RESOLVE -> incidents.resolve(press.incidentId(), actor, Via.TELEGRAM);
            case UNMUTE -> incidents.unmute(press.incidentId(), actor, Via.TELEGRAM);
            case REOPEN -> incidents.reopen(press.incidentId(), actor, Via.TELEGRAM);
        };
    }

    private static String done(CallbackAction.Press press) {
        return switch (press.action()) {
            case ACKNOWLEDGE -> "Acknowledged incident #" + press.incidentId() + ".";
            case MUTE -> "Muted incident #" + press.incidentId() + ".";
            case RESOLVE -> "Resolved incident #" + press.incidentId() + ".";
            case UNMUTE -> "Unmuted incident #" + press.incidentId() + ".";
            case REOPEN -> "Reopened incident #" + press.incidentId() + ".";
        };
    }

    private static String already(CallbackAction.Press press, ActionResult result) {
        IncidentStatus status = result.incident().status;
        if (press.action() == CallbackAction.UNMUTE) {
            return "Incident #" + press.incidentId() + " is not muted (" + status.name().toLowerCase() + ").";
        }
        String by = result.incident().statusChangedBy == null ? "" : " by " + result.incident().statusChangedBy;
        return "Incident #" + press.incidentId() + " is already " + status.name().toLowerCase() + by + ".";
    }

    /** Who pressed: {@code @username}, else the name, else the user id. */
    static String actor(JsonNode from) {
        String username = from.path("username").asText("");
        if (!username.isBlank()) {
            return HtmlText.shorten("@" + username, 64);
        }
        String name = (from.path("first_name").asText("") + " " + from.path("last_name").asText("")).trim();
        return HtmlText.shorten(name.isEmpty() ? "telegram user " + from.path("id").asText("?") : name, 64);
    }
}

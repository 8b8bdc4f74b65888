package dev.sentrytriage.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;

/**
 * Calls the Bot API and turns every outcome, including error answers and no answer at all, into a
 * {@link TelegramResult}. Never throws for what Telegram or the network does; never lets the bot token into a
 * message or a log line.
 */
@ApplicationScoped
public class TelegramClient {

    private final TelegramRestClient api;
    private final ObjectMapper mapper;
    private final Optional<String> token;

    public TelegramClient(@RestClient TelegramRestClient api, ObjectMapper mapper, TriageConfig config) {
        this.api = api;
        this.mapper = mapper;
        this.token = config.telegram().botToken().map(String::trim).filter(t -> !t.isEmpty());
    }

    /** Whether a bot token is configured; without one nothing is sent and messages go to the log. */
    public boolean configured() {
        return token.isPresent();
    }

    /** Sends {@code message} to {@code chatId}; {@code html} false sends it as plain text. */
    public TelegramResult send(String chatId, Integer threadId, RenderedMessage message, boolean html) {
        return send(chatId, threadId, null, message, html, false);
    }

    /** Sends {@code message} to {@code chatId}; {@code quiet} true lets it arrive without a sound. */
    public TelegramResult send(String chatId, Integer threadId, RenderedMessage message, boolean html, boolean quiet) {
        return send(chatId, threadId, null, message, html, quiet);
    }

    /**
     * Sends {@code message} to {@code chatId} as a reply to its message {@code replyTo} (null: not a reply; a reply
     * to a message deleted meanwhile is sent all the same); {@code quiet} true lets it arrive without a sound.
     */
    public TelegramResult send(String chatId, Integer threadId, Long replyTo, RenderedMessage message, boolean html,
            boolean quiet) {
        Map<String, Object> request = body(chatId, message, html);
        if (threadId != null) {
            request.put("message_thread_id", threadId);
        }
        if (quiet) {
            request.put("disable_notification", true);
        }
        if (replyTo != null) {
            request.put("reply_parameters", Map.of("message_id", replyTo, "allow_sending_without_reply", true));
        }
        return call(t -> api.sendMessage(t, request));
    }

    /** Replaces the text and buttons of message {@code messageId} in {@code chatId}. */
    public TelegramResult edit(String chatId, long messageId, RenderedMessage message, boolean html) {
        Map<String, Object> request = body(chatId, message, html);
        request.put("message_id", messageId);
        return call(t -> api.editMessageText(t, request));
    }

    /** Answers a button press with a short notice shown to the user who pressed it. */
    public TelegramResult answerCallback(String callbackQueryId, String text) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("callback_query_id", callbackQueryId);
        request.put("text", HtmlText.shorten(text, 200));
        return call(t -> api.answerCallbackQuery(t, request));
    }

    /** Asks Telegram about {@code chatId} (whether it exists and the bot is in it); sends nothing. */
    public TelegramResult getChat(String chatId) {
        return call(t -> api.getChat(t, Map.of("chat_id", chatId)));
    }

    private static Map<String, Object> body(String chatId, RenderedMessage message, boolean html) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("chat_id", chatId);
        request.put("text", html ? message.html() : message.plain());
        if (html) {
            request.put("parse_mode", "HTML");
        }
        request.put("link_preview_options", Map.of("is_disabled", true));
        Map<String, Object> markup = message.replyMarkup();
        if (markup != null) {
            request.put("reply_markup", markup);
        }
        return request;
    }

    private TelegramResult call(Function<String, String> method) {
        if (token.isEmpty()) {
            return TelegramResult.noAnswer("no bot token configured");
        }
        String answer;
        int status = 200;
        try {
            answer = method.apply(token.get());
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
            answer = errorBody(e);
        } catch (RuntimeException e) {
            // connection refused, timeout, reset: no answer from Telegram
            return TelegramResult.noAnswer(scrub(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        return parse(answer, status);
    }

    private static String errorBody(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(String.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private TelegramResult parse(String answer, int status) {
        if (answer == null || answer.isBlank()) {
            return new TelegramResult(false, status == 200 ? 502 : status, "empty answer (HTTP " + status + ")", null,
                    null, null);
        }
        try {
            JsonNode json = mapper.readTree(answer);
            if (json.path("ok").asBoolean(false)) {
                JsonNode id = json.path("result").path("message_id");
                return TelegramResult.success(id.isNumber() ? id.asLong() : null);
            }
            JsonNode params = json.path("parameters");
            int code = json.path("error_code").asInt(status == 200 ? 500 : status);
            return new TelegramResult(false, code,
                    scrub(json.path("description").asText("no description")), null,
                    params.has("retry_after") ? params.get("retry_after").asInt() : null,
                    params.has("migrate_to_chat_id") ? params.get("migrate_to_chat_id").asText() : null);
        } catch (Exception e) {
            return new TelegramResult(false, status == 200 ? 502 : status, "unreadable answer (HTTP " + status + ")",
                    null, null, null);
        }
    }

    /** Removes the token from text that may quote the request URL. */
    private String scrub(String text) {
        if (text == null || token.isEmpty()) {
            return text;
        }
        return text.replace(token.get(), "<bot-token>");
    }
}

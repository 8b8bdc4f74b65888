package dev.sentrytriage.notify;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The few Bot API methods the service uses, with their requests as records. The answer is returned as text and read
 * into an {@link Answer} by {@link TelegramClient}: Telegram sends the same envelope with every status, and its error
 * answers (4xx, 5xx) carry what the sender needs ({@code retry_after}, {@code migrate_to_chat_id}), so one reading
 * serves a 200, an error status and a body that is not JSON. The token is a path segment and must never be logged.
 */
@RegisterRestClient(configKey = "telegram")
@Path("/bot{token}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface TelegramRestClient {

    @POST
    @Path("/sendMessage")
    String sendMessage(@PathParam("token") String token, SendMessage request);

    @POST
    @Path("/editMessageText")
    String editMessageText(@PathParam("token") String token, EditMessageText request);

    @POST
    @Path("/getChat")
    String getChat(@PathParam("token") String token, GetChat request);

    @POST
    @Path("/answerCallbackQuery")
    String answerCallbackQuery(@PathParam("token") String token, AnswerCallbackQuery request);

    /** {@code sendMessage}; what is not set stays out of the request (Telegram refuses some fields as null). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendMessage(@JsonProperty("chat_id") String chatId, String text,
            @JsonProperty("parse_mode") String parseMode,
            @JsonProperty("link_preview_options") LinkPreviewOptions linkPreviewOptions,
            @JsonProperty("reply_markup") InlineKeyboard replyMarkup,
            @JsonProperty("message_thread_id") Integer messageThreadId,
            @JsonProperty("disable_notification") Boolean disableNotification,
            @JsonProperty("reply_parameters") ReplyParameters replyParameters) {
    }

    /** {@code editMessageText} of a message in a chat. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EditMessageText(@JsonProperty("chat_id") String chatId, String text,
            @JsonProperty("parse_mode") String parseMode,
            @JsonProperty("link_preview_options") LinkPreviewOptions linkPreviewOptions,
            @JsonProperty("reply_markup") InlineKeyboard replyMarkup,
            @JsonProperty("message_id") long messageId) {
    }

    record GetChat(@JsonProperty("chat_id") String chatId) {
    }

    record AnswerCallbackQuery(@JsonProperty("callback_query_id") String callbackQueryId, String text) {
    }

    /** No preview of the links in a message (the Sentry link would take half of it). */
    record LinkPreviewOptions(@JsonProperty("is_disabled") boolean disabled) {
        static final LinkPreviewOptions OFF = new LinkPreviewOptions(true);
    }

    /** A reply that is sent all the same when the message it answers was deleted meanwhile. */
    record ReplyParameters(@JsonProperty("message_id") long messageId,
            @JsonProperty("allow_sending_without_reply") boolean allowSendingWithoutReply) {
    }

    /** The {@code reply_markup} of a message: rows of buttons. */
    record InlineKeyboard(@JsonProperty("inline_keyboard") List<List<Button>> rows) {
    }

    /** A button under a message: opens {@code url}, or sends {@code callback_data} back to the webhook. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Button(String text, String url, @JsonProperty("callback_data") String callbackData) {

        static Button link(String text, String url) {
            return new Button(text, url, null);
        }

        static Button callback(String text, String data) {
            return new Button(text, null, data);
        }
    }

    /** Every method's answer: {@code ok} with a {@code result}, or an error code, a description and parameters. */
    @RegisterForReflection // this and the two below: read by TelegramClient from text, where Quarkus does not see them
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer<T>(boolean ok, T result, @JsonProperty("error_code") Integer errorCode, String description,
            ResponseParameters parameters) {
    }

    /** What a refusal asks for: wait {@code retry_after} seconds, or send to the supergroup the group became. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResponseParameters(@JsonProperty("retry_after") Integer retryAfter,
            @JsonProperty("migrate_to_chat_id") Long migrateToChatId) {
    }

    /** What is read of a sent message: its id, kept for edits. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(@JsonProperty("message_id") Long messageId) {
    }
}

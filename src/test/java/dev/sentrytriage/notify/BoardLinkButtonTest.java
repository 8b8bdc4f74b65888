package dev.sentrytriage.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.notify.TelegramRestClient.Button;

/** The "Open incident" button that links a Telegram message to the board when {@code TRIAGE_PUBLIC_URL} is set. */
class BoardLinkButtonTest {

    @Test
    void linksToTheIncidentOnTheBoardNextToSentry() {
        MessageRenderer renderer = new MessageRenderer("https://triage.example.com/");
        List<List<Button>> rows = renderer.render(incident("https://sentry.example.com/i/1/"),
                new Recurrence(1, 1, 1)).keyboard();
        assertEquals(List.of(Button.link("Open in Sentry", "https://sentry.example.com/i/1/"),
                Button.link("Open incident", "https://triage.example.com/incidents/42")), rows.get(0));
        assertEquals(3, rows.get(1).size(), "the action buttons stay in their own row");
    }

    @Test
    void noBoardButtonWithoutPublicUrl() {
        MessageRenderer renderer = new MessageRenderer();
        List<List<Button>> rows = renderer.render(incident(null), new Recurrence(1, 1, 1)).keyboard();
        assertEquals(1, rows.size(), "only the actions: " + rows);
        assertEquals(null, rows.get(0).get(0).url());
    }

    @Test
    void boardButtonAloneWhenTheIncidentHasNoSentryLink() {
        MessageRenderer renderer = new MessageRenderer("http://10.0.0.5:8080");
        List<List<Button>> rows = renderer.render(incident(null), new Recurrence(1, 1, 1)).keyboard();
        assertEquals(List.of(Button.link("Open incident", "http://10.0.0.5:8080/incidents/42")), rows.get(0));
    }

    private static Incident incident(String sentryUrl) {
        Incident i = new Incident();
        i.id = 42L;
        i.project = "checkout";
        i.title = "t";
        i.risk = Risk.HIGH;
        i.status = IncidentStatus.OPEN;
        i.sentryUrl = sentryUrl;
        return i;
    }
}

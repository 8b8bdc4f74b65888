package dev.sentrytriage.ui;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.htmlunit.CollectingAlertHandler;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTableRow;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.support.EmbeddedPostgresResource;
import dev.sentrytriage.support.Incidents;
import dev.sentrytriage.support.SentryFixtures;
import dev.sentrytriage.support.SourceWebhooks;
import dev.sentrytriage.support.TestIncidents;
import dev.sentrytriage.support.Webhooks;
import dev.sentrytriage.worker.DeliveryWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The incident board in a headless browser (HtmlUnit) against the running app; incidents come in through the real
 * webhook and the worker. The test profile has no board password, so the API token signs in.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BoardTest {

    private static final String PASSWORD = Incidents.API_TOKEN;

    @TestHTTPResource("/")
    URL base;

    @Inject
    DeliveryWorker worker;

    @Test
    void noPageWithoutSignIn() {
        for (String path : List.of("/", "/incidents/1", "/deliveries", "/deliveries/" + UUID.randomUUID() + "/body")) {
            Response r = given().redirects().follow(false).get(path);
            assertEquals(303, r.statusCode(), path);
            assertTrue(r.header("Location").contains("/signin?next="), r.header("Location"));
        }
        assertEquals(303, given().redirects().follow(false).formParam("csrf", "x").post("/incidents/1/resolve")
                .statusCode());
        assertEquals(303, given().redirects().follow(false).cookie(UiSessions.COOKIE, "forged.value").get("/")
                .statusCode(), "a forged cookie is no session");
    }

    @Test
    void refusesWrongPassword() throws Exception {
        try (WebClient web = browser()) {
            HtmlPage signIn = web.getPage(base);
            assertTrue(signIn.getUrl().getPath().endsWith("/signin"), signIn.getUrl().toString());
            HtmlPage answer = submit(signIn, "not-the-password", "mallory");
            assertEquals(401, answer.getWebResponse().getStatusCode());
            assertTrue(answer.asNormalizedText().contains("Wrong password."));
            assertNull(web.getCookieManager().getCookie(UiSessions.COOKIE));
            assertEquals(303, given().redirects().follow(false).get("/").statusCode());
        }
    }

    @Test
    void sessionCookieIsHttpOnlyStrictAndSecureBehindHttps() {
        Response plain = given().redirects().follow(false).formParam("password", PASSWORD).post("/signin");
        assertEquals(303, plain.statusCode());
        String cookie = plain.header("Set-Cookie");
        assertTrue(cookie.startsWith(UiSessions.COOKIE + "="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.toLowerCase().contains("samesite=strict"), cookie);
        assertTrue(cookie.contains("Max-Age=43200"), cookie);
        assertFalse(cookie.contains("Secure"), "plain http: " + cookie);

        String behindTls = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .formParam("password", PASSWORD).post("/signin").header("Set-Cookie");
        assertTrue(behindTls.contains("Secure"), behindTls);
    }

    @Test
    void filtersTheListAndOpensAnIncident() throws Exception {
        String project = "board-" + UUID.randomUUID().toString().substring(0, 8);
        Incidents.postIssue(project, issueId(), "fatal");
        Incidents.postIssue(project, issueId(), "warning");
        Incidents.postIssue("other-" + project, issueId(), "fatal");
        worker.drain();

        try (WebClient web = browser()) {
            HtmlPage list = signIn(web);
            HtmlForm filters = list.getFirstByXPath("//form[@role='search']");
            filters.getInputByName("project").setValue(project);
            HtmlPage filtered = button(filters, "Filter").click();
            assertEquals(List.of("Medium", "Critical"), cells(filtered, "Risk"), "newest activity first");
            assertEquals(List.of(project, project), cells(filtered, "Project").stream()
                    .map(p -> p.split(" ")[0]).toList());
            assertTrue(cells(filtered, "Last seen").stream().allMatch(s -> s.endsWith("ago") || s.equals("just now")));

            filters = filtered.getFirstByXPath("//form[@role='search']");
            ((HtmlSelect) filters.getSelectByName("risk")).setSelectedAttribute("CRITICAL", true);
            HtmlPage critical = button(filters, "Filter").click();
            assertEquals(List.of("Critical"), cells(critical, "Risk"));
            assertTrue(critical.getUrl().getQuery().contains("risk=CRITICAL"));

            HtmlAnchor title = critical.getFirstByXPath("//td[@data-label='Title']/a");
            HtmlPage incident = title.click();
            assertTrue(incident.getUrl().getPath().startsWith("/incidents/"));
            String text = incident.asNormalizedText();
            assertTrue(text.contains("Project\n" + project) || text.contains(project), text);
            assertTrue(text.contains("Opened"), "timeline has the opening: " + text);
            assertNotNull(incident.getFirstByXPath("//figure[@class='chart']//*[local-name()='svg']"));
            assertTrue(text.contains("1 occurrence in the last 7 days"), text);

            HtmlAnchor raw = incident.getFirstByXPath("//a[text()='raw body']");
            Page body = raw.click();
            assertEquals("text/plain", body.getWebResponse().getContentType());
            assertEquals("nosniff", body.getWebResponse().getResponseHeaderValue("X-Content-Type-Options"));
            assertTrue(body.getWebResponse().getContentAsString().contains(project));
        }
    }

    @Test
    void hostileFilterValuesGiveAPageNotAnError() throws Exception {
        try (WebClient web = browser()) {
            signIn(web);
            for (String query : new String[] { "project=a%00b", "environment=%00", "q=x%00y", "source=%ED%A0%80",
                    "cursor=OTQwMDAwMDAwMDAwMC4wLjU", "project=" + "p".repeat(1000) }) {
                Page page = web.getPage(new URL(base, "/?" + query));
                int status = page.getWebResponse().getStatusCode();
                assertTrue(status == 200 || status == 400, query.substring(0, Math.min(40, query.length()))
                        + " answered " + status);
            }
        }
    }

    @Test
    void showsTheSourcesLinkAndTheChangesBeforeTheIncidentOpened() throws Exception {
        String project = "board-chg-" + UUID.randomUUID().toString().substring(0, 8);
        java.time.Instant now = java.time.Instant.now();
        SourceWebhooks.generic("chg-" + project, now.getEpochSecond(), "{\"type\":\"change\",\"title\":\"deploy "
                + project + " 1.4.3\",\"project\":\"" + project + "\",\"at\":\"" + now.minusSeconds(600)
                + "\",\"url\":\"https://ci.example.com/deploys/9\"}").statusCode(202);
        SourceWebhooks.generic("alert-" + project, now.getEpochSecond(), "{\"key\":\"checkout-5xx\",\"title\":"
                + "\"Checkout answers 5xx\",\"project\":\"" + project + "\",\"url\":\"https://grafana.example.com/d/1\"}")
                .statusCode(202);
        worker.drain();

        try (WebClient web = browser()) {
            signIn(web);
            HtmlPage list = web.getPage(new URL(base, "/?project=" + project));
            HtmlAnchor title = list.getFirstByXPath("//td[@data-label='Title']/a");
            HtmlPage incident = title.click();
            HtmlAnchor link = incident.getFirstByXPath("//a[text()='Open in deploys']");
            assertNotNull(link, incident.asNormalizedText());
            assertEquals("https://grafana.example.com/d/1", link.getHrefAttribute());
            String text = incident.asNormalizedText();
            assertTrue(text.contains("Changes before it opened"), text);
            assertTrue(text.contains("deploy " + project + " 1.4.3 (deploys,"), text);
        }
    }

    @Test
    void actionsChangeTheIncidentAndShowInTheTimeline() throws Exception {
        String project = "act-" + UUID.randomUUID().toString().substring(0, 8);
        Incidents.postIssue(project, issueId(), "error");
        worker.drain();
        long id = incidentOf(project);

        try (WebClient web = browser()) {
            signIn(web);
            HtmlPage page = web.getPage(new URL(base, "/incidents/" + id));

            page = actionButton(page, "Acknowledge").click();
            assertEquals(IncidentStatus.ACKNOWLEDGED, TestIncidents.find(id).status);
            assertTrue(page.asNormalizedText().contains("Acknowledged."));
            assertEquals(List.of("Acknowledged", "ui:alice", "Board"), latestTimelineEntry(page));

            HtmlForm mute = page.getFirstByXPath("//form[contains(@action,'/mute')]");
            mute.getSelectByName("duration").setSelectedAttribute("1h", true);
            page = button(mute, "Mute").click();
            Incident muted = TestIncidents.find(id);
            assertEquals(IncidentStatus.MUTED, muted.status);
            assertEquals("ui:alice", muted.statusChangedBy);
            assertEquals(3600, muted.mutedUntil.getEpochSecond() - muted.statusChangedAt.getEpochSecond());
            assertEquals(List.of("Muted", "ui:alice", "Board"), latestTimelineEntry(page));
            HtmlTableRow mutedEntry = page.getFirstByXPath("//table[@class='timeline']/tbody/tr[1]");
            assertTrue(mutedEntry.getCell(4).asNormalizedText()
                    .matches("until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC"), mutedEntry.asNormalizedText());

            page = actionButton(page, "Resolve").click();
            assertEquals(IncidentStatus.RESOLVED, TestIncidents.find(id).status);
            assertEquals(List.of("Resolved", "ui:alice", "Board"), latestTimelineEntry(page));
            assertNull(page.getFirstByXPath("//button[text()='Acknowledge']"), "a resolved incident is reopened first");

            page = actionButton(page, "Reopen").click();
            assertEquals(IncidentStatus.OPEN, TestIncidents.find(id).status);
            assertEquals(List.of("Reopened", "ui:alice", "Board"), latestTimelineEntry(page));

            Incidents.api().post("/api/incidents/{id}/acknowledge", id).then().statusCode(200);
            page = web.getPage(new URL(base, "/incidents/" + id));
            assertEquals(List.of("Acknowledged", "api", "API"), latestTimelineEntry(page));
            assertEquals(6, page.getByXPath("//table[@class='timeline']/tbody/tr").size(),
                    "opened, four board actions, one API action");
        }
    }

    @Test
    void sentryChangesShowInTheTimeline() throws Exception {
        String project = "sentry-" + UUID.randomUUID().toString().substring(0, 8);
        String issueId = issueId();
        Incidents.postIssue(project, issueId, "error");
        worker.drain();
        long id = incidentOf(project);
        ObjectNode resolved = SentryFixtures.tree("issue.resolved");
        ((ObjectNode) resolved.path("data").path("issue")).put("id", issueId);
        ((ObjectNode) resolved.path("data").path("issue").path("project")).put("slug", project);
        Webhooks.post("issue", SentryFixtures.bytes(resolved)).statusCode(202);
        worker.drain();
        Incidents.postIssue(project, issueId, "fatal"); // fires again
        worker.drain();

        try (WebClient web = browser()) {
            signIn(web);
            HtmlPage page = web.getPage(new URL(base, "/incidents/" + id));
            List<List<String>> entries = new ArrayList<>();
            for (Object row : page.getByXPath("//table[@class='timeline']/tbody/tr")) {
                HtmlTableRow r = (HtmlTableRow) row;
                entries.add(List.of(r.getCell(1).asNormalizedText(), r.getCell(2).asNormalizedText(),
                        r.getCell(3).asNormalizedText(), r.getCell(4).asNormalizedText()));
            }
            assertEquals(List.of(
                    List.of("Fired again after being resolved", "sentry", "Sentry", "regression #1"),
                    List.of("Resolved", "sentry", "Sentry", "-"),
                    List.of("Opened", "sentry", "Sentry", "-")), entries);
        }
    }

    @Test
    void refusesActionsWithoutTheSessionsCsrfToken() throws Exception {
        String project = "csrf-" + UUID.randomUUID().toString().substring(0, 8);
        Incidents.postIssue(project, issueId(), "error");
        worker.drain();
        long id = incidentOf(project);
        String cookie = given().redirects().follow(false).formParam("password", PASSWORD).post("/signin")
                .cookie(UiSessions.COOKIE);
        String otherSessionsToken;
        try (WebClient web = browser()) {
            HtmlPage page = signIn(web);
            otherSessionsToken = ((org.htmlunit.html.HtmlInput) page.getFirstByXPath("//input[@name='csrf']"))
                    .getValue();
        }

        assertEquals(403, given().cookie(UiSessions.COOKIE, cookie).redirects().follow(false)
                .post("/incidents/{id}/resolve", id).statusCode());
        assertEquals(403, given().cookie(UiSessions.COOKIE, cookie).redirects().follow(false)
                .formParam("csrf", "").post("/incidents/{id}/resolve", id).statusCode());
        assertEquals(403, given().cookie(UiSessions.COOKIE, cookie).redirects().follow(false)
                .formParam("csrf", otherSessionsToken).post("/incidents/{id}/resolve", id).statusCode(),
                "a token is bound to its session");
        assertEquals(403, given().cookie(UiSessions.COOKIE, cookie).redirects().follow(false)
                .post("/signout").statusCode());
        assertEquals(IncidentStatus.OPEN, TestIncidents.find(id).status);
    }

    @Test
    void hostileTitlesAreShownAsText() throws Exception {
        String project = "xss-" + UUID.randomUUID().toString().substring(0, 8);
        String hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        ObjectNode tree = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) tree.path("data").path("issue");
        issue.put("id", issueId());
        issue.put("title", hostile);
        issue.put("culprit", "'><svg onload=alert(3)>");
        ((ObjectNode) issue.path("project")).put("slug", project);
        Webhooks.post("issue", SentryFixtures.bytes(tree)).statusCode(202);
        worker.drain();
        long id = incidentOf(project);

        try (WebClient web = browser()) {
            web.getOptions().setJavaScriptEnabled(true);
            List<String> alerts = new ArrayList<>();
            web.setAlertHandler(new CollectingAlertHandler(alerts));
            HtmlPage list = signIn(web);
            list = web.getPage(new URL(base, "/?project=" + project));
            HtmlPage incident = web.getPage(new URL(base, "/incidents/" + id));
            for (HtmlPage page : List.of(list, incident)) {
                String html = page.getWebResponse().getContentAsString();
                assertFalse(html.contains("<script>alert"), html);
                assertFalse(html.contains("<img src=x"), html);
                assertFalse(html.contains("<svg onload"), html);
                assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"), html);
                assertTrue(page.asNormalizedText().contains(hostile), "shown as text");
                assertTrue(page.getByXPath("//img").isEmpty());
                assertEquals("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
                        page.getWebResponse().getResponseHeaderValue("Content-Security-Policy"));
                assertEquals("DENY", page.getWebResponse().getResponseHeaderValue("X-Frame-Options"));
                assertEquals("same-origin", page.getWebResponse().getResponseHeaderValue("Referrer-Policy"));
            }
            assertEquals(List.of(), alerts);
        }
    }

    @Test
    void listsRejectedDeliveriesWithTheirReasonAndRawBody() throws Exception {
        byte[] body = ("<html><script>alert(1)</script> not json " + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8);
        String id = Webhooks.post("issue", body).statusCode(400).extract().path("deliveryId");

        try (WebClient web = browser()) {
            signIn(web);
            HtmlPage deliveries = web.getPage(new URL(base, "/deliveries"));
            HtmlTableRow row = deliveries.getFirstByXPath("//tr[.//a[contains(@href,'" + id + "')]]");
            assertNotNull(row, deliveries.asNormalizedText());
            assertTrue(row.asNormalizedText().contains("body is not a JSON object"), row.asNormalizedText());
            assertTrue(row.asNormalizedText().contains("Rejected"));

            Page raw = ((HtmlAnchor) row.getFirstByXPath(".//a[contains(@href,'/body')]")).click();
            assertEquals("text/plain", raw.getWebResponse().getContentType());
            assertTrue(raw.getWebResponse().getResponseHeaderValue("Content-Disposition").startsWith("inline"));
            assertEquals("default-src 'none'; sandbox",
                    raw.getWebResponse().getResponseHeaderValue("Content-Security-Policy"));
            assertEquals("nosniff", raw.getWebResponse().getResponseHeaderValue("X-Content-Type-Options"));
            assertArrayEquals(body, raw.getWebResponse().getContentAsStream().readAllBytes());
        }
    }

    @Test
    void signsOut() throws Exception {
        try (WebClient web = browser()) {
            HtmlPage list = signIn(web);
            HtmlPage after = ((HtmlButton) list.getFirstByXPath("//form[@action='/signout']//button")).click();
            assertTrue(after.getUrl().getPath().endsWith("/signin"));
            assertTrue(after.asNormalizedText().contains("You are signed out."));
            HtmlPage again = web.getPage(base);
            assertTrue(again.getUrl().getPath().endsWith("/signin"), "the cookie is gone");
        }
    }

    private WebClient browser() {
        WebClient web = new WebClient();
        web.getOptions().setJavaScriptEnabled(false);
        web.getOptions().setCssEnabled(false);
        web.getOptions().setThrowExceptionOnFailingStatusCode(false);
        return web;
    }

    private HtmlPage signIn(WebClient web) throws Exception {
        HtmlPage page = submit(web.getPage(new URL(base, "/signin")), PASSWORD, "alice");
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertTrue(page.getUrl().getPath().equals("/"), page.getUrl().toString());
        return page;
    }

    private static HtmlPage submit(HtmlPage signIn, String password, String name) throws Exception {
        HtmlForm form = signIn.getFirstByXPath("//form[@action='/signin']");
        form.getInputByName("password").setValue(password);
        form.getInputByName("name").setValue(name);
        return button(form, "Sign in").click();
    }

    private static HtmlButton button(HtmlForm form, String text) {
        HtmlButton button = form.getFirstByXPath(".//button[normalize-space(text())='" + text + "']");
        assertNotNull(button, "no button " + text);
        return button;
    }

    private static HtmlButton actionButton(HtmlPage page, String text) {
        HtmlButton button = page.getFirstByXPath("//section[@class='actions']//button[text()='" + text + "']");
        assertNotNull(button, "no button " + text + " in " + page.asNormalizedText());
        return button;
    }

    private static List<String> cells(HtmlPage page, String label) {
        List<String> values = new ArrayList<>();
        for (Object cell : page.getByXPath("//table[@class='incidents']//td[@data-label='" + label + "']")) {
            values.add(((org.htmlunit.html.HtmlElement) cell).asNormalizedText().trim());
        }
        return values;
    }

    /** What, who and through what of the newest timeline entry. */
    private static List<String> latestTimelineEntry(HtmlPage page) {
        HtmlTableRow row = page.getFirstByXPath("//table[@class='timeline']/tbody/tr[1]");
        return List.of(row.getCell(1).asNormalizedText(), row.getCell(2).asNormalizedText(),
                row.getCell(3).asNormalizedText());
    }

    private static long incidentOf(String project) {
        List<Integer> ids = Incidents.api().get("/api/incidents?project=" + project).then().statusCode(200).extract()
                .path("items.id");
        assertEquals(1, ids.size(), "incidents of " + project + ": " + ids);
        return ids.get(0);
    }

    private static String issueId() {
        return String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
    }
}

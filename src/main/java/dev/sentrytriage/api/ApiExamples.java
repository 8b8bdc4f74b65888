package dev.sentrytriage.api;

/** Example bodies for the OpenAPI document, shaped exactly like the real answers. */
final class ApiExamples {

    static final String INCIDENT = """
            {"id":42,"source":"sentry","project":"front-end","issueId":"1170820242","shortId":"FRONT-END-9",
             "title":"ReferenceError: blooopy is not defined","culprit":"?(runner)","level":"error","risk":"HIGH",
             "status":"OPEN","mutedUntil":null,"occurrences":12,"regressions":0,
             "counts":{"lastHour":3,"lastDay":12,"lastWeek":12},
             "firstSeen":"2026-11-23T09:12:03Z","lastSeen":"2026-11-23T11:02:41.123456Z","environment":"production",
             "release":"web@1.4.2","platform":"javascript","assignee":null,
             "statusChangedAt":"2026-11-23T09:12:03Z","statusChangedBy":null,
             "links":{"sentry":"https://sentry.io/organizations/acme/issues/1170820242/"},
             "analysis":{"rootCause":"blooopy is used before it is declared in runner.js","impact":"Checkout fails for every user",
              "fixSuggestion":"Declare blooopy or guard the call","prevention":"Enable no-undef in ESLint",
              "confidence":0.7,"analyzedBy":"heuristic","analyzedAt":"2026-11-23T09:12:04Z"},
             "routedTo":"-1001234567890","route":"default"}""";
    static final String PAGE = "{\"items\":[" + INCIDENT + "],\"nextCursor\":\"MTc2MzkwNTc2MS4xMjM0NTYwMDAuNDI\"}";
    static final String ACTION = """
            {"changed":true,"incident":{"id":42,"source":"sentry","project":"front-end","issueId":"1170820242",
             "shortId":"FRONT-END-9","title":"ReferenceError: blooopy is not defined","culprit":"?(runner)",
             "level":"error","risk":"HIGH","status":"ACKNOWLEDGED","mutedUntil":null,"occurrences":12,"regressions":0,
             "counts":{"lastHour":3,"lastDay":12,"lastWeek":12},"firstSeen":"2026-11-23T09:12:03Z",
             "lastSeen":"2026-11-23T11:02:41.123456Z","environment":"production","release":"web@1.4.2",
             "platform":"javascript","assignee":null,"statusChangedAt":"2026-11-23T11:05:00Z","statusChangedBy":"api",
             "links":{"sentry":"https://sentry.io/organizations/acme/issues/1170820242/"},"analysis":null,
             "routedTo":"-1001234567890","route":"default"}}""";
    static final String SILENCE_REQUEST = """
            {"matchers":[{"field":"project","op":"=","value":"checkout"},{"field":"title","op":"=~","value":"Timeout.*"}],
             "startsAt":"2026-11-23T22:00:00Z","endsAt":"2026-11-24T02:00:00Z","comment":"database migration"}""";
    static final String WINDOW_REQUEST = """
            {"matchers":[{"field":"project","op":"=","value":"billing"}],"comment":"nightly batch",
             "recurrence":{"days":["MON-FRI"],"start":"01:00","duration":"PT2H","timeZone":"Europe/Berlin"}}""";
    static final String SILENCE = """
            {"id":"3f0c2a8e-6b1d-4a57-9c8e-2d4f6a1b7c90","matchers":[{"field":"project","op":"=","value":"checkout"},
             {"field":"title","op":"=~","value":"Timeout.*"}],"startsAt":"2026-11-23T22:00:00Z",
             "endsAt":"2026-11-24T02:00:00Z","comment":"database migration","createdBy":"api",
             "createdAt":"2026-11-23T21:55:12.345678Z","state":"pending","silencingNow":false,"recurrence":null}""";
    static final String SILENCES = "{\"items\":[" + SILENCE + "]}";
    static final String BAD_SILENCE = "{\"error\":\"matcher op '==' of title is not one of =, !=, =~, !~\"}";
    static final String SILENCE_NOT_FOUND = "{\"error\":\"no silence has id 3f0c2a8e-6b1d-4a57-9c8e-2d4f6a1b7c90\"}";
    static final String SILENCE_READ_ONLY = "{\"error\":\"this window is defined in TRIAGE_MAINTENANCE; remove it "
            + "there and restart\"}";
    static final String MUTE = "{\"duration\":\"2h\"}";
    static final String DELIVERY = """
            {"id":"0b6f7c1e-2f7e-4d2c-9a39-1c1f3b0d9a11","receivedAt":"2026-11-23T11:02:41.123456Z","resource":"issue",
             "action":null,"requestId":"e4874d28-0d3b-4a8d-8d3b-1e0b2f3c4d5e","status":"REJECTED","attempts":0,
             "nextAttemptAt":"2026-11-23T11:02:41.123456Z","processedAt":null,"lastError":"body is not a JSON object",
             "incidentId":null,"bodyBytes":8}""";
    static final String DELIVERIES = "{\"items\":[" + DELIVERY + "],\"nextCursor\":null}";
    static final String BODY = "{\"action\":\"created\",\"installation\":{\"uuid\":\"...\"},\"data\":{\"issue\":{...}}}";
    static final String BAD_FILTER = "{\"error\":\"unknown status 'CLOSED'; expected one of OPEN, ACKNOWLEDGED, MUTED, RESOLVED\"}";
    static final String BAD_DURATION = "{\"error\":\"duration 'soon' is not a duration; use e.g. 30m, 2h, 1d, 1w or PT2H\"}";
    static final String NOT_FOUND = "{\"error\":\"incident 42 not found\"}";
    static final String DELIVERY_NOT_FOUND = "{\"error\":\"delivery 0b6f7c1e-2f7e-4d2c-9a39-1c1f3b0d9a11 not found\"}";
    static final String BODY_DROPPED = "{\"error\":\"the body of delivery 0b6f7c1e-2f7e-4d2c-9a39-1c1f3b0d9a11 was "
            + "dropped by retention (TRIAGE_RETENTION_*)\"}";
    static final String CONFLICT = "{\"error\":\"incident 42 is resolved; reopen it first\"}";
    static final String UNAUTHORIZED = "{\"error\":\"invalid token\"}";

    private ApiExamples() {
    }
}

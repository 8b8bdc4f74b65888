package dev.sentrytriage.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class AnswerParserTest {

    private final AnswerParser parser = new AnswerParser(new ObjectMapper());

    @Test
    void clampsConfidenceAndReadsItsCommonShapes() {
        assertEquals(1.0, parse("{\"root_cause\":\"x\",\"confidence\":1.7}").confidence());
        assertEquals(0.0, parse("{\"root_cause\":\"x\",\"confidence\":-3}").confidence());
        assertEquals(0.85, parse("{\"root_cause\":\"x\",\"confidence\":\"85%\"}").confidence(), 1e-9);
        assertEquals(0.8, parse("{\"root_cause\":\"x\",\"confidence\":\"high\"}").confidence());
        assertNull(parse("{\"root_cause\":\"x\",\"confidence\":\"sure\"}").confidence());
    }

    @Test
    void stripsControlAndBidiCharactersAndCapsLengths() {
        String longText = "a".repeat(5000);
        Analysis a = parse("{\"root_cause\":\"bad\\u0000\\u001b[31mred\\u202Etxt.exe\\r\\nnext\",\"impact\":\"" + longText + "\"}");
        assertEquals("bad[31mredtxt.exe\nnext", a.rootCause());
        assertEquals(Analysis.MAX_IMPACT, a.impact().codePointCount(0, a.impact().length()));
        assertTrue(a.impact().endsWith("…"));
    }

    @Test
    void acceptsCamelCaseAndListsOfSteps() {
        Analysis a = parse("{\"rootCause\":\"r\",\"fixSuggestion\":[\"one\",\"two\"]}");
        assertEquals("r", a.rootCause());
        assertEquals("- one\n- two", a.fixSuggestion());
    }

    @Test
    void refusesAnAnswerWithoutRootCause() {
        PeerException e = assertThrows(PeerException.class, () -> parse("{\"impact\":\"x\"}"));
        assertEquals(PeerException.Kind.INVALID_ANSWER, e.kind());
    }

    @Test
    void readsJsonAfterProseWithoutFences() {
        assertEquals("r", parse("Sure! {\"root_cause\":\"r\"} Anything else?").rootCause());
    }

    private Analysis parse(String content) {
        return parser.parse(content, false, "test");
    }
}

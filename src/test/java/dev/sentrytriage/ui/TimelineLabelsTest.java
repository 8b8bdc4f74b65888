package dev.sentrytriage.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The board's timeline names every kind the service writes in words, Seer's steps included. */
class TimelineLabelsTest {

    @ParameterizedTest
    @CsvSource({ "OPENED,Opened", "MUTE_ENDED,Fired again after the mute ended",
            "SEER_ROOT_CAUSE,Seer found the root cause", "SEER_SOLUTION,Seer proposed a solution",
            "SEER_CODING,Seer started coding a fix", "SEER_PR,Seer opened a pull request", "SOMETHING_NEW,SOMETHING_NEW" })
    void namesTheKind(String kind, String shown) {
        assertEquals(shown, BoardService.what(kind));
    }
}

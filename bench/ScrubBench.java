import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Scrubbing hostile text: no '@', long runs of dots and word characters, many near misses of every pattern (e-mail
 * local parts, dotted numbers, bearer words, secret keys without a value). Loads whichever
 * dev.sentrytriage.analysis.Scrubber is first on the class path (bench/scrub-bench.sh runs it against the current
 * build and against an older commit) and prints one line of figures.
 *
 * java -cp CLASSES:RE2J:... bench/ScrubBench.java LABEL BYTES PIECE SECONDS
 *   scrubs BYTES of hostile text in pieces of PIECE characters, stopping after SECONDS (then it says how far it got)
 */
public class ScrubBench {

    public static void main(String[] args) throws Exception {
        String label = args[0];
        int bytes = Integer.parseInt(args[1]);
        int piece = Integer.parseInt(args[2]);
        double limit = Double.parseDouble(args[3]);
        String text = hostile(bytes);
        Class<?> type = Class.forName("dev.sentrytriage.analysis.Scrubber");
        Constructor<?> ctor = type.getConstructor(List.class);
        Object scrubber = ctor.newInstance(List.of("ACME-[0-9]{6}"));
        Method scrub = type.getMethod("scrub", String.class);
        scrub.invoke(scrubber, hostile(4096)); // class loading and a first JIT pass
        long start = System.nanoTime();
        int done = 0;
        long out = 0;
        while (done < text.length()) {
            int end = Math.min(text.length(), done + piece);
            out += ((String) scrub.invoke(scrubber, text.substring(done, end))).length();
            done = end;
            if ((System.nanoTime() - start) / 1e9 > limit) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("scrubber=%s input_chars=%d piece_chars=%d scrubbed_chars=%d output_chars=%d seconds=%.3f "
                + "chars_per_s=%.0f complete=%s%n", label, text.length(), piece, done, out, seconds, done / seconds,
                done == text.length());
    }

    /** Deterministic hostile text of {@code n} characters. */
    static String hostile(int n) {
        // every literal the scrubber looks for occurs (so no pattern is skipped), never as a real match
        String[] parts = { "john.doe_x%y+z-q.", "a".repeat(6000), " ", ".".repeat(2000), " 1.2.3.4.5.6.7.8.9. ",
                "bearer abcdefghijklmnopqrstuvwxyz ", "password secret token= ", "http://x.example/a.b.c x@ ",
                "ff:ee:dd:cc:bb:aa:99:88:77:66 ", "4111 1111 1111 ", "eyJ.eyJ. sk-short ", "user.name-with.dots-" };
        StringBuilder sb = new StringBuilder(n + 8000);
        for (int i = 0; sb.length() < n; i++) {
            sb.append(parts[i % parts.length]);
            if (i % 7 == 0) {
                sb.append("word_chars_and.dots.without.any.at.sign.".repeat(20));
            }
        }
        return sb.substring(0, n);
    }
}

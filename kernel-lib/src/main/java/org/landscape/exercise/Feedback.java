package org.landscape.exercise;

import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.display.Renderings;

/**
 * The verdict on one exercise, shown inline like every result: a green line when the answer is right, or what is off
 * and a hint when it is not. It never throws (a wrong answer is the student's next step, not a crash), and it never
 * states the expected answer.
 */
public final class Feedback implements Displayable {
    private final String exercise;
    private final boolean passed;
    private final String message;
    private final String hint;

    private Feedback(String exercise, boolean passed, String message, String hint) {
        this.exercise = exercise;
        this.passed = passed;
        this.message = message;
        this.hint = hint;
    }

    static Feedback right(String exercise, String evidence) {
        return new Feedback(exercise, true, evidence, "");
    }

    static Feedback wrong(String exercise, String whatIsOff, String hint) {
        return new Feedback(exercise, false, whatIsOff, hint);
    }

    public boolean passed() {
        return passed;
    }

    public String exercise() {
        return exercise;
    }

    /** What was checked (right) or what is off (wrong). */
    public String message() {
        return message;
    }

    /** A hint towards the answer, empty when the answer is right. */
    public String hint() {
        return hint;
    }

    @Override
    public String summary() {
        return (passed ? "\u2714 Exercise " + exercise + ": right. " : "\u2718 Exercise " + exercise + ": not yet. ")
                + message + (hint.isEmpty() ? "" : " Hint: " + hint);
    }

    @Override
    public MimeBundle toMimeBundle() {
        String colour = passed ? "#1a7f37" : "#b35900";
        String head = passed ? "\u2714 Exercise " + exercise + ": right." : "\u2718 Exercise " + exercise + ": not yet.";
        return MimeBundle.html("<div style=\"color:" + colour + ";white-space:pre-wrap\"><b>" + Renderings.escape(head)
                + "</b> " + Renderings.escape(message) + (hint.isEmpty() ? "" : "<br><span style=\"color:#555\"><i>Hint:</i> "
                + Renderings.escape(hint) + "</span>") + "</div>", summary());
    }

    @Override
    public String toString() {
        return summary();
    }
}

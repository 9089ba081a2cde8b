package org.landscape.notebook;

import java.util.Locale;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.display.Renderings;

/**
 * The executed check that ends each claim of a notebook. A check that holds shows one green line with its
 * evidence; one that fails throws {@link ClaimFailed}, which stops the notebook and fails the test suite.
 *
 * <pre>{@code Check.that("S1", "the grid equals direct evaluations", maxError < 1e-12, "max error " + maxError);}</pre>
 */
public final class Check implements Displayable {
    private final String claim;
    private final String statement;
    private final String evidence;

    private Check(String claim, String statement, String evidence) {
        this.claim = claim;
        this.statement = statement;
        this.evidence = evidence;
    }

    /** Thrown when the evidence goes against the claim. */
    public static final class ClaimFailed extends AssertionError {
        ClaimFailed(String message) {
            super(message);
        }
    }

    public static Check that(String claim, String statement, boolean holds, String evidence) {
        if (!holds) {
            throw new ClaimFailed("Check failed for claim " + claim + ": " + statement + " -- evidence: " + evidence);
        }
        return new Check(claim, statement, evidence);
    }

    /** |actual - expected| <= tolerance, with both figures in the evidence. */
    public static Check close(String claim, String statement, double actual, double expected, double tolerance) {
        double error = Math.abs(actual - expected);
        String evidence = String.format(Locale.ROOT, "actual %.10g, expected %.10g, |difference| %.3g <= %.3g",
                actual, expected, error, tolerance);
        return that(claim, statement, error <= tolerance, evidence);
    }

    @Override
    public String summary() {
        return "\u2714 " + claim + ": " + statement + " (" + evidence + ")";
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.html("<div style=\"color:#1a7f37;white-space:pre-wrap\"><b>\u2714 " + Renderings.escape(claim) + "</b>: "
                + Renderings.escape(statement) + " <span style=\"color:#555\">(" + Renderings.escape(evidence)
                + ")</span></div>", summary());
    }

    @Override
    public String toString() {
        return summary();
    }
}

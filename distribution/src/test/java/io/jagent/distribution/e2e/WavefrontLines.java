package io.jagent.distribution.e2e;

import com.wavefront.api.agent.ValidationConfiguration;
import com.wavefront.data.Validation;
import com.wavefront.ingester.ReportPointDecoder;
import java.util.ArrayList;
import java.util.List;
import wavefront.report.ReportPoint;

/**
 * Every line a fake Wavefront proxy receives goes through Wavefront's own parser ({@code
 * com.wavefront:java-lib}: {@link ReportPointDecoder} + {@link Validation#validatePoint}), as in
 * outputs-wavefront's WavefrontParserCheck.
 */
@SuppressWarnings(
    "deprecation") // java-lib marks its ingester deprecated; it is the reference parser
final class WavefrontLines {
  private WavefrontLines() {}

  /** The point of {@code line}; an AssertionError when Wavefront's parser or validation refuse. */
  static ReportPoint parse(String line) {
    List<ReportPoint> out = new ArrayList<>();
    try {
      new ReportPointDecoder(() -> "no-source-given", List.of())
          .decode(line, out, "customer", null);
    } catch (RuntimeException e) {
      throw new AssertionError("Wavefront's parser refuses <" + line + ">: " + e, e);
    }
    if (out.size() != 1) {
      throw new AssertionError(out.size() + " points from <" + line + ">");
    }
    ReportPoint rp = out.get(0);
    try {
      Validation.validatePoint(rp, new ValidationConfiguration());
    } catch (RuntimeException e) {
      throw new AssertionError("Wavefront's validation refuses <" + line + ">: " + e, e);
    }
    return rp;
  }

  static double value(ReportPoint p) {
    return ((Number) p.getValue()).doubleValue();
  }
}

package io.gridwatch.wall.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the page's main thread (or another thread) spends its time, from a Chrome trace (JSON, as
 * {@code Browser.stopTracing} returns it): complete events ({@code ph: X}) on the renderer's main
 * thread ({@code CrRendererMain}) with their self time (duration less that of the events nested
 * inside), summed by name. Stateless.
 */
final class TraceSummary {
  private TraceSummary() {}

  static String mainThread(byte[] json, int top) {
    return thread(json, "CrRendererMain", top);
  }

  /** The same for the first thread called {@code threadName} (CrGpuMain: the GPU process, SwiftShader). */
  static String thread(byte[] json, String threadName, int top) {
    JsonElement root = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
    JsonArray events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
    String main = null;
    for (JsonElement e : events) {
      JsonObject o = e.getAsJsonObject();
      if ("M".equals(str(o, "ph")) && "thread_name".equals(str(o, "name"))
          && threadName.equals(o.getAsJsonObject("args").get("name").getAsString()) && main == null) {
        main = o.get("pid").getAsString() + ":" + o.get("tid").getAsString();
      }
    }
    if (main == null) {
      return "  (no thread " + threadName + " in the trace)";
    }
    List<double[]> spans = new ArrayList<>(); // start, end, name index
    List<String> names = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    double first = Double.MAX_VALUE;
    double last = 0;
    for (JsonElement e : events) {
      JsonObject o = e.getAsJsonObject();
      if (!"X".equals(str(o, "ph")) || !o.has("dur")
          || !main.equals(o.get("pid").getAsString() + ":" + o.get("tid").getAsString())) {
        continue;
      }
      double ts = o.get("ts").getAsDouble();
      double dur = o.get("dur").getAsDouble();
      int i = index.computeIfAbsent(str(o, "name"), n -> {
        names.add(n);
        return names.size() - 1;
      });
      spans.add(new double[] {ts, ts + dur, i});
      first = Math.min(first, ts);
      last = Math.max(last, ts + dur);
    }
    spans.sort(Comparator.<double[]>comparingDouble(s -> s[0]).thenComparingDouble(s -> -s[1]));
    double[] self = new double[names.size()];
    Deque<double[]> stack = new ArrayDeque<>();
    double busy = 0;
    for (double[] s : spans) {
      while (!stack.isEmpty() && stack.peek()[1] <= s[0]) {
        stack.pop();
      }
      double dur = s[1] - s[0];
      self[(int) s[2]] += dur;
      if (!stack.isEmpty()) {
        self[(int) stack.peek()[2]] -= Math.min(dur, stack.peek()[1] - s[0]);
      } else {
        busy += dur;
      }
      stack.push(s);
    }
    double seconds = (last - first) / 1e6;
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "  %s: %.0f ms busy in %.1f s of trace; self time by event:%n", threadName, busy / 1000, seconds));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < self.length; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -self[i]));
    for (int k = 0; k < Math.min(top, order.size()); k++) {
      int i = order.get(k);
      sb.append(String.format(Locale.ROOT, "    %8.0f ms  %s%n", self[i] / 1000, names.get(i)));
    }
    return sb.toString();
  }

  private static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }
}

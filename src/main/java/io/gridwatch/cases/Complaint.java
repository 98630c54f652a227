package io.gridwatch.cases;

import io.gridwatch.cases.clock.Urgency;
import io.gridwatch.employers.CreditCode;
import io.gridwatch.geo.crs.Crs;
import io.gridwatch.http.Coordinates;
import io.gridwatch.http.InputRules;
import io.gridwatch.http.JsonBody;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A complaint as filed with {@code POST /api/complaints}, validated: every bad field is reported
 * at once (400 with {@code errors[]}), and no message repeats a submitted value (personal data).
 * Immutable.
 *
 * @param location null when the operator named a cell instead
 * @param cellCode the cell the operator named, used only without a location
 * @param amountOwed null when not known
 */
public record Complaint(String channel, String category, Location location, String cellCode, String employerName,
    String employerCreditCode, int workersInvolved, BigDecimal amountOwed, String description,
    String complainantName, String complainantPhone, String complainantIdNumber, Urgency urgency,
    JsonObject attributes) {

  /** The channels of shared/API.md. */
  public static final List<String> CHANNELS = List.of("HOTLINE", "WINDOW", "ONLINE", "PATROL", "HOTLINE_12345",
      "NATIONAL_PLATFORM", "LETTER_VISIT");
  /** The categories of shared/API.md, from the catalogue (cases/categories.json). */
  public static final List<String> CATEGORIES = CategoryCatalogue.bundled().codes();
  static final String CODE_PATTERN = "[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?";
  private static final Set<String> FIELDS = Set.of("channel", "category", "location", "cellCode", "employer",
      "workersInvolved", "amountOwed", "description", "complainant", "urgency", "attributes");

  /** A location as given. */
  public record Location(double lon, double lat, Crs crs) {
    public double[] wgs84() {
      return crs.toWgs84(lon, lat);
    }
  }

  /** Reads and validates the body; fails with 400 listing every bad field. */
  public static Complaint parse(JsonBody body) {
    body.allowOnly(FIELDS.toArray(String[]::new));
    String channel = oneOf(body, "channel", CHANNELS);
    String category = oneOf(body, "category", CATEGORIES);
    Location location = location(body);
    String cellCode = body.optionalText("cellCode", 14);
    if (cellCode != null && !cellCode.matches(CODE_PATTERN)) {
      body.error("cellCode", "is not a grid code (6, 9, 12 or 14 digits)");
      cellCode = null;
    }
    if (location == null && cellCode == null && !body.has("location") && !body.has("cellCode")) {
      body.error("location", "is required unless cellCode names the cell");
    }
    JsonObject employer = object(body, "employer", true);
    String employerName = null;
    String creditCode = null;
    if (employer != null) {
      employerName = text(body, employer, "employer.name", "name", true, 200);
      String cc = text(body, employer, "employer.creditCode", "creditCode", false, 18);
      if (cc != null) {
        var problem = CreditCode.problem(cc);
        if (problem.isPresent()) {
          body.error("employer.creditCode", problem.get());
        } else {
          creditCode = CreditCode.normalise(cc);
        }
      }
      unknown(body, employer, "employer", Set.of("name", "creditCode"));
    }
    int workers = 0;
    Object w = body.value("workersInvolved");
    if (w == null) {
      body.error("workersInvolved", "is required (1 or more)");
    } else if (!(w instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      body.error("workersInvolved", "must be a whole number");
    } else if (n.longValue() < 1 || n.longValue() > 100_000) {
      body.error("workersInvolved", "must be between 1 and 100000");
    } else {
      workers = n.intValue();
    }
    BigDecimal amount = null;
    Object a = body.value("amountOwed");
    if (a != null) {
      if (!(a instanceof String s) || !s.strip().matches("(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?")) {
        body.error("amountOwed", "must be a decimal string of yuan with at most two decimals, e.g. \"12500.00\"");
      } else {
        amount = new BigDecimal(s.strip()).setScale(2);
      }
    }
    String description = body.requiredText("description", 1, 4000);
    JsonObject complainant = object(body, "complainant", true);
    String name = null;
    String phone = null;
    String idNumber = null;
    if (complainant != null) {
      name = text(body, complainant, "complainant.name", "name", true, 100);
      phone = text(body, complainant, "complainant.phone", "phone", true, 20);
      if (phone != null) {
        String digits = phone.replaceAll("[\\s-]", "");
        if (!digits.matches("\\+?[0-9]{5,15}")) {
          body.error("complainant.phone", "must be 5 to 15 digits (spaces, '-' and a leading '+' allowed)");
          phone = null;
        }
      }
      idNumber = text(body, complainant, "complainant.idNumber", "idNumber", false, 18);
      if (idNumber != null) {
        idNumber = idNumber.toUpperCase(java.util.Locale.ROOT);
        if (!idNumber.matches("[0-9]{17}[0-9X]|[0-9]{15}")) {
          body.error("complainant.idNumber", "must be a resident ID number (18 characters, or 15 digits)");
          idNumber = null;
        }
      }
      unknown(body, complainant, "complainant", Set.of("name", "phone", "idNumber"));
    }
    Urgency urgency = Urgency.NORMAL;
    Object u = body.value("urgency");
    if (u != null) {
      try {
        urgency = Urgency.valueOf(String.valueOf(u).strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        body.error("urgency", "must be NORMAL or URGENT");
      }
    }
    JsonObject attributes = new JsonObject();
    Object at = body.value("attributes");
    if (at != null && !(at instanceof JsonObject)) {
      body.error("attributes", "must be an object of the category's attributes (GET /api/complaints/categories)");
    } else if (at != null && category != null) {
      attributes = CategoryCatalogue.bundled().validate(category, (JsonObject) at, body::error);
    }
    body.validate();
    return new Complaint(channel, category, location, cellCode, employerName, creditCode, workers, amount,
        description, name, phone, idNumber, urgency, attributes);
  }

  /** A stable digest of the request, to tell a retry from a different request under the same key. */
  public String hash() {
    JsonObject canonical = new JsonObject()
        .put("channel", channel).put("category", category)
        .put("location", location == null ? null
            : new JsonObject().put("lon", location.lon()).put("lat", location.lat()).put("crs", location.crs().name()))
        .put("cellCode", cellCode).put("employerName", employerName).put("employerCreditCode", employerCreditCode)
        .put("workersInvolved", workersInvolved)
        .put("amountOwed", amountOwed == null ? null : amountOwed.toPlainString())
        .put("description", description).put("complainantName", complainantName)
        .put("complainantPhone", complainantPhone).put("complainantIdNumber", complainantIdNumber)
        .put("urgency", urgency.name());
    if (!attributes.isEmpty()) {
      canonical.put("attributes", attributes); // absent when empty: keys stored before attributes existed still match
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical.encode().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String oneOf(JsonBody body, String field, List<String> allowed) {
    Object v = body.value(field);
    if (v == null) {
      body.error(field, "is required, one of " + String.join(", ", allowed));
      return null;
    }
    String s = String.valueOf(v).strip().toUpperCase(java.util.Locale.ROOT);
    if (!(v instanceof String) || !allowed.contains(s)) {
      body.error(field, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return s;
  }

  private static Location location(JsonBody body) {
    Object v = body.value("location");
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject loc)) {
      body.error("location", "must be an object {lon, lat, crs?}");
      return null;
    }
    unknown(body, loc, "location", Set.of("lon", "lat", "crs"));
    Double lon = coordinate(body, loc, "lon");
    Double lat = coordinate(body, loc, "lat");
    Crs crs = Crs.WGS84;
    Object c = loc.getValue("crs");
    if (c != null) {
      try {
        crs = Crs.parse(String.valueOf(c));
      } catch (IllegalArgumentException e) {
        body.error("location.crs", "must be one of WGS84, GCJ02, BD09, CGCS2000");
      }
    }
    return lon == null || lat == null ? null : new Location(lon, lat, crs);
  }

  /** A longitude ({@code lon}) or latitude ({@code lat}) by the one rule for coordinates. */
  private static Double coordinate(JsonBody body, JsonObject obj, String key) {
    Object v = obj.getValue(key);
    String field = "location." + key;
    if (v == null) {
      body.error(field, "is required");
      return null;
    }
    if (!(v instanceof Number n)) {
      body.error(field, "must be a number");
      return null;
    }
    double d = n.doubleValue();
    String problem = key.equals("lon") ? Coordinates.longitudeProblem(d) : Coordinates.latitudeProblem(d);
    if (problem != null) {
      body.error(field, problem);
      return null;
    }
    return d;
  }

  private static JsonObject object(JsonBody body, String field, boolean required) {
    Object v = body.value(field);
    if (v == null) {
      if (required) {
        body.error(field, "is required");
      }
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      body.error(field, "must be an object");
      return null;
    }
    return o;
  }

  private static String text(JsonBody body, JsonObject obj, String field, String key, boolean required, int max) {
    Object v = obj.getValue(key);
    if (v == null || (v instanceof String s0 && s0.isBlank())) {
      if (required) {
        body.error(field, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      body.error(field, "must be a string");
      return null;
    }
    String t = s.strip();
    if (t.codePointCount(0, t.length()) > max) {
      body.error(field, "is longer than " + max + " characters");
      return null;
    }
    String problem = InputRules.textProblem(t, false);
    if (problem != null) {
      body.error(field, problem);
      return null;
    }
    return t;
  }

  private static void unknown(JsonBody body, JsonObject obj, String prefix, Set<String> known) {
    for (String k : new java.util.TreeSet<>(obj.fieldNames())) {
      if (!known.contains(k)) {
        body.error(prefix + "." + k, "is not a known field (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }
}

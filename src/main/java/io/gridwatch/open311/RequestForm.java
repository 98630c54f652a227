package io.gridwatch.open311;

import io.gridwatch.cases.Complaint;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.gridwatch.http.JsonBody;
import io.gridwatch.open311.ServiceCatalogue.Attribute;
import io.gridwatch.open311.ServiceCatalogue.Service;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the arguments of {@code POST requests.json} into a GridWatch {@link Complaint} (channel
 * {@code ONLINE}), validated by {@link Complaint#parse} itself so that Open311 filings obey
 * exactly the rules of {@code POST /api/complaints}; every problem is reported at once under the
 * Open311 name of the field ({@code lat}, {@code phone}, {@code attribute[employer_name]}).
 * What GridWatch needs beyond the spec's optional arguments is required here: a location
 * ({@code lat}/{@code long}, or {@code attribute[cell_code]}), the complainant's name and phone
 * (the inspection service calls back), a description and the employer. Stateless.
 */
final class RequestForm {
  static final String CHANNEL = "ONLINE";
  private static final String DECIMAL = "-?[0-9]{1,3}(\\.[0-9]{1,15})?";
  private static final String YUAN = "(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?";

  private RequestForm() {}

  /** The complaint, or a 400 problem whose {@code errors} name every bad argument. */
  static Complaint complaint(Service service, RequestInput in) {
    List<FieldError> errors = new ArrayList<>(in.errors);
    for (String code : in.attributes.keySet()) {
      Optional<Attribute> a = service.attribute(code);
      if (a.isEmpty()) {
        errors.add(new FieldError("attribute[" + code + "]", "is not an attribute of service " + service.code()
            + " (see GET services/" + service.code() + ".json)"));
      } else if (!a.get().multiple() && in.attributeValues(code).size() > 1) {
        errors.add(new FieldError("attribute[" + code + "]", "takes one value"));
      }
    }
    for (Attribute a : service.attributes()) {
      if (a.required() && in.attribute(a.code()) == null) {
        errors.add(new FieldError("attribute[" + a.code() + "]", "is required: " + a.description()));
      }
    }
    JsonObject json = new JsonObject().put("channel", CHANNEL).put("category", service.code());
    location(in, json, errors);

    JsonObject employer = new JsonObject().put("name", in.attribute(ServiceCatalogue.EMPLOYER_NAME));
    if (in.attribute(ServiceCatalogue.EMPLOYER_CREDIT_CODE) != null) {
      employer.put("creditCode", in.attribute(ServiceCatalogue.EMPLOYER_CREDIT_CODE));
    }
    json.put("employer", employer);
    String workers = in.attribute(ServiceCatalogue.WORKERS_INVOLVED);
    if (workers == null) {
      json.put("workersInvolved", 1);
    } else if (!workers.matches("[0-9]{1,6}") || Integer.parseInt(workers) < 1 || Integer.parseInt(workers) > 100_000) {
      errors.add(new FieldError("attribute[workers_involved]", "must be a whole number from 1 to 100000"));
    } else {
      json.put("workersInvolved", Integer.parseInt(workers));
    }
    String amount = in.attribute(ServiceCatalogue.AMOUNT_OWED);
    if (amount != null) {
      if (amount.matches(YUAN)) {
        json.put("amountOwed", amount);
      } else {
        errors.add(new FieldError("attribute[amount_owed]", "must be yuan with at most two decimals, e.g. 12500.00"));
      }
    }
    JsonObject attributes = categoryAttributes(service, in);
    if (!attributes.isEmpty()) {
      json.put("attributes", attributes);
    }

    String name = name(in.field("first_name"), in.field("last_name"));
    if (name == null) {
      errors.add(new FieldError("first_name", "first_name or last_name is required: the inspection service calls the"
          + " complainant back (the name is never shown to Open311 clients)"));
    }
    String phone = in.field("phone");
    if (phone == null) {
      errors.add(new FieldError("phone", "is required: the inspection service calls the complainant back (the"
          + " number is never shown to Open311 clients)"));
    }
    json.put("complainant", new JsonObject().put("name", name).put("phone", phone));
    String description = in.field("description");
    if (description != null) {
      json.put("description", oneLine(description) + notes(in.field("address_string")));
    }

    Complaint complaint = null;
    try {
      complaint = Complaint.parse(JsonBody.of(json));
    } catch (ApiException e) {
      Set<String> reported = new LinkedHashSet<>();
      errors.forEach(f -> reported.add(f.field()));
      for (FieldError f : e.errors()) {
        String field = open311Field(f.field());
        if (reported.add(field)) {
          errors.add(new FieldError(field, f.message()));
        }
      }
      if (errors.isEmpty()) {
        throw e;
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return complaint;
  }

  /** lat and long (WGS84), or the cell code attribute; an address alone is refused. */
  private static void location(RequestInput in, JsonObject json, List<FieldError> errors) {
    String lat = in.field("lat");
    String lon = in.field("long");
    String cell = in.attribute(ServiceCatalogue.CELL_CODE);
    if (lat != null || lon != null) {
      if (lat == null || lon == null) {
        errors.add(new FieldError(lat == null ? "lat" : "long", "is required with " + (lat == null ? "long" : "lat")
            + ": send both"));
        return;
      }
      if (cell != null) {
        errors.add(new FieldError("attribute[cell_code]", "give either lat/long or cell_code, not both"));
      }
      Double la = number(lat, 90);
      Double lo = number(lon, 180);
      if (la == null) {
        errors.add(new FieldError("lat", "must be a latitude in degrees, -90 to 90 (WGS84)"));
      }
      if (lo == null) {
        errors.add(new FieldError("long", "must be a longitude in degrees, -180 to 180 (WGS84)"));
      }
      if (la != null && lo != null) {
        json.put("location", new JsonObject().put("lon", lo).put("lat", la).put("crs", "WGS84"));
      }
    } else if (cell != null) {
      json.put("cellCode", cell);
    } else if (in.field("address_string") != null || in.field("address_id") != null) {
      errors.add(new FieldError("lat", "lat and long are required: GridWatch places every complaint in its grid by"
          + " coordinates and cannot place an address; send lat and long (WGS84), or attribute[cell_code]"));
    } else {
      errors.add(new FieldError("lat", "lat and long (WGS84) are required, or attribute[cell_code]"));
    }
  }

  private static Double number(String text, double bound) {
    if (!text.matches(DECIMAL)) {
      return null;
    }
    double d = Double.parseDouble(text);
    return Math.abs(d) <= bound ? d : null;
  }

  /**
   * The complainant's name as GridWatch keeps it: family name first and unspaced when either part
   * is written in Chinese characters (张 + 三丰 → 张三丰), else "first last".
   */
  static String name(String first, String last) {
    if (first == null || last == null) {
      return first != null ? first : last;
    }
    boolean han = (first + last).codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    return han ? last + first : first + " " + last;
  }

  /**
   * The category's catalogue attributes given, under their catalogue names and in the JSON types
   * {@code POST /api/complaints} takes; text that is not of the type is passed on as text, so the
   * catalogue's validator names the attribute.
   */
  private static JsonObject categoryAttributes(Service service, RequestInput in) {
    JsonObject out = new JsonObject();
    for (Attribute a : service.attributes()) {
      List<String> values = in.attributeValues(a.code());
      if (a.catalogueName() == null || values.isEmpty()) {
        continue;
      }
      String v = values.get(0);
      Object value = switch (a.catalogueType()) {
        case "integer" -> v.matches("-?[0-9]{1,18}") ? (Object) Long.parseLong(v) : v;
        case "boolean" -> v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : v;
        case "enumList" -> new JsonArray(new ArrayList<>(values));
        default -> v;
      };
      out.put(a.catalogueName(), value);
    }
    return out;
  }

  /**
   * What the complaint record has no field for, kept for the operators at the end of the
   * description: the address as the complainant wrote it.
   */
  private static String notes(String address) {
    return address == null ? "" : " | [Open311] 地址 address: " + oneLine(address);
  }

  /**
   * The spec lets a description contain line breaks; a GridWatch complaint's text is one line
   * (control characters are refused), so each break becomes " / ".
   */
  static String oneLine(String text) {
    return text.replaceAll("\\s*(\\r\\n|\\r|\\n)+\\s*", " / ").replace('\t', ' ');
  }

  /** The Open311 name of a field {@link Complaint#parse} or the case service reported. */
  static String open311Field(String field) {
    if (field.startsWith("attributes.")) {
      return "attribute[" + ServiceCatalogue.snake(field.substring("attributes.".length())) + "]";
    }
    return switch (field) {
      case "attributes" -> "attribute";
      case "category" -> "service_code";
      case "location", "location.lat", "location.crs" -> "lat";
      case "location.lon" -> "long";
      case "cellCode" -> "attribute[cell_code]";
      case "employer", "employer.name" -> "attribute[employer_name]";
      case "employer.creditCode" -> "attribute[employer_credit_code]";
      case "workersInvolved" -> "attribute[workers_involved]";
      case "amountOwed" -> "attribute[amount_owed]";
      case "complainant", "complainant.name" -> "first_name";
      case "complainant.phone" -> "phone";
      default -> field;
    };
  }
}

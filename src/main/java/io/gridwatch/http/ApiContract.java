package io.gridwatch.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.Style;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The API contract ({@code openapi.yaml} on the classpath, the document served at
 * {@code GET /api/openapi.yaml}) read once at start-up and indexed for request validation: every
 * operation under {@code /api/} with its method, path template, parameters and, for
 * {@code application/json} bodies, a compiled schema validator. Immutable and thread-safe once loaded; read once per JVM.
 *
 * <p>The document is parsed by vertx-openapi ({@link OpenAPIContract#from}), which checks it
 * against the OpenAPI 3.1 schema and resolves every {@code $ref}. vertx-openapi models only some
 * media types (not {@code application/yaml} or a GeoPackage upload), so it is given a view of
 * the document without responses and with request bodies cut down to {@code application/json},
 * the only kind of body validated here; the document served is the whole file.
 */
public final class ApiContract {
  /** The classpath resource. */
  public static final String RESOURCE = "openapi.yaml";
  private static final String JSON = "application/json";

  private static final Logger LOG = LoggerFactory.getLogger(ApiContract.class);
  /**
   * The contract, once read: it is a resource of the jar and cannot change while the JVM runs,
   * and what is kept (schemas, validators) holds no reference to a Vert.x instance.
   */
  private static volatile ApiContract loaded;
  private final OpenAPIContract contract;
  private final List<ContractOperation> operations;

  private ApiContract(OpenAPIContract contract, List<ContractOperation> operations) {
    this.contract = contract;
    this.operations = List.copyOf(operations);
  }

  /**
   * Reads, checks and indexes the contract. The file, the YAML and the schema compilation are
   * blocking work and run on a worker; the future completes on the caller's context.
   */
  public static Future<ApiContract> load(Vertx vertx) {
    ApiContract known = loaded;
    if (known != null) {
      return Future.succeededFuture(known);
    }
    long started = System.nanoTime();
    return vertx.executeBlocking(() -> readYaml(RESOURCE))
        .compose(document -> OpenAPIContract.from(vertx, validationView(document))
            .compose(parsed -> vertx.executeBlocking(() -> index(parsed, document))))
        .onSuccess(contract -> {
          loaded = contract;
          LOG.info("API contract {}: {} operations, read and checked in {} ms", RESOURCE, contract.operations().size(),
              (System.nanoTime() - started) / 1_000_000);
        });
  }

  /** Every operation, in the document's order of paths (literal paths before templated ones). */
  public List<ContractOperation> operations() {
    return operations;
  }

  /** The operation with this method and path template ({@code /api/cases/{caseId}}), if any. */
  public Optional<ContractOperation> operation(HttpMethod method, String template) {
    return operations.stream().filter(o -> o.method().equals(method) && o.path().equals(template)).findFirst();
  }

  /**
   * The operation a request is for, with its path parameters (percent-decoded), or empty.
   * Matching is never narrower than the router's: a trailing slash is ignored and
   * {@code {name}} stands for one non-empty segment; literal paths win over templated ones.
   */
  public Optional<Match> match(HttpMethod method, String normalizedPath) {
    String[] segments = segments(normalizedPath);
    for (ContractOperation op : operations) {
      if (!op.method().equals(method) || op.segments().length != segments.length) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      boolean fits = true;
      for (int i = 0; i < segments.length && fits; i++) {
        String t = op.segments()[i];
        if (t.startsWith("{") && t.endsWith("}")) {
          fits = !segments[i].isEmpty();
          params.put(t.substring(1, t.length() - 1), decode(segments[i]));
        } else {
          fits = t.equals(segments[i]);
        }
      }
      if (fits) {
        return Optional.of(new Match(op, params));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code path} fits {@code template}, as the router matches it ({@link PathTemplate}). */
  public static boolean fits(String template, String path) {
    return PathTemplate.fits(template, path);
  }

  /** The parsed contract, for anything this index does not cover. */
  public OpenAPIContract parsed() {
    return contract;
  }

  /** A request's operation and its path parameters by name. */
  public record Match(ContractOperation operation, Map<String, String> pathParams) {}

  /**
   * One operation. {@code body} says what the validator does with the request body: nothing
   * ({@link BodyRule#NONE}: none declared), validate it ({@link BodyRule#JSON}), or leave it to
   * the handler ({@link BodyRule#HANDLER}: the operation also takes other media types, such as a
   * GeoPackage upload, which have their own size limit and reader).
   */
  public record ContractOperation(HttpMethod method, String path, String operationId, List<ContractParameter> parameters,
      BodyRule body, boolean bodyRequired, JsonSchema bodySchema, Validator bodyValidator, List<String> mediaTypes,
      String[] segments) {

    @Override
    public String toString() {
      return method.name() + " " + path + " (" + operationId + ")";
    }
  }

  /** What the validator does with a request body. */
  public enum BodyRule {
    NONE, JSON, HANDLER
  }

  /**
   * One parameter: where it is, whether it must be given, the JSON type its text is read as
   * ({@code integer}, {@code number}, {@code boolean}, {@code string}, or {@code array} of
   * {@code itemType}) and its compiled schema.
   */
  public record ContractParameter(String name, Location in, boolean required, String type, String itemType,
      boolean explode, JsonSchema schema, Validator validator) {}

  // ---- loading

  static JsonObject readYaml(String resource) {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      Map<Object, Object> doc = new Yaml(new TimestampsAsText()).load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new JsonObject(stringKeys(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document as vertx-openapi is given it: the paths under {@code /api/} only, responses
   * replaced by a bare default (they are not validated, and some use media types it cannot
   * model) and request bodies cut down to the media types it models.
   */
  static JsonObject validationView(JsonObject document) {
    JsonObject view = document.copy();
    JsonObject paths = view.getJsonObject("paths", new JsonObject());
    // Only /api/ is validated; the rest (/health, Open311's /open311/v2/services/{code}.json,
    // a template vertx-openapi does not take) is left out of the view.
    paths.fieldNames().removeIf(p -> !p.startsWith("/api/"));
    for (String p : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(p);
      requireOneType(p, item.getJsonArray("parameters"));
      for (String key : item.fieldNames()) {
        if (!(item.getValue(key) instanceof JsonObject op) || !isMethod(key)) {
          continue;
        }
        requireOneType(key.toUpperCase(Locale.ROOT) + " " + p, op.getJsonArray("parameters"));
        op.put("responses", new JsonObject().put("default", new JsonObject()
            .put("description", "See the document served at /api/openapi.yaml.")));
        JsonObject body = op.getJsonObject("requestBody");
        if (body != null && body.getJsonObject("content") != null) {
          body.getJsonObject("content").fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          if (body.getJsonObject("content").isEmpty()) {
            // Only media types vertx-openapi does not model (an evidence upload's image/jpeg):
            // the body is its handler's (BodyRule.HANDLER, from the full document), and
            // vertx-openapi refuses a request body with no content, so it sees none.
            op.remove("requestBody");
          }
        }
      }
    }
    return view;
  }

  /**
   * vertx-openapi reads a parameter's schema by one {@code type}; say so plainly rather than let
   * it fail on {@code type: [integer, 'null']} with a ClassCastException.
   */
  private static void requireOneType(String where, io.vertx.core.json.JsonArray parameters) {
    if (parameters == null) {
      return;
    }
    for (Object p : parameters) {
      if (p instanceof JsonObject param && param.getValue("schema") instanceof JsonObject schema
          && schema.containsKey("type") && !(schema.getValue("type") instanceof String)) {
        throw new IllegalStateException("openapi.yaml: parameter " + param.getString("name") + " of " + where
            + " needs a schema of one type (a parameter is never null: leave it out instead)");
      }
    }
  }

  private static ApiContract index(OpenAPIContract parsed, JsonObject document) {
    var repository = parsed.getSchemaRepository();
    List<ContractOperation> ops = new ArrayList<>();
    for (Path path : parsed.getPaths()) {
      for (Operation op : path.getOperations()) {
        String template = op.getOpenAPIPath();
        JsonObject raw = document.getJsonObject("paths").getJsonObject(template)
            .getJsonObject(op.getHttpMethod().name().toLowerCase(Locale.ROOT));
        List<ContractParameter> params = new ArrayList<>();
        for (Parameter p : op.getParameters()) {
          params.add(parameter(op, p, repository.validator(p.getSchema())));
        }
        List<String> mediaTypes = raw.getJsonObject("requestBody") == null ? List.of()
            : List.copyOf(raw.getJsonObject("requestBody").getJsonObject("content", new JsonObject()).fieldNames());
        BodyRule rule = mediaTypes.isEmpty() ? BodyRule.NONE
            : mediaTypes.stream().allMatch(t -> t.toLowerCase(Locale.ROOT).startsWith(JSON)) ? BodyRule.JSON
            : BodyRule.HANDLER;
        JsonSchema schema = null;
        Validator validator = null;
        if (rule == BodyRule.JSON) {
          MediaType json = op.getRequestBody().getContent().entrySet().stream()
              .filter(e -> e.getKey().toLowerCase(Locale.ROOT).startsWith(JSON)).map(Map.Entry::getValue)
              .findFirst().orElseThrow();
          schema = json.getSchema();
          validator = schema == null ? null : repository.validator(schema);
        }
        boolean required = op.getRequestBody() != null && op.getRequestBody().isRequired();
        ops.add(new ContractOperation(op.getHttpMethod(), template, op.getOperationId(), List.copyOf(params), rule,
            required, schema, validator, mediaTypes, segments(template)));
      }
    }
    // Literal paths before templated ones (OpenAPI's rule), otherwise in document order.
    ops.sort(Comparator.comparingInt(o -> (int) java.util.Arrays.stream(o.segments()).filter(s -> s.startsWith("{")).count()));
    return new ApiContract(parsed, ops);
  }

  private static ContractParameter parameter(Operation op, Parameter p, Validator validator) {
    String type = p.getSchema().get("type");
    String itemType = null;
    if ("array".equals(type)) {
      Object items = p.getSchema().get("items");
      itemType = items instanceof JsonObject i ? i.getString("type") : null;
    }
    if ("object".equals(type) || "array".equals(type) && (itemType == null || "object".equals(itemType) || "array".equals(itemType))
        || p.getIn() == Location.QUERY && p.getStyle() != Style.FORM || p.getIn() == Location.PATH && p.getStyle() != Style.SIMPLE) {
      // Refuse to start rather than let a parameter through unchecked.
      throw new IllegalStateException("Parameter " + p.getName() + " of " + op.getHttpMethod() + " " + op.getOpenAPIPath()
          + ": only simple path parameters and form query/header parameters of a scalar type or an array of one"
          + " can be validated");
    }
    return new ContractParameter(p.getName(), p.getIn(), p.isRequired(), type, itemType, p.isExplode(), p.getSchema(),
        validator);
  }

  private static boolean isMethod(String key) {
    return Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(key);
  }

  private static String[] segments(String path) {
    return PathTemplate.segments(path);
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeys(Map<Object, Object> yaml) {
    Map<String, Object> json = new LinkedHashMap<>();
    yaml.forEach((k, v) -> json.put(String.valueOf(k), v instanceof Map<?, ?> m ? stringKeys((Map<Object, Object>) m)
        : v instanceof List<?> l ? stringKeys(l) : v));
    return json;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> stringKeys(List<?> list) {
    List<Object> out = new ArrayList<>(list.size());
    for (Object v : list) {
      out.add(v instanceof Map<?, ?> m ? stringKeys((Map<Object, Object>) m) : v instanceof List<?> l ? stringKeys(l) : v);
    }
    return out;
  }

  /** Safe YAML whose unquoted dates stay text, as JSON has no date type. */
  private static final class TimestampsAsText extends SafeConstructor {
    TimestampsAsText() {
      super(new LoaderOptions());
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }
  }
}
